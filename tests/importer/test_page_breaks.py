"""A paragraph continued across a page break is one paragraph: in a text copied out
of Word (its notes in between), in a scan, and in the app's own PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from baocao.importer import convert
from baocao.importer.extract import extract
from baocao.importer.readers import pdf, txt
from tests.importer.make import SEED_NAMES, docx_bytes, docx_to_pdf, seed_text


def _paragraph_with(source, words: str) -> str:
    return next(
        source.paragraph_text(p) for p in source.paragraphs if words in source.paragraph_text(p)
    )


@pytest.mark.parametrize(
    ("name", "joined"),
    [
        (SEED_NAMES[0], "tại khu Phú Tảo, hiện nay UBND phường đang phối hợp"),
        (SEED_NAMES[1], "Phát thanh, Truyền hình Hải Phòng về công tác"),
    ],
)
def test_the_seeds_paragraphs_cut_by_a_page_break_are_joined(name, joined):
    source = txt.read(seed_text(name).encode())
    assert joined in source.text


def test_a_line_cut_mid_sentence_goes_on_whatever_the_next_line_starts_with():
    text = (
        "Trung tâm Phục vụ hành chính công xã đã tiếp nhận 1.204 hồ sơ, trong đó trực tuyến "
        "1.010 hồ sơ; trực tiếp\n\n"
        "194 hồ sơ. Đã giải quyết 1.150 hồ sơ.\n\n"
        "2. Tài chính\n"
        "Tổng thu ngân sách nhà nước trên địa bàn tháng 10 ước đạt 5,2 tỷ đồng, đạt 65% dự toán.\n"
    )
    source = txt.read(text.encode())
    assert "trực tiếp 194 hồ sơ" in source.text
    assert _paragraph_with(source, "2. Tài chính") == "2. Tài chính"  # a heading stays apart
    facts = {f.code: f.value for f in extract(text.encode(), "r.txt", rules=False).facts}
    assert facts["tthc.received.direct"] == 194


@pytest.mark.pdf
@pytest.mark.skipif(convert.soffice() is None, reason="LibreOffice not installed")
def test_in_a_pdf_a_figure_pair_straddling_a_page_break_stays_together(tmp_path):
    # Every word capitalised or a figure: the first line of each page starts with a
    # capital or a figure, so only the page geometry can tell it continues.
    sentence = (
        "Trung Tâm Phục Vụ Hành Chính Công Phường Tiếp Nhận {n} Hồ Sơ Thủ Tục Hành Chính, "
        "Giải Quyết Đúng Hạn {n} Hồ Sơ Cho Tổ Chức Và Công Dân Trên Địa Bàn Phường Thạch Khôi, "
    )
    paragraphs = [
        "".join(sentence.format(n=100 * i + k) for k in range(9)) + "Bảo Đảm Công Khai."
        for i in range(1, 9)
    ]
    data = docx_to_pdf(docx_bytes(*paragraphs), tmp_path)
    source = pdf.read(data)
    assert len(PdfReader(io.BytesIO(data)).pages) >= 3  # page breaks fall inside paragraphs
    assert len(source.paragraphs) == len(paragraphs)
    for p, expected in zip(source.paragraphs, paragraphs, strict=True):
        assert " ".join(source.paragraph_text(p).split()) == expected
