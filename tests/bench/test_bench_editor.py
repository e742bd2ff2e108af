"""The editor's server time with the demo data, through the views (session, CSRF and
htmx middleware): saving one figure and getting its findings back (issue 5: under
50 ms median); adding a paragraph and saving rich text (issue 11: under 100 ms median;
issue 18: a save under 50 ms median and 150 ms p95); the editor page of the largest
demo report (under 300 ms). Each line says median, p95, the number of runs, CPU time
and the queries of one run, and goes into the table printed at the end of `make bench`
(tests/bench/timing.py)."""

import json
import os
import statistics

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baocao import vn
from baocao.accounts.models import Membership
from baocao.rules.engine import current_ruleset
from tests.bench.timing import Target, Timing, below, expect, measure
from tests.factories import demo_draft, make_user

RUNS = 40


def queries_of(work) -> int:
    with CaptureQueriesContext(connection) as captured:
        work()
    return len(captured.captured_queries)


def p95_below(what: str, timing: Timing, limit_ms: float, queries: int) -> Target:
    """A p95 target: on wall time, or on CPU time when other processes hold the cores
    (as timing.below does for medians)."""
    cpu_p95 = statistics.quantiles(timing.cpu, n=20, method="inclusive")[-1] * 1000
    measured = f"{timing}; CPU p95 {cpu_p95:.1f} ms; {queries} queries"
    met = timing.p95_ms < limit_ms
    if not met and os.getloadavg()[0] > (os.cpu_count() or 1) and cpu_p95 < limit_ms:
        measured += f"; met on CPU time, load average {os.getloadavg()[0]:.1f}"
        met = True
    return Target(what, f"p95 < {limit_ms:g} ms", measured, met)


def with_queries(target: Target, queries: int) -> Target:
    target.measured += f"; {queries} queries"
    return target


@pytest.mark.bench
def test_bench_save_a_figure_and_its_findings(client, db):
    report = demo_draft()
    client.force_login(make_user("11560", Membership.CLERK))
    right = vn.format_number(report.values.get(indicator__code="dkkd.new").value)
    section = next(s for s in report.sections.all() if "dkkd.new" in s.indicators)
    url = reverse("save_figure", args=[report.pk, "dkkd.new"])
    current_ruleset()  # compiled once, as in a running server
    state = {"version": report.values.get(indicator__code="dkkd.new").version, "i": 0, "seen": 0}

    def save():
        state["i"] += 1
        value = "500" if state["i"] % 2 else right  # every other save breaks a breakdown
        data = {"value": value, "section": section.pk, "version": state["version"]}
        response = client.post(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        state["version"] = json.loads(response["HX-Trigger"])["baocao:figure"]["version"]
        state["seen"] += "các thành phần cộng lại lớn hơn" in response.content.decode()

    timing = measure(save, RUNS, warm=2)
    assert state["seen"] >= RUNS // 2  # the findings come back with the save
    queries = queries_of(save)
    what = "editor: save one figure, its findings back"
    expect(
        with_queries(below(what, timing, 50), queries),
        p95_below(what, timing, 150, queries),
    )


def largest_report():
    """The demo report with the most blocks, open for writing (a draft shows every
    editing control, the heaviest page)."""
    from django.db.models import Count

    from baocao.reports.models import Report

    report = (
        Report.objects.annotate(n=Count("sections__blocks"))
        .order_by("-n", "pk")
        .select_related("unit")
        .first()
    )
    Report.objects.filter(pk=report.pk).update(status=Report.DRAFT)
    report.status = Report.DRAFT
    return report


@pytest.mark.bench
def test_bench_add_a_paragraph_and_save_rich_text(client, db):
    from baocao.reports.models import Block

    report = largest_report()
    client.force_login(make_user(report.unit, Membership.CLERK))
    section = max(report.sections.all(), key=lambda s: s.blocks.count())
    current_ruleset()
    add_url = reverse("add_block", args=[report.pk, section.pk])
    state = {"i": 0}

    def add():
        section.refresh_from_db(fields=["version"])
        data = {"kind": "paragraph", "version": section.version, "section": section.pk}
        response = client.post(add_url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        state["block"] = Block.objects.filter(section=section).order_by("-pk").first()

    def save():
        state["i"] += 1
        block = state["block"]
        text = (
            f"Lần {state['i']}: **tiếp nhận** {{{{tthc.received}}}} hồ sơ, *giải quyết đúng "
            f"hạn* {{{{tthc.resolved.on_time}}}} hồ sơ, __trực tuyến__ {{{{tthc.online.rate}}}}%."
        )
        response = client.post(
            reverse("save_block", args=[report.pk, block.pk]),
            {"text": text, "version": block.version, "section": section.pk},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        assert "<strong>tiếp nhận</strong>" in response.content.decode()
        block.version = json.loads(response["HX-Trigger"])["baocao:block"]["version"]

    # The refresh of the section's version is the test's own bookkeeping, inside the
    # timed call: one cheap query, counted against the view.
    adding = measure(add, RUNS // 2, warm=1)
    add_queries = queries_of(add)
    saving = measure(save, RUNS, warm=1)
    save_queries = queries_of(save)
    what_add = f"editor: add a paragraph ({report.unit.name}, largest demo report)"
    what_save = "editor: save a paragraph of rich text with 3 figures"
    expect(
        with_queries(below(what_add, adding, 100), add_queries),
        with_queries(below(what_save, saving, 50), save_queries),
        p95_below(what_save, saving, 150, save_queries),
    )


@pytest.mark.bench
def test_bench_editor_page_of_the_largest_report(client, db):
    report = largest_report()
    client.force_login(make_user(report.unit, Membership.CLERK))
    section = max(report.sections.all(), key=lambda s: s.blocks.count())
    url = reverse("report_editor", args=[report.pk])
    current_ruleset()

    def page():
        response = client.get(url, {"muc": section.pk})
        assert response.status_code == 200 and "+ Đoạn văn" in response.content.decode()

    timing = measure(page, 20, warm=1)
    queries = queries_of(page)
    what = f"editor page of the largest demo report ({report.unit.name})"
    expect(with_queries(below(what, timing, 300), queries))
