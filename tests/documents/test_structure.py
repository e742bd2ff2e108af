"""The structured document: prose marks (bold, italic, underline), computed
numbering, run-in sections, list items and tables, as the document model, the DOCX
and the HTML show them."""

from __future__ import annotations

import time

from baocao.importer.readers import txt
from baocao.reports import prose


def _runs(text: str) -> list[prose.Run]:
    return prose.runs(text, lambda p: "1.527")


# -- prose marks -------------------------------------------------------------------------


def test_underline_bold_italic_marks():
    runs = _runs("Đã **tiếp nhận** __{{tthc.received}}__ hồ sơ *(đạt 100%)*.")
    assert [(r.text, r.bold, r.italic, r.underline) for r in runs] == [
        ("Đã ", False, False, False),
        ("tiếp nhận", True, False, False),
        (" ", False, False, False),
        ("1.527", False, False, True),
        (" hồ sơ ", False, False, False),
        ("(đạt 100%)", False, True, False),
        (".", False, False, False),
    ]


def test_unpaired_and_empty_marks_stay_literal():
    assert [r.text for r in _runs("Số: ____ ngày __ tháng")] == ["Số: ____ ngày __ tháng"]
    assert [(r.text, r.underline) for r in _runs("a __b__ c __d")] == [
        ("a ", False),
        ("b", True),
        (" c __d", False),
    ]


def test_prose_marks_read_in_linear_time():
    """64 KB of unclosed-looking marks ("**a " repeated) used to take 19 s in the TXT
    reader's bold pattern. Four times the text now takes about four times as long
    (a quadratic reading would take sixteen), and 64 KB well under the old time."""

    def seconds(text: str) -> float:
        """The best of three: the machine's other work only ever adds time."""
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            _runs(text)
            txt.read(text.encode())
            best = min(best, time.perf_counter() - started)
        return best

    for unit in ("**a ", "__a ", "*a "):
        small, large = seconds(unit * 4000), seconds(unit * 16000)
        assert large < 8 * small + 0.5, (unit, small, large)
        assert large < 10, (unit, large)


# -- the document model, DOCX and HTML ----------------------------------------------------

import pytest  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from baocao.documents.docx import render_docx  # noqa: E402
from baocao.documents.html import render_html  # noqa: E402
from baocao.documents.model import ListItem, Table, build_document  # noqa: E402
from baocao.reports.models import Block, Section  # noqa: E402
from baocao.reports.services import save_value  # noqa: E402
from tests.documents.helpers import open_docx  # noqa: E402
from tests.factories import make_report  # noqa: E402

TABLE = {
    "header_rows": 2,
    "rows": [
        [
            {"text": "Lĩnh vực", "rowspan": 2},
            {"text": "Hồ sơ", "colspan": 2},
        ],
        [{"text": "Tiếp nhận"}, {"text": "Đã giải quyết"}],
        [{"text": "Hộ tịch"}, {"text": "{{tthc.received}}"}, {"text": "{{tthc.resolved}}"}],
    ],
}


def _structured(template: str = "ubnd-monthly"):
    """A report of two parts: I. with a subsection holding a paragraph with marks, a
    two-level list and a table, then a run-in subsection; II. an empty part. The
    typed numbers are wrong on purpose: documents compute them."""
    report = make_report(period="2031-01", template=template)
    report.sections.all().delete()
    one = Section.objects.create(report=report, position=1, number="V", title="KẾT QUẢ")
    sub = Section.objects.create(report=report, parent=one, position=2, number="9", title="Nội vụ")
    runin = Section.objects.create(
        report=report, parent=one, position=3, number="", title="Thu, chi ngân sách",
        style=Section.RUNIN,
    )  # fmt: skip
    deeper = Section.objects.create(
        report=report, parent=runin, position=4, number="", title="Thu ngân sách"
    )
    Section.objects.create(report=report, position=5, number="", title="NHIỆM VỤ")
    blocks = [
        (sub, Block.PARAGRAPH, 0, "Đã **tiếp nhận** và *giải quyết* __đúng hạn__.", {}),
        (sub, Block.ITEM, 1, "Cư trú:", {}),
        (sub, Block.ITEM, 2, "Thường trú {{tthc.received}} hồ sơ.", {}),
        (sub, Block.ITEM, 2, "Tạm trú.", {}),
        (sub, Block.ITEM, 1, "Hộ tịch.", {}),
        (sub, Block.TABLE, 0, "", TABLE),
        (runin, Block.PARAGRAPH, 0, "Số thu ước đạt.", {}),
        (deeper, Block.PARAGRAPH, 0, "Chi tiết.", {}),
    ]
    for i, (section, kind, level, text, data) in enumerate(blocks):
        Block.objects.create(
            section=section, position=i, kind=kind, level=level, text=text, data=data
        )
    save_value(report=report, code="tthc.received", value="1527")
    save_value(report=report, code="tthc.resolved", value="1499")
    return report


@pytest.mark.django_db
def test_numbering_is_computed_from_the_outline():
    doc = build_document(_structured())
    one, tasks = doc.sections
    assert (one.number, tasks.number) == ("I.", "II.")
    assert [c.number for c in one.children] == ["1.", "2."]
    assert one.children[1].children[0].number == "2.1"
    party = build_document(_structured("dang-monthly"))
    assert [s.number for s in party.sections] == ["A.", "B."]
    assert [c.number for c in party.sections[0].children] == ["I.", "II."]
    assert party.sections[0].children[1].children[0].number == "1."


@pytest.mark.django_db
def test_runin_heading_opens_its_first_paragraph():
    doc = build_document(_structured())
    runin = doc.sections[0].children[1]
    first = runin.blocks[0].runs
    assert (first[0].text, first[0].bold) == ("2. Thu, chi ngân sách:", True)
    assert "".join(r.text for r in first) == "2. Thu, chi ngân sách: Số thu ước đạt."
    document = open_docx(render_docx(doc))
    texts = [p.text for p in document.paragraphs]
    assert "2. Thu, chi ngân sách: Số thu ước đạt." in texts
    assert "2. Thu, chi ngân sách" not in texts  # no heading line of its own
    assert "2.1 Thu ngân sách" in texts


@pytest.mark.django_db
def test_items_and_tables_in_the_model():
    section = build_document(_structured()).sections[0].children[0]
    items = [b for b in section.blocks if isinstance(b, ListItem)]
    assert [(i.level, i.marker) for i in items] == [(1, "-"), (2, "+"), (2, "+"), (1, "-")]
    (table,) = [b for b in section.blocks if isinstance(b, Table)]
    assert table.columns == 3 and table.header_rows == 2
    assert [["".join(r.text for r in c.runs) for c in row] for row in table.rows] == [
        ["Lĩnh vực", "Hồ sơ"],
        ["Tiếp nhận", "Đã giải quyết"],
        ["Hộ tịch", "1.527", "1.499"],
    ]
    # Readers of the whole text still find every word through .paragraphs.
    assert "1.499" in ["".join(r.text for r in p.runs) for p in section.paragraphs]


@pytest.mark.django_db
def test_docx_has_a_two_level_word_list_a_word_table_and_underline():
    document = open_docx(render_docx(build_document(_structured())))
    body = document.element.body
    items = []
    for p in body.iterchildren(qn("w:p")):
        numpr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if numpr is not None:
            ilvl = numpr.find(qn("w:ilvl")).get(qn("w:val"))
            num_id = numpr.find(qn("w:numId")).get(qn("w:val"))
            ind = p.find(f"{qn('w:pPr')}/{qn('w:ind')}")
            text = "".join(t.text for t in p.iter(qn("w:t")))
            items.append((text, ilvl, int(ind.get(qn("w:left"))), num_id))
    assert [(t, lvl) for t, lvl, _, _ in items] == [
        ("Cư trú:", "0"),
        ("Thường trú 1.527 hồ sơ.", "1"),
        ("Tạm trú.", "1"),
        ("Hộ tịch.", "0"),
    ]
    assert items[1][2] > items[0][2]  # the second level is further in
    # The list's numbering definition: bullets "-" at level 0 and "+" at level 1.
    numbering = document.part.numbering_part.element
    num = next(
        n for n in numbering.iterchildren(qn("w:num")) if n.get(qn("w:numId")) == items[0][3]
    )
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a for a in numbering.iterchildren(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    )  # fmt: skip
    levels = {
        lvl.get(qn("w:ilvl")): (
            lvl.find(qn("w:numFmt")).get(qn("w:val")),
            lvl.find(qn("w:lvlText")).get(qn("w:val")),
        )
        for lvl in abstract.iterchildren(qn("w:lvl"))
    }
    assert levels == {"0": ("bullet", "-"), "1": ("bullet", "+")}
    # The table: a real Word table after the header table, merged header, ruled.
    table = document.tables[1]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Lĩnh vực", "Hồ sơ", "Hồ sơ"],
        ["Lĩnh vực", "Tiếp nhận", "Đã giải quyết"],
        ["Hộ tịch", "1.527", "1.499"],
    ]
    tbl = table._tbl
    assert tbl.find(f".//{qn('w:gridSpan')}").get(qn("w:val")) == "2"
    assert tbl.find(f".//{qn('w:vMerge')}") is not None
    assert (
        tbl.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}/{qn('w:insideH')}").get(qn("w:val"))
        == "single"
    )
    for row in table.rows[:2]:
        assert row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert all(r.bold for c in row.cells for p in c.paragraphs for r in p.runs)
    assert table.rows[2]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None
    # Marks as runs.
    (para,) = [p for p in document.paragraphs if p.text.startswith("Đã tiếp nhận")]
    marks = {r.text: (bool(r.bold), bool(r.italic), bool(r.underline)) for r in para.runs}
    assert marks["tiếp nhận"] == (True, False, False)
    assert marks["giải quyết"] == (False, True, False)
    assert marks["đúng hạn"] == (False, False, True)


@pytest.mark.django_db
def test_html_nests_lists_and_has_a_table():
    html = render_html(build_document(_structured()))
    assert "<strong>tiếp nhận</strong>" in html and "<em>giải quyết</em>" in html
    assert "<u>đúng hạn</u>" in html
    nested = html.index('<ul class="items level-2">')
    assert html.index("Cư trú:") < nested < html.index("Thường trú 1.527 hồ sơ.")
    assert html.index("Tạm trú.") < html.index("</ul>", nested) < html.index("Hộ tịch.")
    assert '<th rowspan="2">Lĩnh vực</th>' in html and '<th colspan="2">Hồ sơ</th>' in html
    assert '<td class="figure">1.527</td>' in html
    assert "<strong>2. Thu, chi ngân sách:</strong> Số thu ước đạt." in html
