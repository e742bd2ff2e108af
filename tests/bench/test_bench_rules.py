"""Evaluating every rule of one report and of the whole city's month (issue targets:
one report under 20 ms, the city's 114 reports under 2 s, also at BENCH_SCALE=4: four
months of the city's reports, 456, checked in one call, still under 2 s)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baocao.catalog.periods import Period
from baocao.reports.models import Report
from baocao.rules.engine import check_report, check_reports, current_ruleset
from tests.bench.timing import below, expect, measure, scale


@pytest.mark.bench
def test_bench_rules_one_report_and_the_city(db):
    current_ruleset()  # compiled once, as a running server has
    report = Report.objects.get(unit__code="11560", period="2025-11", template__code="ubnd-monthly")
    one = measure(lambda: check_report(report), runs=50)

    n = scale()
    last = Period.month(2025, 11)
    months = [last.shift(-i).key for i in range(n)]
    city = list(
        Report.objects.filter(period__in=months, template__code="ubnd-monthly").select_related(
            "template"
        )
    )
    assert len(city) == 114 * n
    with CaptureQueriesContext(connection) as queries:
        results = check_reports(city)
    findings = sum(len(f) for f in results.values())
    whole = measure(lambda: check_reports(city), runs=5)
    print(f"\n{len(city)} reports: {findings} findings, {len(queries)} queries")
    expect(
        below("rules, one report", one, 20),
        below(f"rules, {len(city)} reports ({n}× the city's month), one call", whole, 2000),
    )
    # The history is read once for all reports, not once per report.
    assert len(queries) < 10
