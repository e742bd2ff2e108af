"""Saving one figure in the editor and getting its findings back (issue 5: under
50 ms median, server side, with the demo data)."""

import statistics
import time

import pytest
from django.urls import reverse

from baocao import vn
from baocao.accounts.models import Membership
from baocao.rules.engine import current_ruleset
from tests.factories import demo_draft, make_user


@pytest.mark.bench
def test_bench_save_a_figure_and_its_findings(client, db):
    report = demo_draft()
    client.force_login(make_user("11560", Membership.CLERK))
    right = vn.format_number(report.values.get(indicator__code="dkkd.new").value)
    section = next(s for s in report.sections.all() if "dkkd.new" in s.indicators)
    url = reverse("save_figure", args=[report.pk, "dkkd.new"])
    current_ruleset()  # compiled once, as in a running server
    client.post(url, {"value": right, "section": section.pk}, HTTP_HX_REQUEST="true")
    runs, cpu, finding_seen = [], [], 0
    for i in range(50):
        value = "500" if i % 2 else right  # every other save breaks dkkd.total's breakdown
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.post(url, {"value": value, "section": section.pk}, HTTP_HX_REQUEST="true")
        runs.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200
        finding_seen += "các thành phần cộng lại lớn hơn" in response.content.decode()
    median = statistics.median(runs) * 1000
    print(
        f"\neditor, save one figure and return its findings (median of 50, through the "
        f"view with session and CSRF middleware): {median:.1f} ms "
        f"(p90 {statistics.quantiles(runs, n=10)[-1] * 1000:.1f} ms; target < 50 ms); "
        f"CPU time {statistics.median(cpu) * 1000:.1f} ms (wall time grows when other "
        "processes share the CPU)"
    )
    assert finding_seen == 25
    assert median < 50
