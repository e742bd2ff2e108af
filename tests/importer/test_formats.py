"""Every format a commune keeps: TCVN3 and VNI text (converted, not refused), Word
runs in .VnTime fonts, .doc/.odt/.rtf through LibreOffice, scans and photos through
Tesseract. Seed 002 is the yardstick: converted back and forth it must give the
figures of its annotation."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from baocao.importer import convert, legacy, ocr
from baocao.importer.errors import ImportRefused
from baocao.importer.extract import extract
from baocao.importer.readers import read_any
from baocao.importer.scoring import score
from tests.importer.make import SEEDS, seed_as_docx, seed_text

WARD = "002_c69ecaed7d58e06f"
ANNOTATION = SEEDS / f"{WARD}.facts.yaml"
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _score(data: bytes, name: str):
    x = extract(data, name, rules=False)
    return x, score(name, [(f.code, f.value) for f in x.facts], ANNOTATION)


def _soffice(data: bytes, suffix: str, target: str, tmp_path: Path) -> bytes:
    source = tmp_path / f"in.{suffix}"
    source.write_bytes(data)
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
         "--convert-to", target, "--outdir", str(tmp_path / "out"), str(source)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    return next((tmp_path / "out").iterdir()).read_bytes()


needs_soffice = pytest.mark.skipif(convert.soffice() is None, reason="LibreOffice not installed")
needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="tesseract-ocr-vie not installed")


# -- legacy encodings ---------------------------------------------------------------------


def test_seed_002_typed_in_tcvn3_gives_every_annotated_figure():
    # a .txt saved from a .VnTime document: Windows bytes, footnote marks as digits
    text = seed_text(WARD).translate(SUPERSCRIPT_DIGITS)
    x, s = _score(legacy.from_unicode_tcvn3(text).encode("cp1252"), "baocao.txt")
    assert x.source.converted == "tcvn3"
    assert x.as_json()["document"]["converted_encoding"] == "TCVN3 (ABC)"
    assert s.recall == 1.0 and s.precision == 1.0, (s.missed, s.wrong)


def test_tcvn3_copied_into_a_unicode_file_is_converted_too():
    x, s = _score(legacy.from_unicode_tcvn3(seed_text(WARD)).encode("utf-8"), "baocao.txt")
    assert x.source.converted == "tcvn3"
    assert s.recall == 1.0, s.missed


def test_vni_words_become_unicode_words():
    assert legacy.to_unicode("Tieáp nhaän 1.204 hoà sô, ñaõ giaûi quyeát ñuùng haïn", "vni") == (
        "Tiếp nhận 1.204 hồ sơ, đã giải quyết đúng hạn"
    )
    assert legacy.to_unicode("ÑAÛNG UÛY XAÕ AN LAÕO; Chuû tòch; öôùc ñaït; taêng", "vni") == (
        "ĐẢNG ỦY XÃ AN LÃO; Chủ tịch; ước đạt; tăng"
    )


def test_a_unicode_line_inside_a_legacy_text_is_left_as_it_is():
    text = "B¸o c¸o cña x· vµ c¸c ®oµn thÓ\nTrung tâm tiếp nhận 25 hồ sơ"
    converted, found = legacy.convert_lines(text)
    assert found == "tcvn3"
    assert converted == "Báo cáo của xã và các đoàn thể\nTrung tâm tiếp nhận 25 hồ sơ"


def _legacy_docx() -> bytes:
    """A Unicode report with one paragraph in .VnTime, a heading in .VnTimeH and a
    table typed in VNI: each run converted by its font."""
    document = Document()
    p = document.add_paragraph()
    p.add_run("Trung tâm Phục vụ hành chính công ")  # Unicode, Times New Roman
    run = p.add_run(
        legacy.from_unicode_tcvn3("đã tiếp nhận 1.204 hồ sơ, đã giải quyết 1.150 hồ sơ.")
    )
    run.font.name = ".VnTime"
    heading = document.add_paragraph().add_run(legacy.from_unicode_tcvn3("kết quả cụ thể"))
    heading.font.name = ".VnTimeH"
    table = document.add_table(rows=1, cols=2)
    cell = table.cell(0, 0).paragraphs[0].add_run("Hoà sô ñang giaûi quyeát")
    cell.font.name = "VNI-Times"
    table.cell(0, 1).paragraphs[0].add_run("54")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_runs_in_legacy_fonts_are_converted_run_by_run():
    source = read_any(_legacy_docx(), "baocao.docx")
    assert "Trung tâm Phục vụ hành chính công đã tiếp nhận 1.204 hồ sơ" in source.text
    assert "KẾT QUẢ CỤ THỂ" in source.text  # .VnTimeH draws capitals
    assert "Hồ sơ đang giải quyết" in source.text
    assert source.converted == "tcvn3"
    facts = {f.code: f.value for f in extract(_legacy_docx(), "baocao.docx", rules=False).facts}
    assert facts["tthc.received"] == 1204 and facts["tthc.resolved"] == 1150


# -- .doc, .odt, .rtf ---------------------------------------------------------------------


@needs_soffice
@pytest.mark.pdf
def test_seed_002_saved_as_word_97_gives_every_annotated_figure(tmp_path):
    doc = _soffice(seed_as_docx(WARD), "docx", "doc", tmp_path)
    assert doc.startswith(b"\xd0\xcf\x11\xe0")
    x, s = _score(doc, "baocao.doc")
    assert x.source.converted_from == "doc"
    assert s.recall == 1.0 and s.precision == 1.0, (s.missed, s.wrong)


@needs_soffice
@pytest.mark.pdf
@pytest.mark.parametrize("target", ["odt", "rtf"])
def test_odt_and_rtf_are_read_as_word(tmp_path, target):
    data = _soffice(seed_as_docx(WARD), "docx", target, tmp_path)
    x, s = _score(data, f"baocao.{target}")
    assert x.source.converted_from == target
    assert s.recall >= 0.95, s.missed


@needs_soffice
def test_a_conversion_past_its_time_limit_is_refused_not_waited_for(tmp_path):
    with pytest.raises(ImportRefused, match="quá thời gian"):
        convert.to_docx(b"\xd0\xcf\x11\xe0" + b"\x00" * 4000, "doc", timeout=0.05)


# -- scans and photos ---------------------------------------------------------------------


def _page_png(tmp_path: Path, text: str) -> bytes:
    """A page printed by LibreOffice and scanned at 200 dpi in grey (pdftoppm)."""
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(_soffice(_docx(text), "docx", "pdf", tmp_path))
    subprocess.run(
        ["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", str(pdf), str(tmp_path / "p")],
        check=True, timeout=120,
    )  # fmt: skip
    return (tmp_path / "p.png").read_bytes()


def _docx(text: str) -> bytes:
    document = Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PAGE = (
    "UBND XÃ AN LÃO\nBÁO CÁO\nKết quả thực hiện nhiệm vụ tháng 10 năm 2025\n"
    "Trung tâm Phục vụ hành chính công xã đã tiếp nhận 1.204 hồ sơ, đã giải quyết 1.150 hồ sơ, "
    "đang giải quyết 54 hồ sơ."
)


@needs_soffice
@needs_tesseract
@pytest.mark.pdf
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_a_photo_of_a_page_is_read_and_its_figures_carry_the_ocr_confidence(tmp_path):
    x = extract(_page_png(tmp_path, PAGE), "trang1.png", rules=False)
    facts = {f.code: f for f in x.facts}
    assert facts["tthc.received"].value == 1204
    assert facts["tthc.resolved"].value == 1150
    assert all(0 < f.confidence <= 100 for f in x.facts)
    assert "ocr_confidence" in x.as_json()["facts"][0]


@needs_soffice
@needs_tesseract
@pytest.mark.pdf
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_an_image_only_pdf_is_read_by_ocr(tmp_path):
    img2pdf = pytest.importorskip("img2pdf")
    scan = img2pdf.convert([_page_png(tmp_path, PAGE)])
    x = extract(scan, "scan.pdf", rules=False)
    assert x.source.converted_from == "ocr"
    assert {f.code: f.value for f in x.facts}["tthc.in_progress"] == 54


def test_too_many_pages_to_read_by_ocr_are_refused_before_reading():
    from PIL import Image

    frames = [Image.new("L", (50, 50), 255) for _ in range(ocr.MAX_PAGES + 1)]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])
    with pytest.raises(ImportRefused, match="quá 30 trang"):
        read_any(out.getvalue(), "scan.tif")
