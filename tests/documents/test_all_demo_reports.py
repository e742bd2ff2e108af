"""Every demo report of a month renders as a draft, DOCX and HTML, without error: the
114 communes x 2 templates of tháng 11/2025, whatever their figures and gaps."""

from __future__ import annotations

import zipfile
from io import BytesIO

from lxml import etree

from baocao.documents.docx import render_docx
from baocao.documents.html import render_html
from baocao.documents.model import build_document
from baocao.reports.models import Report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_every_report_of_the_month_renders_as_docx_and_html(db):
    reports = Report.objects.filter(period="2025-11").select_related("unit", "template")
    assert reports.count() == 228
    for report in reports:
        doc = build_document(report, final=False)
        with zipfile.ZipFile(BytesIO(render_docx(doc))) as package:
            body = etree.fromstring(package.read("word/document.xml"))
            notes = package.namelist().count("word/footnotes.xml")
        text = "".join(body.itertext())
        assert report.unit.short_name.upper() in text, report
        references = len(list(body.iter(f"{W}footnoteReference")))
        assert references == len(doc.footnotes) and notes == (1 if references else 0), report
        html = render_html(doc)
        assert report.unit.short_name.upper() in html and html.count('<li id="fn') == references
