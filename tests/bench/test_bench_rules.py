"""Evaluating every rule of one report and of the whole city's month
(issue targets: one report under 20 ms, 114 reports under 2 s)."""

import statistics
import time

import pytest

from baocao.reports.models import Report
from baocao.rules.engine import check_report, check_reports, current_ruleset


@pytest.mark.bench
def test_bench_rules_one_report_and_the_city(db):
    current_ruleset()  # compile once, as a running server has
    report = Report.objects.get(unit__code="11560", period="2025-11", template__code="ubnd-monthly")
    runs = []
    for _ in range(50):
        started = time.perf_counter()
        check_report(report)
        runs.append(time.perf_counter() - started)
    one = statistics.median(runs) * 1000
    city = list(
        Report.objects.filter(period="2025-11", template__code="ubnd-monthly").select_related(
            "template"
        )
    )
    started = time.perf_counter()
    results = check_reports(city)
    all_114 = time.perf_counter() - started
    findings = sum(len(f) for f in results.values())
    print(f"\nrules, one report (median of 50): {one:.1f} ms (target < 20 ms)")
    print(
        f"rules, {len(city)} reports of 2025-11: {all_114:.2f} s, {findings} findings (target < 2 s)"
    )
    assert len(city) == 114
    assert one < 20 and all_114 < 2
