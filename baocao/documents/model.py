"""A report laid out as a document, independent of the output format: the header
data, the numbered outline with its blocks (paragraphs, list items, tables) as
formatted runs, footnotes numbered in order of appearance, tasks, recipients and
signature. The DOCX, HTML and PDF outputs all read this one structure, so they
cannot disagree.

Section numbers are computed from the outline, never taken from Section.number
(what the source wrote): UBND reports number I. / 1. / 1.1 / a), Party reports
A. / I. / 1. / a), as the templates do. A section without a title (the lead
paragraphs of an imported report) has no heading and takes no number."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from baocao import vn
from baocao.catalog.models import ReportTemplate, Unit
from baocao.reports import prose
from baocao.reports.models import Block, Report, Section
from baocao.reports.services import report_values


@dataclass
class Paragraph:
    runs: list[prose.Run]
    kind = "paragraph"


@dataclass
class ListItem:
    """A bullet list item: level 1 is marked "-", level 2 "+" (the conventional markers)."""

    runs: list[prose.Run]
    level: int = 1
    kind = "item"

    @property
    def marker(self) -> str:
        return "-" if self.level <= 1 else "+"


@dataclass
class TableCell:
    runs: list[prose.Run]
    colspan: int = 1
    rowspan: int = 1
    header: bool = False

    @property
    def is_figure(self) -> bool:
        """A cell holding only a number ("1.527", "98,2%"): centred, as tables of
        figures are set."""
        text = "".join(r.text for r in self.runs if r.footnote is None).strip()
        return bool(text) and all(ch.isdigit() or ch in ".,%/ -+()" for ch in text)


@dataclass
class Table:
    rows: list[list[TableCell]]
    header_rows: int = 0
    kind = "table"

    @property
    def columns(self) -> int:
        """The number of grid columns: the widest row, counting spans and the cells
        that rows above reach into."""
        width = 0
        below: dict[int, int] = defaultdict(int)  # row index -> columns taken from above
        for r, row in enumerate(self.rows):
            width = max(width, sum(c.colspan for c in row) + below[r])
            for cell in row:
                for later in range(r + 1, r + cell.rowspan):
                    below[later] += cell.colspan
        return width


@dataclass
class ItemList:
    """Consecutive list items as HTML nests them: each first-level item with the
    second-level items under it (a second-level item with no parent gets an empty one)."""

    entries: list[tuple[ListItem | None, list[ListItem]]] = field(default_factory=list)
    kind = "list"


Block_ = Paragraph | ListItem | Table


@dataclass
class Footnote:
    number: int
    runs: list[prose.Run]


@dataclass
class SectionOut:
    number: str  # computed from the outline: "I.", "1.", "1.2", "a)"; "" for no heading
    title: str
    level: int
    blocks: list[Block_] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    children: list[SectionOut] = field(default_factory=list)
    style: str = Section.HEADING  # "runin": the heading opens its first paragraph

    @property
    def flow(self) -> list[Paragraph | ItemList | Table]:
        """The blocks with consecutive list items grouped into nested lists."""
        out: list = []
        for block in self.blocks:
            if not isinstance(block, ListItem):
                out.append(block)
                continue
            if not out or not isinstance(out[-1], ItemList):
                out.append(ItemList())
            entries = out[-1].entries
            if block.level <= 1:
                entries.append((block, []))
            elif entries:
                entries[-1][1].append(block)
            else:
                entries.append((None, [block]))
        return out

    @property
    def paragraphs(self) -> list[Paragraph | ListItem | TableCell]:
        """Everything of the section that holds runs, tables cell by cell (for readers
        of the text that do not care about the layout)."""
        out: list = []
        for block in self.blocks:
            if isinstance(block, Table):
                out.extend(cell for row in block.rows for cell in row)
            else:
                out.append(block)
        return out


@dataclass
class DocumentModel:
    issuer: str  # ubnd | dang | city
    issuer_parent: str
    issuer_name: str
    number_line: str
    place_date: str
    doc_type: str
    title: str
    sections: list[SectionOut]
    footnotes: list[Footnote]
    closing: str
    recipients: list[str]
    signer_authority: str
    signer_deputy: str
    signer_title: str
    signer_name: str
    missing: list[str]  # codes shown as missing (a final document has none)


def unit_phrase(unit: Unit) -> str:
    """'phường Thạch Khôi' as prose writes it."""
    return unit.name[:1].lower() + unit.name[1:]


def runin_heading(section: SectionOut) -> str:
    """'2. Công tác thu, chi ngân sách:' as it opens the section's first paragraph."""
    title = section.title.rstrip()
    if not title.endswith((":", ".", "?", "!")):
        title += ":"
    return f"{section.number} {title}".strip()


def report_facts(report: Report) -> dict[str, str]:
    period = report.period_obj
    nxt = period.next()
    return {
        "unit": unit_phrase(report.unit),
        "unit.name": report.unit.short_name,
        "period": period.short_label,
        "period.year": str(period.year),
        "next_period": nxt.short_label,
        "next_period.year": str(nxt.year),
    }


def fill_title(text: str, report: Report, tokens: dict[str, str] | None = None) -> str:
    """Template tokens in titles and header lines: {period}, {NEXT_PERIOD}, {UNIT} ...
    `tokens` (title_tokens(report)) saves working them out again for each title."""
    if "{" not in text:
        return text
    tokens = tokens or title_tokens(report)

    def swap(m: re.Match) -> str:
        return tokens.get(m.group(1), m.group(0))

    return re.sub(r"\{([A-Za-z_]+)\}", swap, text)


def title_tokens(report: Report) -> dict[str, str]:
    """What fill_title puts for each token, lower and upper case."""
    facts = report_facts(report)
    tokens = {
        "unit": facts["unit"],
        "unit_name": report.unit.short_name,
        "period": facts["period"],
        "next_period": facts["next_period"],
        "year": facts["period.year"],
        "next_year": facts["next_period.year"],
        "period_key": report.period_obj.key,
        "month": str(report.period_obj.number),
        "next_month": str(report.period_obj.next().number),
    }
    tokens.update({k.upper(): v.upper() for k, v in list(tokens.items())})
    return tokens


def number_line(report: Report) -> str:
    """'Số: 45/BC-UBND' (ND 30/2020) or 'Số 12-BC/ĐU' (HD 36-HD/VPTW). Before the
    office registers the number it stays blank, to be written in by hand, as the
    seeds show ("Số: /BC-UBND")."""
    # A report is numbered when approved (registry); a draft prints no number (issue 17).
    number = (report.number if report.status in Report.LOCKED else "") or "    "
    if report.template.issuer == ReportTemplate.DANG:
        return f"Số {number}-{report.template.symbol}"
    return f"Số: {number}/{report.template.symbol}"


def place_date(report: Report, day: date | None = None) -> str:
    """'Thạch Khôi, ngày 28 tháng 11 năm 2025'; with no date yet, the day is left blank
    for the signer (as in the seed: 'ngày   tháng 11 năm 2025')."""
    place = report.unit.short_name
    day = day or (report.issued_on if report.status in Report.LOCKED else None)  # issue 17
    if day:
        return f"{place}, {vn.vn_date(day)}"
    last_month = report.period_obj.months[1]
    month = f"{last_month:02d}" if last_month in (1, 2) else str(last_month)  # ND 30: 01, 02
    return f"{place}, ngày     tháng {month} năm {report.period_obj.year}"


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip
# Per outline level, the kind of number: UBND (ND 30 practice, the seeds and the
# templates) and the Party committee (HD 36 practice, the Đại Sơn seed).
NUMBERING = {
    "ubnd": ("roman", "decimal", "compound", "letter"),
    "dang": ("upper", "roman", "decimal", "letter"),
}


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def section_number(issuer: str, level: int, n: int, parent: str = "") -> str:
    """The printed number of the n-th numbered section at outline `level` (1-based):
    "I.", "1.", "1.2" (a compound number takes no final dot, as the reports write
    it), "a)", "A."."""
    kinds = NUMBERING.get(issuer, NUMBERING["ubnd"])
    kind = kinds[min(level, len(kinds)) - 1]
    if kind == "roman":
        return f"{roman(n)}."
    if kind == "upper":
        return f"{chr(ord('A') + (n - 1) % 26)}."
    if kind == "letter":
        return f"{chr(ord('a') + (n - 1) % 26)})"
    if kind == "compound" and parent[:1].isdigit():
        return f"{parent.rstrip('.')}.{n}"
    return f"{n}."


def outline_tree(report: Report) -> list[dict]:
    """Sections as a tree with their blocks (paragraphs, items, tables, each with its
    footnotes) and tasks, in one query per kind rather than one per section."""
    sections = list(report.sections.order_by("position", "pk"))
    blocks = list(Block.objects.filter(section__report=report).order_by("position", "pk"))
    tasks = list(report.tasks.order_by("position", "pk"))
    nodes = {s.pk: {"section": s, "children": [], "blocks": [], "tasks": []} for s in sections}
    notes: dict[int, list[Block]] = defaultdict(list)
    for block in blocks:
        if block.kind == Block.FOOTNOTE:
            notes[block.anchor_id].append(block)
    for block in blocks:
        if block.kind != Block.FOOTNOTE:
            nodes[block.section_id]["blocks"].append(
                {"block": block, "footnotes": notes.get(block.pk, [])}
            )
    for task in tasks:
        nodes[task.section_id]["tasks"].append(task)
    roots = []
    for s in sections:
        (nodes[s.parent_id]["children"] if s.parent_id else roots).append(nodes[s.pk])
    return roots


def build_document(
    report: Report, *, final: bool = False, issued_on: date | None = None
) -> DocumentModel:
    values = report_values(report)
    resolve = prose.resolver(values, report_facts(report))
    tokens = title_tokens(report)
    footnotes: list[Footnote] = []
    missing: list[str] = []

    def render(text: str, note_texts: dict[str, str]) -> list[prose.Run]:
        out = prose.runs(text, resolve, final=final)
        numbered = []
        for run in out:
            if run.missing:
                missing.append(run.text)
            if run.footnote is not None:
                note = note_texts.get(run.footnote)
                if note is None:
                    continue  # a marker without its note is a finding, not a crash
                number = len(footnotes) + 1
                footnotes.append(Footnote(number, prose.runs(note, resolve, final=final)))
                numbered.append(prose.Run(str(number), footnote=str(number)))
            else:
                numbered.append(run)
        return numbered

    issuer = report.template.issuer

    def block_out(block: Block, notes: dict[str, str]) -> Block_:
        if block.kind == Block.ITEM:
            return ListItem(render(block.text, notes), max(1, min(block.level, 2)))
        if block.kind == Block.TABLE:
            data = block.data or {}
            header_rows = int(data.get("header_rows") or 0)
            rows = [
                [
                    TableCell(
                        render(str(cell.get("text", "")), notes),
                        max(1, int(cell.get("colspan") or 1)),
                        max(1, int(cell.get("rowspan") or 1)),
                        r < header_rows,
                    )
                    for cell in row
                    if isinstance(cell, dict)
                ]
                for r, row in enumerate(data.get("rows") or [])
            ]
            return Table([row for row in rows if row], header_rows)
        return Paragraph(render(block.text, notes))

    def convert(node: dict, level: int, number: str, parent_number: str) -> SectionOut:
        section = node["section"]
        out = SectionOut(number, fill_title(section.title, report, tokens), level)
        for item in node["blocks"]:
            notes = {fn.key: fn.text for fn in item["footnotes"]}
            out.blocks.append(block_out(item["block"], notes))
        out.tasks = [prose.plain(t.text, resolve, final=final) for t in node["tasks"]]
        out.children = convert_all(node["children"], level + 1, number or parent_number)
        if section.style == Section.RUNIN and out.title and out.blocks:
            first = out.blocks[0]
            if isinstance(first, Paragraph):
                first.runs[:0] = [prose.Run(runin_heading(out), bold=True), prose.Run(" ")]
                out.style = Section.RUNIN
        return out

    def convert_all(nodes: list[dict], level: int, parent_number: str) -> list[SectionOut]:
        out, n = [], 0
        for node in nodes:
            number = ""
            if node["section"].title.strip():
                n += 1
                number = section_number(issuer, level, n, parent_number)
            out.append(convert(node, level, number, parent_number))
        return out

    sections = convert_all(outline_tree(report), 1, "")
    template = report.template
    return DocumentModel(
        issuer=template.issuer,
        issuer_parent=fill_title(template.issuer_parent, report, tokens),
        issuer_name=fill_title(template.issuer_name, report, tokens),
        number_line=number_line(report),
        place_date=place_date(report, issued_on),
        doc_type="BÁO CÁO",
        title=fill_title(template.title, report, tokens),
        sections=sections,
        footnotes=footnotes,
        closing=report.closing  # the source's own sentence, else the template's
        or prose.plain(fill_title(template.closing, report, tokens), resolve, final=final),
        recipients=list(report.recipients or template.recipients),  # the report's own list
        signer_authority=template.signer_authority,
        signer_deputy=template.signer_deputy,
        signer_title=template.signer_title,
        signer_name=report.signer_name,
        missing=missing,
    )
