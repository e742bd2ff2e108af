"""Hostile files: each refused (or read) in bounded time, with a Vietnamese message,
never a stack trace and never stored. Limits are in safety.py, ocr.py, convert.py."""

from __future__ import annotations

import contextlib
import io
import re
import time
import zipfile
import zlib

import pytest

from baocao.importer import safety
from baocao.importer.errors import ImportRefused
from baocao.importer.extract import extract
from baocao.importer.readers import read_any
from tests.importer.make import docx_bytes

LIMIT = 10  # seconds, the bound for any hostile file


def _refused_in_time(data: bytes, name: str) -> str:
    started = time.perf_counter()
    with pytest.raises(ImportRefused) as refusal:
        extract(data, name, rules=False)
    assert time.perf_counter() - started < LIMIT
    return str(refusal.value)


def _pdf_with_stream(payload: bytes) -> bytes:
    stream = zlib.compress(payload, 9)
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj\n"
        b"4 0 obj<</Length " + str(len(stream)).encode() + b"/Filter/FlateDecode>>stream\n"
        + stream + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )  # fmt: skip


def test_a_pdf_whose_stream_inflates_64_mb_from_64_kb_is_refused():
    bomb = _pdf_with_stream(b" " * (64 * 1024 * 1024))
    assert len(bomb) < 100_000
    message = _refused_in_time(bomb, "baocao.pdf")
    assert "PDF bất thường" in message


def test_many_streams_adding_up_past_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(safety, "MAX_PDF_INFLATED", 8 * 1024 * 1024)
    parts = [_pdf_with_stream(bytes(range(256)) * 4096 * 3) for _ in range(4)]  # 3 MB each
    with pytest.raises(ImportRefused, match="PDF bất thường"):
        safety.check_pdf_streams(b"".join(parts))


def test_an_ordinary_pdf_stream_passes_the_check():
    safety.check_pdf_streams(_pdf_with_stream(b"BT /F1 12 Tf (Bao cao) Tj ET\n" * 2000))


@pytest.mark.parametrize(
    "text",
    [
        "**a " * 16_000,  # the bold marker
        "*a " * 21_000,  # the italic marker
        "1.2" * 21_000,  # a number that never ends
        "1 " * 32_000,  # figures without words
        "hồ sơ " * 10_000 + "1",  # a phrase repeated before one figure
        "(" * 30_000 + "5 hồ sơ",  # brackets that never close
        "trong đó " * 7_000,  # breakdown words with nothing broken down
        "B¸o c¸o " + "a\u00f9" * 30_000,  # a VNI-like run of marks
        "." * 20_000 + " " * 20_000,  # sentence marks then blanks (quadratic before)
        "*x" * 15_000 + "\n" + "(TTHC) " * 5_000,  # italics, short brackets
        "970con " * 8_000 + "mức độ 3, " * 3_000,  # glued units, service levels
        "đơn khiếu nại, tố cáo và " * 3_000 + "12 đơn",  # a list of kinds that never ends
        "không có đơn khiếu nại, " * 3_000,  # a zero list that never ends
        "5 lượt/" * 10_000,  # counts paired by slashes
        "năm 2026 " + "a " * 20_000 + "phấn đấu 5 hồ sơ",  # a year far from its verb
        "tiếp nhận 1,250 hồ sơ, 9 tháng " * 3_000,  # comma thousands, spans of time
    ],
    ids=lambda text: f"{len(text)}-{text[:6]!r}",
)
def test_pathological_text_is_read_in_bounded_time(text):  # ids: the index
    started = time.perf_counter()
    with contextlib.suppress(ImportRefused):  # refusing is fine; hanging is not
        extract(("Báo cáo tiếp nhận hồ sơ của xã\n" + text).encode(), "baocao.txt", rules=False)
    assert time.perf_counter() - started < LIMIT


def _docx_with_numbering(numbering: str) -> bytes:
    data = docx_bytes("Báo cáo kết quả tiếp nhận 12 hồ sơ của Ủy ban nhân dân xã An Lão")
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "word/numbering.xml":
                body = re.sub(rb"<w:start w:val=\"\d+\"/>", numbering.encode(), body, count=1)
            dst.writestr(item, body)
    return out.getvalue()


@pytest.mark.parametrize(
    "start",
    ['<w:start w:val="1000000000"/>', '<w:start w:val="abc"/>', '<w:start w:val="-5"/>'],
)
def test_absurd_list_numbering_is_refused_not_a_server_error(start):
    data = _docx_with_numbering(start)
    assert start.encode() in zipfile.ZipFile(io.BytesIO(data)).read("word/numbering.xml")
    assert "đánh số danh sách bất thường" in _refused_in_time(data, "baocao.docx")


def test_control_characters_are_dropped_from_the_text():
    source = read_any(
        (
            "Báo cáo của Ủy ban nhân dân xã\x00 An Lão\x0bTiếp nhận 12 hồ sơ\x07 trong tháng. "
            + "Trung tâm Phục vụ hành chính công xã hoạt động ổn định, nền nếp. " * 3
        ).encode(),
        "baocao.txt",
    )
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", source.text)
    assert "Tiếp nhận 12 hồ sơ" in source.text


def test_a_damaged_image_is_refused_with_a_message():
    assert "Tệp ảnh hỏng" in _refused_in_time(b"\x89PNG\r\n\x1a\n" + b"\x00" * 500, "a.png")
