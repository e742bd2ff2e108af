"""The DOCX reader on files made here with python-docx: footnotes at their marks,
tables, list numbers, bold run-in headings; and a seed written as Word would."""

import io
import zipfile
from decimal import Decimal

import pytest
from docx import Document

from baocao.importer.extract import extract
from baocao.importer.readers import docx
from tests.importer.make import SEED_NAMES, docx_bytes, seed_as_docx, seed_text


def test_footnotes_are_read_at_their_reference_positions():
    data = docx_bytes(
        "Tiếp nhận 19 hồ sơ thuộc lĩnh vực đất đai[^8 hồ sơ đính chính, 11 hồ sơ chuyển mục đích] "
        "qua Trung tâm.",
        "Giải quyết 13 hồ sơ[^7 hồ sơ đính chính].",
    )
    source = docx.read(data)
    first, second = source.footnotes
    assert first.text == "8 hồ sơ đính chính, 11 hồ sơ chuyển mục đích"
    assert source.text[: first.anchor].endswith("thuộc lĩnh vực đất đai")
    assert source.text[: second.anchor].endswith("Giải quyết 13 hồ sơ")
    assert source.text[first.start : first.end] == first.text


def test_notes_are_mapped_by_id_not_by_position():
    """LibreOffice numbers its notes from 2, pandoc from 9: only the ids link them."""
    data = docx_bytes("A[^một]. B[^hai].")
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            if item.filename in ("word/document.xml", "word/footnotes.xml"):
                content = content.replace(b'w:id="1"', b'w:id="9"').replace(
                    b'w:id="2"', b'w:id="7"'
                )
            zout.writestr(item, content)
    source = docx.read(out.getvalue())
    assert [(n.key, n.text) for n in source.footnotes] == [("1", "một"), ("2", "hai")]
    assert source.text[: source.footnotes[1].anchor].endswith("B")


def test_tables_are_read_row_by_row():
    data = docx_bytes(
        "Kết quả:", [["Tổng số hồ sơ tiếp nhận", "1.527"], ["Đã giải quyết", "1.458"]]
    )
    assert "Tổng số hồ sơ tiếp nhận | 1.527" in docx.read(data).text


def test_list_numbers_are_written_as_word_shows_them():
    document = Document()
    for text in ("Lĩnh vực kinh tế", "Văn hóa - Xã hội"):
        document.add_paragraph(text, style="List Number")
    out = io.BytesIO()
    document.save(out)
    paragraphs = docx.read(out.getvalue()).text.split("\n\n")
    assert paragraphs == ["1. Lĩnh vực kinh tế", "2. Văn hóa - Xã hội"]


def test_bold_runs_are_kept_as_spans():
    source = docx.read(docx_bytes("**Nội vụ:** Ban hành quy chế nâng lương."))
    ((start, end),) = source.paragraphs[0].bold
    assert source.text[start:end] == "Nội vụ:"


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_seed_as_docx_reads_as_the_seed(name):
    """Same text apart from whitespace, the same notes, the same facts."""
    from_docx = extract(seed_as_docx(name), "report.docx", rules=False)
    from_txt = extract(seed_text(name).encode(), "report.txt", rules=False)
    assert from_docx.source.text.split() == from_txt.source.text.split()
    assert [n.text for n in from_docx.source.footnotes] == [
        n.text for n in from_txt.source.footnotes
    ]
    assert {(f.code, f.value) for f in from_docx.facts} == {
        (f.code, f.value) for f in from_txt.facts
    }


def test_a_table_of_figures_gives_facts():
    data = docx_bytes(
        "7. Trung tâm Phục vụ hành chính công",
        [
            ["STT", "Chỉ tiêu", "Đơn vị", "Kết quả"],
            ["1", "Tổng số hồ sơ tiếp nhận", "hồ sơ", "1.527"],
            ["2", "Số hồ sơ đã giải quyết", "hồ sơ", "1.458"],
            ["3", "Tỷ lệ hồ sơ trực tuyến", "%", "88,73"],
        ],
        "Trên đây là báo cáo kết quả của Ủy ban nhân dân phường trong tháng.",
    )
    facts = {f.code: f.value for f in extract(data, "r.docx", rules=False).facts}
    assert facts == {  # the "%" cell makes 88,73 a rate
        "tthc.received": 1527,
        "tthc.resolved": 1458,
        "tthc.online.rate": Decimal("88.73"),
    }
