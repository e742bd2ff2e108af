"""PDF through LibreOffice: converted from the same DOCX, read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from baocao.documents.docx import render_docx
from baocao.documents.pdf import render_pdf
from tests.documents.helpers import demo_document

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(
        not (shutil.which("soffice") and shutil.which("pdftotext")),
        reason="LibreOffice and poppler-utils are not installed (sudo make system-deps)",
    ),
]


def page_text(pdf: bytes, page: int, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


@pytest.fixture
def ubnd_pdf(db):
    doc = demo_document("11002", "2025-11", issued_on=date(2026, 2, 5))
    return render_pdf(render_docx(doc))


def test_page_one_has_the_header_title_and_its_footnote_at_the_bottom(ubnd_pdf, tmp_path):
    assert ubnd_pdf.startswith(b"%PDF")
    lines = [line.strip() for line in page_text(ubnd_pdf, 1, tmp_path).splitlines() if line.strip()]
    assert " ".join(lines[0].split()) == "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert "PHƯỜNG THẠCH KHÔI" in lines[1] and "Độc lập - Tự do - Hạnh phúc" in lines[1]
    assert "Số:" in lines[2] and "Thạch Khôi, ngày 05 tháng 02 năm 2026" in lines[2]
    assert lines[3] == "BÁO CÁO"
    assert "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ" in lines
    # Footnote 1 is a real note: its text is the last thing on the page, under the body.
    tail = " ".join(lines[-3:])
    assert "11 hộ giải thể, phá sản, xóa tên hộ kinh doanh" in tail
    assert not lines[0].isdigit()  # no page number on page 1


def test_page_two_is_numbered_at_the_top(ubnd_pdf, tmp_path):
    lines = [line.strip() for line in page_text(ubnd_pdf, 2, tmp_path).splitlines() if line.strip()]
    assert lines[0] == "2"


def test_two_conversions_at_once_both_produce_a_pdf(db):
    """Each conversion has its own LibreOffice profile; a shared one silently loses one."""
    docs = [demo_document("11560", "2025-11"), demo_document("11086", "2025-10", "dang-monthly")]
    data = [render_docx(doc) for doc in docs]
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(render_pdf, data))
    assert all(pdf.startswith(b"%PDF") and len(pdf) > 10_000 for pdf in pdfs)
