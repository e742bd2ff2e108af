"""Test data for the importer, made in the test: DOCX files with real footnotes
(python-docx + baocao.documents.footnotes), PDFs through LibreOffice, legacy
encodings. Plain functions, one per kind of file."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

from docx import Document

from baocao.documents.footnotes import add_footnote

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "seeds"
SEED_NAMES = ("002_c69ecaed7d58e06f", "000_a74f68ec347e13c9")
_NOTE = re.compile(r"\[\^([^\]]+)\]")


def seed_text(name: str) -> str:
    return (SEEDS / f"{name}.txt").read_text(encoding="utf-8")


def docx_bytes(*blocks: str | list[list[str]], bold_lead: bool = False) -> bytes:
    """A DOCX of paragraphs and tables. In a paragraph, "[^text]" puts a real footnote
    with that text where it stands; "**x**" at the start makes a bold run."""
    document = Document()
    for block in blocks:
        if isinstance(block, list):
            table = document.add_table(rows=len(block), cols=len(block[0]))
            for r, row in enumerate(block):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
            continue
        paragraph = document.add_paragraph()
        text = block
        if m := re.match(r"\*\*(.+?)\*\*", text):
            paragraph.add_run(m.group(1)).bold = True
            text = text[m.end() :]
        last = 0
        for m in _NOTE.finditer(text):
            paragraph.add_run(text[last : m.start()])
            add_footnote(paragraph, m.group(1))
            last = m.end()
        paragraph.add_run(text[last:])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def seed_as_docx(name: str) -> bytes:
    """A seed written as Word would have it: its paragraphs, its notes as real notes."""
    text = seed_text(name)
    notes = dict(re.findall(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]+) (.+)$", text, re.M))
    body = [p for p in text.split("\n") if p.strip() and p[:1] not in notes]
    blocks = []
    for p in body:
        p = re.sub(r"\*([^*\s][^*]*[^*\s])\*", r"\1", p.replace("**", ""))
        for mark, note in notes.items():
            p = p.replace(mark, f"[^{note}]")
        blocks.append(p)
    return docx_bytes(*blocks)


def has_soffice() -> bool:
    return shutil.which("soffice") is not None


def docx_to_pdf(data: bytes, tmp_path: Path) -> bytes:
    source = tmp_path / "report.docx"
    source.write_bytes(data)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return (tmp_path / "report.pdf").read_bytes()


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: base letters with their hats, tone marks apart."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
            rest = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
            out.append((rest + "".join(tones)).encode("cp1258"))
    return b"".join(out)


REPORT = """ỦY BAN NHÂN DÂN XÃ AN LÃO

BÁO CÁO
Kết quả thực hiện nhiệm vụ tháng 10 năm 2025, phương hướng nhiệm vụ tháng 11 năm 2025

I. KẾT QUẢ THỰC HIỆN

1. Cải cách hành chính
Trung tâm Phục vụ hành chính công xã đã tiếp nhận 1.204 hồ sơ (trực tuyến: 1.010 hồ sơ; trực tiếp: 194 hồ sơ). Đã giải quyết 1.150 hồ sơ, trong đó giải quyết đúng hạn 1.148 hồ sơ, quá hạn 02 hồ sơ.

2. Tài chính
Tổng thu ngân sách nhà nước trên địa bàn tháng 10 ước đạt 5,2 tỷ đồng, đạt 65% dự toán.

II. PHƯƠNG HƯỚNG NHIỆM VỤ THÁNG 11
Phấn đấu thu ngân sách đạt 3 tỷ đồng.
"""
