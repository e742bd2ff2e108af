"""The PDF reader: the text layer, footnote marks told from figures, notes at the
foot of the page; scanned and password-protected PDFs refused."""

import io

import pytest
from pypdf import PdfReader, PdfWriter

from baocao.importer.errors import ImportRefused
from baocao.importer.extract import extract
from baocao.importer.readers import pdf
from tests.importer.make import docx_bytes, docx_to_pdf, has_soffice, seed_as_docx, seed_text

needs_soffice = pytest.mark.skipif(not has_soffice(), reason="LibreOffice (soffice) not installed")


def _blank_pdf(pages: int = 2, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if password:
        writer.encrypt(user_password=password, owner_password="chủ")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_of_blank_pages_is_read_by_ocr_and_refused_as_empty():
    with pytest.raises(ImportRefused, match="(?i)bản quét"):
        pdf.read(_blank_pdf())


def test_a_password_protected_pdf_is_refused():
    with pytest.raises(ImportRefused, match="mật khẩu"):
        pdf.read(_blank_pdf(password="bimat"))


def test_a_damaged_pdf_is_refused():
    with pytest.raises(ImportRefused, match="PDF hỏng"):
        pdf.read(b"%PDF-1.7\n" + b"\x00garbage" * 100)


@pytest.mark.pdf
@needs_soffice
def test_footnote_marks_are_not_read_as_figures(tmp_path):
    data = docx_to_pdf(
        docx_bytes(
            "Trung tâm Phục vụ hành chính công tiếp nhận 19 hồ sơ thuộc lĩnh vực đất đai"
            "[^8 hồ sơ đính chính, 11 hồ sơ chuyển mục đích] trong tháng.",
            "Báo cáo tháng 10 năm 2025 của Ủy ban nhân dân xã về công tác đất đai.",
        ),
        tmp_path,
    )
    source = pdf.read(data)
    assert "lĩnh vực đất đai trong tháng" in source.text  # no stray "1"
    (note,) = source.footnotes
    assert note.text == "8 hồ sơ đính chính, 11 hồ sơ chuyển mục đích"
    assert source.text[: note.anchor].endswith("lĩnh vực đất đai")


@pytest.mark.pdf
@needs_soffice
def test_a_seed_as_pdf_reads_as_the_seed(tmp_path):
    name = "002_c69ecaed7d58e06f"
    from_pdf = extract(docx_to_pdf(seed_as_docx(name), tmp_path), "report.pdf", rules=False)
    from_txt = extract(seed_text(name).encode(), "report.txt", rules=False)
    assert from_pdf.source.text.split() == from_txt.source.text.split()
    assert [n.text for n in from_pdf.source.footnotes] == [
        n.text for n in from_txt.source.footnotes
    ]
    assert {(f.code, f.value) for f in from_pdf.facts} == {
        (f.code, f.value) for f in from_txt.facts
    }


@pytest.mark.pdf
@needs_soffice
def test_a_pdf_with_only_an_owner_password_is_read(tmp_path):
    data = docx_to_pdf(docx_bytes(*seed_text("000_a74f68ec347e13c9").split("\n")[:40]), tmp_path)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="", owner_password="chủ")
    out = io.BytesIO()
    writer.write(out)
    assert "Đại Sơn" in pdf.read(out.getvalue()).text
