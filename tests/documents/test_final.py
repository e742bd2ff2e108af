"""A final document is the approved report: a draft carries "DỰ THẢO" in its header
and across its pages and prints no number; the final one is refused for a report not
approved or with an error; the last body paragraph stays with the signature; the
final PDF is PDF/A-2b; Nơi nhận is the report's own list."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from baocao.documents.errors import DocumentError
from baocao.documents.services import render_report
from baocao.reports.models import Report
from tests.documents.helpers import open_docx
from tests.documents.test_render_command import render
from tests.factories import demo_report

needs_pdf = [
    pytest.mark.pdf,
    pytest.mark.skipif(
        not (shutil.which("soffice") and shutil.which("pdftotext")),
        reason="LibreOffice and poppler-utils are not installed (sudo make system-deps)",
    ),
]


def with_status(report: Report, status: str, number: str = "") -> Report:
    Report.objects.filter(pk=report.pk).update(status=status, number=number)
    report.refresh_from_db()
    return report


def header_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "".join(
            package.read(n).decode() for n in package.namelist() if n.startswith("word/header")
        )


def test_a_draft_is_marked_in_the_header_and_across_every_page_and_has_no_number(db):
    report = with_status(demo_report("11002", "2025-11"), Report.SUBMITTED, number="77")
    data = render_report(report, "docx", final=False)
    document = open_docx(data)
    section = document.sections[0]
    for header in (section.first_page_header, section.header):
        assert "DỰ THẢO" in [p.text.strip() for p in header.paragraphs]
    xml = header_xml(data)
    assert len(re.findall(r'<v:textpath [^>]*string="DỰ THẢO"', xml)) == 2  # the watermark
    number = document.tables[0].cell(1, 0).text
    assert number.startswith("Số:") and "77" not in number


def test_an_approved_report_has_its_number_and_no_draft_mark(db):
    report = demo_report("11086", "2025-10", "dang-monthly")
    assert report.status in Report.LOCKED and report.number
    data = render_report(report, "docx", final=True)
    assert "DỰ THẢO" not in header_xml(data)
    left = [p.text for p in open_docx(data).tables[0].cell(0, 0).paragraphs]
    assert f"Số {report.number}-BC/ĐU" in left


def test_the_final_render_of_an_unapproved_report_is_refused_in_vietnamese(db, tmp_path):
    with_status(demo_report("11560", "2025-11"), Report.SUBMITTED)
    target = tmp_path / "x.docx"
    code, _, err = render("--unit", "11560", "--period", "2025-11", "--out", str(target))
    assert code == 1 and not target.exists()
    assert err.startswith("Lỗi: Báo cáo chưa được lãnh đạo duyệt (đang ở trạng thái «đã trình")
    assert "--draft" in err
    code, out, _ = render("--unit", "11560", "--period", "2025-11", "--out", str(target), "--draft")
    assert code == 0 and target.exists() and "bản nháp" in out


def test_a_final_document_refuses_an_error_finding(db):
    # Phường Hồng Bàng, 11/2025: revenue 120 triệu short of own + transfer (demo/load.py).
    report = with_status(demo_report("11311", "2025-11"), Report.APPROVED, number="5")
    with pytest.raises(DocumentError) as refused:
        render_report(report, "docx", final=True)
    assert str(refused.value).startswith("Báo cáo còn 1 lỗi số liệu nên chưa xuất được")
    assert "ngansach" in str(refused.value) or "thu ngân sách" in str(refused.value).lower()
    assert render_report(report, "docx", final=False)  # the draft still renders


def test_the_html_draft_is_marked_too(db):
    html = render_report(demo_report("11002", "2025-11"), "html", final=False).decode()
    assert 'class="draft-mark"' in html and "DỰ THẢO" in html
    approved = demo_report("11086", "2025-10", "dang-monthly")
    assert "DỰ THẢO" not in render_report(approved, "html", final=True).decode()


def test_the_last_body_paragraph_is_kept_with_the_signature_block(db):
    data = render_report(demo_report("11086", "2025-10", "dang-monthly"), "docx", final=True)
    body = open_docx(data).element.body
    footer = body.findall(qn("w:tbl"))[-1]
    last = footer.getprevious()
    while not "".join(last.itertext()).strip():
        assert last.pPr.keepNext is not None
        last = last.getprevious()
    assert "".join(last.itertext()).startswith("11. Thực hiện tốt công tác tiếp dân")
    assert last.pPr.keepNext is not None


def test_the_reports_own_recipients_are_printed_with_their_italics(db):
    report = demo_report("11560", "2025-11")
    Report.objects.filter(pk=report.pk).update(
        recipients=["UBND thành phố (*để báo cáo*);", "Các đơn vị thuộc phường;", "Lưu: VT."]
    )
    report.refresh_from_db()
    cell = open_docx(render_report(report, "docx", final=False)).tables[-1].cell(0, 0)
    lines = [p for p in cell.paragraphs if p.text.strip()]
    assert [p.text for p in lines] == [
        "Nơi nhận:",
        "- UBND thành phố (để báo cáo);",
        "- Các đơn vị thuộc phường;",
        "- Lưu: VT.",
    ]
    italic = [r.text for r in lines[1].runs if r.italic]
    assert italic == ["để báo cáo"]


@pytest.fixture(scope="module")
def party_pdf(django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        report = demo_report("11086", "2025-10", "dang-monthly")
        path = tmp_path_factory.mktemp("pdf") / "dai-son.pdf"
        render_report(report, path, final=True)
    return path


def pdfa_id(reader: PdfReader) -> tuple[str | None, str | None]:
    """The PDF/A identification of the XMP metadata (part, conformance), written as
    elements (LibreOffice) or attributes (pyHanko's rewrite)."""
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    found = [re.search(rf'pdfaid:{name}(?:>|=")([^<"]+)', xmp) for name in ("part", "conformance")]
    return tuple(m.group(1) if m else None for m in found)


def pdftotext(path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


@needs_pdf[0]
@needs_pdf[1]
def test_the_last_pdf_page_of_the_party_report_holds_body_text(party_pdf):
    pages = len(PdfReader(party_pdf).pages)
    text = " ".join(pdftotext(party_pdf, pages).split())
    assert "Thực hiện tốt công tác tiếp dân định kỳ" in text
    assert text.index("tiếp dân định kỳ") < text.index("Nơi nhận") < text.index("Trương Thị Toan")


@needs_pdf[0]
@needs_pdf[1]
def test_the_final_pdf_is_pdf_a_2b_with_every_font_embedded(party_pdf):
    reader = PdfReader(party_pdf)
    assert pdfa_id(reader) == ("2", "B")
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            fonts[font["/BaseFont"]] = any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values()), fonts
