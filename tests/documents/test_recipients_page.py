"""Nơi nhận page (/bao-cao/<id>/noi-nhan/): the unit's clerk edits the report's own
list of recipients; the document prints it; others cannot."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baocao.accounts.models import Membership
from baocao.documents.services import render_report
from baocao.reports.models import AuditEntry, Report
from tests.documents.helpers import open_docx
from tests.factories import demo_draft, make_user


@pytest.fixture
def report(db):
    return demo_draft("11560", "2025-11")


def url(report) -> str:
    return reverse("report_recipients", args=[report.pk])


def test_the_clerk_edits_the_list_and_the_document_prints_it(client, report):
    clerk = make_user("11560", Membership.CLERK)
    client.force_login(clerk)
    page = client.get(url(report)).content.decode()
    assert "Các cơ quan chuyên môn, đơn vị trực thuộc;" in page  # the template's default
    text = "- UBND thành phố (*để báo cáo*);\n\n- Các đơn vị thuộc phường;\n- Lưu: VT.\n"
    response = client.post(url(report), {"recipients": text})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.recipients == [
        "UBND thành phố (*để báo cáo*);",
        "Các đơn vị thuộc phường;",
        "Lưu: VT.",
    ]
    entry = AuditEntry.objects.filter(report=report, target="recipients").get()
    assert entry.user == clerk and "Lưu: VT." in entry.new
    cell = open_docx(render_report(report, "docx", final=False)).tables[-1].cell(0, 0)
    assert "- Các đơn vị thuộc phường;" in [p.text for p in cell.paragraphs]


def test_an_empty_list_is_refused_in_vietnamese(client, report):
    client.force_login(make_user("11560", Membership.CLERK))
    page = client.post(url(report), {"recipients": " \n - \n"}).content.decode()
    assert "Cần ít nhất một nơi nhận" in page
    report.refresh_from_db()
    assert report.recipients == []


def test_an_approved_report_or_another_commune_cannot_change_it(client, report):
    Report.objects.filter(pk=report.pk).update(status=Report.APPROVED)
    client.force_login(make_user("11560", Membership.CLERK))
    client.post(url(report), {"recipients": "Lưu: VT."})
    report.refresh_from_db()
    assert report.recipients == []
    client.force_login(make_user("11002", Membership.CLERK))
    assert client.get(url(report)).status_code == 404
    assert client.post(url(report), {"recipients": "Lưu: VT."}).status_code == 404
