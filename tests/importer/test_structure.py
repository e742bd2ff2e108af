"""The importer reads a report's structure: headings by level, bold/italic/underline
runs, two-level lists (Word lists and typed "-"/"+" markers), tables with their
figures bound, run-in headings with a name; and the acceptance check of issue 11:
`baocao import` of such a DOCX, then `baocao render --draft`, gives a DOCX with the
same headings, runs, list levels and table."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from docx import Document
from docx.oxml.ns import qn

from baocao.importer.extract import extract, extract_file
from baocao.importer.prose import plan_report
from baocao.importer.store import store_extraction
from baocao.reports.models import Block, Report, Section
from tests.conftest import SHARED
from tests.factories import make_unit

SEED_UBND = SHARED / "seeds" / "002_c69ecaed7d58e06f.txt"
TABLE = [
    ["Nội dung", "Số hồ sơ", "Ghi chú"],
    ["Tổng số hồ sơ tiếp nhận", "1.527", "trong tháng"],
    ["Số hồ sơ đã giải quyết", "1.499", "đúng hạn"],
]
HEADINGS = [
    (1, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ"),
    (2, "1. Cải cách hành chính"),
    (2, "2. An ninh trật tự"),
]
ITEMS = [
    (1, "Kết quả cụ thể:"),
    (2, "Hồ sơ trực tuyến tăng so với tháng trước."),
    (2, "Không có hồ sơ quá hạn."),
    (1, "Tiếp tục số hóa hồ sơ."),
]


def acceptance_docx() -> bytes:
    """Two heading levels, a paragraph with bold, italic and underlined runs, a
    two-level bullet list and a 3×3 table of TTHC figures, as python-docx writes them."""
    document = Document()
    document.add_heading(HEADINGS[0][1], level=1)
    document.add_heading(HEADINGS[1][1], level=2)
    p = document.add_paragraph("Trong tháng, Trung tâm Phục vụ Hành chính công ")
    p.add_run("tiếp nhận đầy đủ").bold = True
    p.add_run(" các hồ sơ và ")
    p.add_run("trả kết quả đúng hạn").italic = True
    p.add_run(", ")
    p.add_run("không để tồn đọng").underline = True
    p.add_run(".")
    for level, text in ITEMS:
        document.add_paragraph(text, style="List Bullet" if level == 1 else "List Bullet 2")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_heading(HEADINGS[2][1], level=2)
    document.add_paragraph("Tình hình an ninh trật tự ổn định.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def runs_of(paragraph) -> dict[str, tuple[bool, bool, bool]]:
    return {
        r.text: (bool(r.bold), bool(r.italic), bool(r.underline))
        for r in paragraph.runs
        if r.text.strip()
    }


def list_items(document) -> list[tuple[int, str]]:
    """(ilvl, text) of each paragraph that is a Word list item."""
    out = []
    for p in document.paragraphs:
        numpr = p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if numpr is not None:
            out.append((int(numpr.find(qn("w:ilvl")).get(qn("w:val"))), p.text))
    return out


# -- the acceptance check ----------------------------------------------------------------


@pytest.mark.django_db
def test_import_then_render_keeps_headings_runs_lists_and_table(tmp_path):
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(acceptance_docx())
    out = tmp_path / "x.docx"
    call_command("importreport", str(source), "--unit", "11002", "--period", "2026-03",
                 stdout=io.StringIO())  # fmt: skip
    call_command("render", "--unit", "11002", "--period", "2026-03", "--draft",
                 "--out", str(out), stdout=io.StringIO())  # fmt: skip
    rendered = Document(str(out))

    headings = [
        (int(p.style.name[-1]), p.text) for p in rendered.paragraphs if p.style.name.startswith("Heading")
    ]  # fmt: skip
    assert headings == HEADINGS

    (para,) = [p for p in rendered.paragraphs if p.text.startswith("Trong tháng, Trung tâm")]
    assert para.text == (
        "Trong tháng, Trung tâm Phục vụ Hành chính công tiếp nhận đầy đủ các hồ sơ và "
        "trả kết quả đúng hạn, không để tồn đọng."
    )
    marks = runs_of(para)
    assert marks["tiếp nhận đầy đủ"] == (True, False, False)
    assert marks["trả kết quả đúng hạn"] == (False, True, False)
    assert marks["không để tồn đọng"] == (False, False, True)

    assert list_items(rendered) == [(level - 1, text) for level, text in ITEMS]

    table = rendered.tables[1]  # the first is the header (issuer | national motto)
    assert [[c.text for c in row.cells] for row in table.rows] == TABLE
    assert table._tbl.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}") is not None

    # The figures in the table are bound: stored as values, shown from them.
    report = Report.objects.get(unit__code="11002", period="2026-03")
    (stored,) = Block.objects.filter(section__report=report, kind=Block.TABLE)
    assert stored.data["rows"][1][1]["text"] == "{{tthc.received}}"
    assert stored.data["header_rows"] == 1
    values = dict(report.values.values_list("indicator__code", "value"))
    assert values["tthc.received"] == 1527 and values["tthc.resolved"] == 1499


@pytest.mark.django_db
def test_import_then_render_html_keeps_the_structure(tmp_path):
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(acceptance_docx())
    out = tmp_path / "x.html"
    call_command("importreport", str(source), "--unit", "11002", "--period", "2026-04",
                 stdout=io.StringIO())  # fmt: skip
    call_command("render", "--unit", "11002", "--period", "2026-04", "--draft",
                 "--out", str(out), stdout=io.StringIO())  # fmt: skip
    html = out.read_text(encoding="utf-8")
    assert "<h2>I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ</h2>" in html
    assert "<h3>1. Cải cách hành chính</h3>" in html
    assert "<strong>tiếp nhận đầy đủ</strong>" in html
    assert "<em>trả kết quả đúng hạn</em>" in html and "<u>không để tồn đọng</u>" in html
    nested = html.index('<ul class="items level-2">')
    assert html.index("Kết quả cụ thể:") < nested < html.index("Không có hồ sơ quá hạn.")
    assert "<th>Nội dung</th>" in html and '<td class="figure">1.527</td>' in html


# -- the reader and the planner ----------------------------------------------------------


@pytest.mark.django_db
def test_word_lists_italic_underline_and_tables_are_read():
    source = extract(acceptance_docx(), "bao-cao.docx").source
    by_text = {source.text[p.start : p.end].split("\t")[-1]: p for p in source.paragraphs}
    assert [by_text[text].list_level for _, text in ITEMS] == [1, 2, 2, 1]
    assert by_text["I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ"].heading_level == 1
    para = next(p for t, p in by_text.items() if t.startswith("Trong tháng"))
    assert [source.text[s:e] for s, e in para.italic] == ["trả kết quả đúng hạn"]
    assert [source.text[s:e] for s, e in para.underline] == ["không để tồn đọng"]
    rows = [p for p in source.paragraphs if p.table is not None]
    assert [[source.text[s:e] for s, e, _, _ in p.cells] for p in rows] == TABLE
    assert [p.header for p in rows] == [True, False, False]


@pytest.mark.django_db
def test_merged_cells_are_read_as_spans():
    document = Document()
    document.add_paragraph("Kết quả giải quyết thủ tục hành chính trong tháng như sau:")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Lĩnh vực"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Hồ sơ"
    table.cell(1, 1).text, table.cell(1, 2).text = "Tiếp nhận", "Giải quyết"
    for c, text in enumerate(["Hộ tịch", "264", "264"]):
        table.cell(2, c).text = text
    out = io.BytesIO()
    document.save(out)
    extraction = extract(out.getvalue(), "bang.docx")
    (block,) = [b for b in plan_report(extraction).blocks if b["kind"] == Block.TABLE]
    rows = block["data"]["rows"]
    shape = [[(c["text"], c["colspan"], c["rowspan"]) for c in row] for row in rows]
    assert shape == [
        [("Lĩnh vực", 1, 2), ("Hồ sơ", 2, 1)],
        [("Tiếp nhận", 1, 1), ("Giải quyết", 1, 1)],
        [("Hộ tịch", 1, 1), ("264", 1, 1), ("264", 1, 1)],
    ]


@pytest.mark.django_db
def test_typed_markers_make_two_level_items():
    text = (
        "I. KẾT QUẢ\n\n1. An ninh\n\n"
        "- Kết quả tiếp nhận hồ sơ cư trú:\n"
        "- + Đăng ký thường trú hoàn thành.\n"
        "+ Đăng ký tạm trú hoàn thành.\n"
        "- Công tác phòng cháy, chữa cháy:\n"
        " - Kiểm tra định kỳ các cơ sở.\n"
        "• Công tác giao thông.\n"
    )
    extraction = extract(text.encode(), "bao-cao.txt")
    items = [(b["level"], b["text"]) for b in plan_report(extraction).blocks if b["kind"] == "item"]
    assert items == [
        (1, "Kết quả tiếp nhận hồ sơ cư trú:"),
        (2, "Đăng ký thường trú hoàn thành."),
        (2, "Đăng ký tạm trú hoàn thành."),
        (1, "Công tác phòng cháy, chữa cháy:"),
        (2, "Kiểm tra định kỳ các cơ sở."),
        (1, "Công tác giao thông."),
    ]


@pytest.mark.django_db
def test_the_thach_khoi_seed_is_stored_with_named_runin_sections_and_nested_items():
    report = store_extraction(extract_file(SEED_UBND), unit=make_unit(), period="2026-05")
    runin = list(report.sections.filter(style=Section.RUNIN).values_list("number", "title"))
    assert ("1.2", "Nông nghiệp") in runin and ("2", "Công tác thu, chi ngân sách") in runin
    assert not report.sections.filter(title="").exclude(parent=None).exists()
    cutru = Block.objects.get(section__report=report, text__startswith="Đăng ký thường trú")
    assert (cutru.kind, cutru.level) == (Block.ITEM, 2)
    first = Block.objects.get(
        section__report=report, section__title="Nông nghiệp", position=min(
            Block.objects.filter(section__report=report, section__title="Nông nghiệp")
            .values_list("position", flat=True)
        ),
    )  # fmt: skip
    assert first.text.startswith("Hoàn thành thu hoạch lúa mùa")


@pytest.mark.django_db
def test_the_demo_seeds_render_nested_lists_without_marker_artefacts():
    """The demo imports both seeds: their DOCX has the lists at two levels, as the seed
    nests them, and no paragraph starting "- +" or holding a typed marker."""
    from baocao.documents.docx import render_docx
    from baocao.documents.model import build_document
    from tests.factories import demo_report

    for code, period, template in (
        ("11002", "2025-11", "ubnd-monthly"),
        ("11086", "2025-10", "dang-monthly"),
    ):
        document = Document(
            io.BytesIO(render_docx(build_document(demo_report(code, period, template))))
        )
        texts = [p.text for p in document.paragraphs]
        assert not [t for t in texts if re.match(r"\s*[-+•]\s*\+\s", t)]
        if code == "11002":
            items = list_items(document)
            assert (0, "Kết quả tiếp nhận, giải quyết các thủ tục đăng ký cư trú:") in items
            at = items.index((0, "Kết quả tiếp nhận, giải quyết các thủ tục đăng ký cư trú:"))
            assert items[at + 1] == (
                1,
                "Đăng ký thường trú: 264/264 hồ sơ qua Công DVC (Đạt 100%).",
            )
            fire = items.index((0, "Công tác phòng cháy, chữa cháy:"))
            assert [lvl for lvl, _ in items[fire : fire + 3]] == [0, 1, 1]
            assert not [t for _, t in items if t[:2] in ("- ", "+ ")]
            # Run-in headings open their paragraph, numbered by the outline.
            assert any(t.startswith("2. Công tác thu, chi ngân sách: Số thu") for t in texts)
