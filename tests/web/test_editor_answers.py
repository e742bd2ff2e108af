"""The answer to a save shows the same pieces as the editor page opened right after it:
the summary counts, the outline with every section's error count and the findings of
the section on screen. A save builds only what its answer shows (issue 18); these
tests fail if that lighter path forgets something the whole page would show."""

import json
import re

import pytest
from django.urls import reverse

from baocao.accounts.models import Membership
from baocao.reports.editing import figure_version
from baocao.reports.models import Block
from baocao.rules.models import Rule
from baocao.rules.text import report_findings
from tests.factories import demo_draft, make_user

HTMX = {"HTTP_HX_REQUEST": "true"}
PIECES = re.compile(
    r'<span id="summary".*?</span>'
    r'|<nav id="outline".*?</nav>'
    r'|<div class="fig-findings" id="ff-.*?</div>'
    r'|<ul class="findings" id="bf-.*?</ul>'
    r'|<span id="chg-.*?</span>',
    re.DOTALL,
)
ID = re.compile(r'id="([^"]+)"')


def pieces(html: str) -> dict[str, str]:
    """The summary, the outline and the findings and changes shown, by element id, as
    they read on the page (the answer swaps them in out of band)."""
    found = {}
    for match in PIECES.finditer(html):
        text = match.group(0).replace(' hx-swap-oob="true"', "")
        found[ID.search(text).group(1)] = text
    return found


def page_pieces(client, report, section) -> dict[str, str]:
    url = reverse("report_editor", args=[report.pk])
    return pieces(client.get(url, {"muc": section.pk}).content.decode())


def section_of(report, code):
    return next(s for s in report.sections.all() if code in s.indicators)


def badge(outline: str, section) -> str:
    """The error badge of a section in the outline ("" without errors)."""
    item = outline.split(f'href="?muc={section.pk}"', 1)[1].split("</a>", 1)[1]
    found = re.match(r' <span class="badge error" title="(\d+) lỗi">', item)
    return found.group(1) if found else ""


@pytest.fixture
def clerk(db):
    return make_user("11560", Membership.CLERK)


@pytest.fixture
def draft(db):
    return demo_draft()


def test_a_rule_across_sections_counts_in_the_other_section_of_the_answer(client, clerk, draft):
    Rule.objects.create(
        code="test.across",
        title="Hộ kinh doanh mới không vượt số hồ sơ tiếp nhận",
        kind=Rule.EXPRESSION,
        severity=Rule.ERROR,
        expression="dkkd.new <= tthc.received",
        message="Hộ kinh doanh mới ({{dkkd.new}}) nhiều hơn số hồ sơ tiếp nhận.",
    )
    here, there = section_of(draft, "dkkd.new"), section_of(draft, "tthc.received")
    assert here.pk != there.pk
    client.force_login(clerk)
    url = reverse("save_figure", args=[draft.pk, "dkkd.new"])
    data = {"value": "987654", "version": figure_version(draft, "dkkd.new"), "section": here.pk}
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    answer = pieces(response.content.decode())

    # The section's own findings, under the figure the rule is about.
    assert "Hộ kinh doanh mới (987.654) nhiều hơn" in answer["ff-dkkd-new"]
    # The summary counts every finding of the report, as validation does.
    findings = report_findings(draft)
    errors = sum(f.is_error for f in findings)
    assert f">{errors} lỗi</a>" in answer["summary"]
    assert f">{len(findings) - errors} cảnh báo</a>" in answer["summary"]
    # The other section's count in the outline has the rule too.
    assert badge(answer["outline"], there) == "1"
    events = json.loads(response["HX-Trigger"])
    assert {"dkkd.new", "tthc.received"} <= set(events["baocao:marks"]["errors"])

    # Every piece of the answer reads as on the page, and none of the page's is missing.
    page = page_pieces(client, draft, here)
    assert answer == {key: page[key] for key in answer}
    shown = {key for key in page if key.startswith(("ff-", "bf-", "chg-"))}
    assert shown and shown <= set(answer)


def test_a_paragraph_save_answers_with_its_findings_and_the_outline(client, clerk, draft):
    client.force_login(clerk)
    section = section_of(draft, "dkkd.new")
    block = section.blocks.filter(kind=Block.PARAGRAPH).order_by("position").first()
    text = f"{block.text} Có {{{{tthc.received}}}} hồ sơ và {{{{khong.co.ma}}}} hộ."
    url = reverse("save_block", args=[draft.pk, block.pk])
    data = {"text": text, "version": block.version, "section": section.pk}
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    answer = pieces(html)

    assert "khong.co.ma" in answer[f"bf-{block.pk}"]  # the unknown code, an error
    errors = sum(f.is_error for f in report_findings(draft))
    assert errors and f">{errors} lỗi</a>" in answer["summary"]
    assert badge(answer["outline"], section)  # the section's count has it
    # The paragraph as read, with the figure as a field bound to its version.
    version = figure_version(draft, "tthc.received")
    assert f'data-code="tthc.received" data-version="{version}"' in html

    page = page_pieces(client, draft, section)
    assert answer == {key: page[key] for key in answer}
    shown = {key for key in page if key.startswith(("ff-", "bf-", "chg-"))}
    assert shown and shown <= set(answer)
