"""Downloading the report from its page: /bao-cao/<pk>/tai-ve.docx|pdf|html, with the
same permission as the page (404 for another commune's report)."""

from __future__ import annotations

import shutil

import pytest
from django.urls import reverse

from baocao.accounts.models import Membership
from tests.documents.helpers import open_docx
from tests.factories import demo_report, make_user

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def clerk(client, db):
    client.force_login(make_user("11002", Membership.CLERK))
    return client


def url(report, fmt: str) -> str:
    return reverse("report_document", args=[report.pk, fmt])


def test_the_report_page_links_the_three_formats(clerk):
    report = demo_report("11002", "2025-11")
    page = clerk.get(reverse("report", args=[report.pk])).content.decode()
    for fmt in ("docx", "pdf", "html"):
        assert f'href="/bao-cao/{report.pk}/tai-ve.{fmt}"' in page
    assert 'class="document doc-ubnd"' in page  # the preview is the shared template


def test_docx_download(clerk):
    report = demo_report("11002", "2025-11")
    response = clerk.get(url(report, "docx"))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-thang-11-2025-phuong-thach-khoi.docx"'
    )
    document = open_docx(response.content)
    assert document.tables[0].cell(0, 0).paragraphs[1].text == "PHƯỜNG THẠCH KHÔI"


def test_html_download(clerk):
    response = clerk.get(url(demo_report("11002", "2025-11"), "html"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content.decode().startswith("<!doctype html>")


@pytest.mark.pdf
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_download(clerk):
    response = clerk.get(url(demo_report("11002", "2025-11"), "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_pdf_without_libreoffice_returns_to_the_page_with_the_message(clerk, monkeypatch):
    monkeypatch.setenv("BAOCAO_SOFFICE", "/khong/co/soffice")
    report = demo_report("11002", "2025-11")
    response = clerk.get(url(report, "pdf"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("report", args=[report.pk])
    assert "Chưa cài LibreOffice nên không xuất được PDF" in response.content.decode()


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_another_communes_report_is_not_found(clerk, fmt):
    other = demo_report("11086", "2025-10", "dang-monthly")
    assert clerk.get(url(other, fmt)).status_code == 404


def test_an_unknown_format_is_not_a_page(clerk):
    report = demo_report("11002", "2025-11")
    assert clerk.get(f"/bao-cao/{report.pk}/tai-ve.odt").status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, db):
    response = client.get(url(demo_report("11002", "2025-11"), "docx"))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]
