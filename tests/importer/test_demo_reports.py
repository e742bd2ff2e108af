"""Reports nobody tuned the lexicon on: demo reports as the documents app renders
them (DOCX with real footnotes, prose written by the demo's templates), read back
by the importer. Every fact found must be a value the report stores."""

from decimal import Decimal

import pytest
from django.conf import settings

from baocao.importer.extract import extract

pytestmark = pytest.mark.skipif(
    not settings.configured, reason="needs Django and its test database (pytest-django)"
)

CASES = [
    ("11002", "2025-11", "ubnd-monthly"),
    ("11086", "2025-10", "dang-monthly"),
    ("11560", "2025-06", "ubnd-monthly"),
    ("11311", "2025-03", "dang-monthly"),
]


def _stored(report) -> dict[str, Decimal]:
    return {v.indicator.code: v.value for v in report.values.select_related("indicator")}


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "period", "template"), CASES)
def test_a_rendered_demo_report_reads_back(code, period, template, capsys):
    from baocao.documents.services import render_report
    from tests.factories import demo_report

    report = demo_report(code, period, template)
    x = extract(render_report(report, "docx", final=False), "report.docx", rules=False)
    stored = _stored(report)
    found = {f.code: f.value for f in x.facts}
    wrong = {c: (v, stored.get(c)) for c, v in found.items() if stored.get(c) != v}
    with capsys.disabled():
        print(
            f"\n{code} {period} {template}: {len(found) - len(wrong)}/{len(found)} facts right, "
            f"wrong: {wrong}"
        )
    assert x.document.unit_code == code
    assert x.document.period == period
    assert x.document.issuer == ("ubnd" if template.startswith("ubnd") else "dang")
    assert x.source.footnotes and all(n.anchor is not None for n in x.source.footnotes)
    assert len(found) >= 10 and len(wrong) <= 0.05 * len(found), wrong
