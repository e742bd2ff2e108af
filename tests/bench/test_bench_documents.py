"""Rendering reports to DOCX (issue 4 targets: one report under 150 ms, the city's 114
reports of a month under 15 s on this machine). Times include reading the report from
the database and laying it out (build_document), as the command and the web do."""

import pytest

from baocao.documents.docx import render_docx
from baocao.documents.model import build_document
from baocao.reports.models import Report
from tests.bench.timing import below, expect, measure
from tests.factories import demo_report


def render(report: Report) -> bytes:
    return render_docx(build_document(report, final=False))


@pytest.mark.bench
def test_bench_one_report_to_docx(db):
    report = demo_report("11002", "2025-11")
    timing = measure(lambda: render(report), runs=20)  # warm: each format's blank page
    expect(below("DOCX: one report (build + render)", timing, 150))


@pytest.mark.bench
def test_bench_all_114_reports_of_a_month_to_docx(db):
    reports = list(
        Report.objects.filter(period="2025-11", template__code="ubnd-monthly").select_related(
            "unit", "template"
        )
    )
    assert len(reports) == 114
    sizes = []
    timing = measure(lambda: sizes.append(sum(len(render(r)) for r in reports)), runs=3)
    print(f"\n114 DOCX: {sizes[-1] / 1e6:.1f} MB")
    expect(below("DOCX: the city's 114 reports of a month, in process", timing, 15_000))
