"""A photo of a page uploaded on /nhap/: its figures are proposed with their OCR
confidence and none is kept by default; saving without a decision on each is refused
and stores nothing."""

from __future__ import annotations

import re
import shutil

import pytest
from django.urls import reverse

from baocao.importer import convert, ocr
from baocao.reports.models import Report
from tests.factories import make_unit
from tests.importer.test_formats import PAGE, _page_png
from tests.importer.test_upload_page import clerk_client, upload

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.pdf,
    pytest.mark.skipif(
        convert.soffice() is None or not ocr.available() or shutil.which("pdftoppm") is None,
        reason="LibreOffice, tesseract-ocr-vie or poppler-utils not installed",
    ),
]


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def test_ocr_figures_are_never_stored_without_a_look(tmp_path):
    unit = make_unit()
    client = clerk_client(unit)
    response = upload(client, unit, _page_png(tmp_path, PAGE), name="trang-1.png")
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Bản quét: chữ đọc bằng nhận dạng ký tự (OCR)" in html
    rows = re.findall(r'name="value-(\d+)" value="([^"]*)"', html)
    assert len(rows) >= 2
    assert "độ tin cậy" in html
    assert not re.search(r'value="keep" checked', html)  # no figure kept by default

    values = {f"value-{i}": v for i, v in rows}
    refused = client.post(response["Location"], values)
    assert refused.status_code == 400
    assert "đọc từ bản quét (OCR)" in refused.content.decode()
    assert not Report.objects.filter(unit=unit).exists()

    decided = {**values, **{f"decision-{i}": "keep" for i, _ in rows}}
    saved = client.post(response["Location"], decided)
    assert saved.status_code == 302
    report = Report.objects.get(unit=unit, period="2026-05")
    assert report.values.get(indicator__code="tthc.received").value == 1204
    assert reverse("report_editor", args=[report.pk]) in saved["Location"]
