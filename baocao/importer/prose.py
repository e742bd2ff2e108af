"""An extraction written back as a report's outline and prose (docs/placeholders.md):
the document's own wording, with each mapped figure replaced by its placeholder in
the format it was written in, bold, italic and underlined spans as `**...**`,
`*...*`, `__...__`, footnotes as `[^key]` where their marks stood, bulleted
paragraphs as list items of level 1 ("-", "•", a Word bullet list) or 2 ("+",
"- +", an indented "-", a second-level Word bullet), tables as table blocks whose
cells hold their figures as placeholders, and the next period's items as tasks.

The rule that keeps the wording: a figure becomes `{{code|format}}` only when that
format renders exactly what the document wrote ("03" → `|pad`, "11 tỷ 15 triệu" →
`|ty`, "88,73" → none); otherwise ("giảm 45 hộ" stored as -45, "6 tỷ 080 triệu",
"không có phản ánh" for 0) the words stay as written and the value is still stored.

Numbered headings that are only a heading become sections (a heading in bold, or
in a Word heading style, too). A heading run into its text ("2. Công tác thu, chi
ngân sách: Số thu ...") becomes a run-in section (Section.style "runin") named by
the words before the colon, its text the first paragraph; documents print the
heading back at the start of that paragraph. Bold run-in headings ("**Nội vụ:**")
stay prose.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal

from baocao.importer.extract import Extraction
from baocao.importer.facts import Fact
from baocao.importer.lexicon import key_text, load_lexicon
from baocao.importer.outline import Section as OutlineSection
from baocao.reports import prose
from baocao.reports.models import Block
from baocao.reports.services import OutlinePlan

_END_OF_BODY = re.compile(r"\A(?:Nơi nhận|Trên đây là)", re.I)
_WEAK = ("bold", "bullet")
MAX_HEADING = 250
MAX_RUNIN_TITLE = 80
FORMATS = ("", "pad", "ty")
# A typed list marker: "- ", "• ", "– " (level 1), "+ " or "- + " (level 2).
_ITEM = re.compile(r"\A(?:(?P<dash>[-–•])(?:[ \t]+(?P<sub>\+))?|(?P<plus>\+))[ \t]+(?=\S)")


@dataclass
class _Node:
    """A section of the stored report while it is being planned."""

    number: str
    title: str
    level: int
    is_tasks: bool
    parent: int | None
    paragraphs: list[int] = field(default_factory=list)  # source paragraph indexes
    tasks: list[str] = field(default_factory=list)
    style: str = "heading"  # or "runin"


def figure_prose(literal: str, value: Decimal) -> str | None:
    """The placeholder format under which `value` renders as `literal`, as the
    suffix to add ("" or "|pad" ...), or None when no format writes it that way."""
    for fmt in FORMATS:
        try:
            shown = prose.format_value(value, fmt)
        except Exception:  # a count format for a fraction, money words for a rate
            continue
        if shown == literal:
            return f"|{fmt}" if fmt else ""
    return None


def replacements(
    text: str, facts: list[Fact], original: dict[tuple[str, int], Decimal]
) -> list[tuple[int, int, str]]:
    """(start, end, placeholder) for each fact whose figure can be written back; the
    format is found against the value the document wrote (`original`), so a figure
    corrected by a reviewer renders its corrected value in the same style."""
    by_span: dict[tuple[int, int], list[Fact]] = {}
    for f in facts:
        if f.number_end > f.number_start:
            by_span.setdefault((f.number_start, f.number_end), []).append(f)
    out: list[tuple[int, int, str]] = []
    for (start, end), group in by_span.items():
        literal = text[start:end]
        core = literal.rstrip(" %")  # "88,73 %": the sign stays in the prose
        parts = core.split("/") if len(group) > 1 else [core]
        if len(parts) != len(group):
            continue
        offset, used = start, set()
        spans = []
        for part in parts:
            spans.append((offset, offset + len(part), part))
            offset += len(part) + 1
        for f in group:
            value = original.get((f.code, f.number_start), f.value)
            for i, (s, e, part) in enumerate(spans):
                if i in used:
                    continue
                fmt = figure_prose(part, value)
                if fmt is not None:
                    used.add(i)
                    out.append((s, e, f"{{{{{f.code}{fmt}}}}}"))
                    break
    return sorted(out)


def write_prose(
    text: str,
    start: int,
    end: int,
    subs: list[tuple[int, int, str]],
    bold: tuple[tuple[int, int], ...] = (),
    marks: list[tuple[int, str]] = (),
    *,
    italic: tuple[tuple[int, int], ...] = (),
    underline: tuple[tuple[int, int], ...] = (),
) -> str:
    """text[start:end] with placeholders, `**` / `*` / `__` around bold, italic and
    underlined spans, and `[^key]` marks. A figure an emphasis starts or ends inside
    stays as written."""
    events: list[tuple[int, int, str, int]] = []  # (at, order, insert, skip_to)
    for spans, marker in ((bold, "**"), (italic, "*"), (underline, "__")):
        for s, e in spans:
            s, e = max(s, start), min(e, end)
            if e > s and text[s:e].strip():
                events.append((s, 1, marker, s))
                events.append((e, 0, marker, e))
    for at, key in marks:
        if start <= at <= end:
            events.append((at, 0, f"[^{key}]", at))
    edges = {at for at, _, ins, _ in events if not ins.startswith("[^")}
    for s, e, placeholder in subs:
        if start <= s and e <= end and not any(s < b < e for b in edges):
            events.append((s, 2, placeholder, e))
    out, pos = [], start
    for at, _, insert, skip_to in sorted(events, key=lambda ev: (ev[0], ev[1])):
        if at < pos:
            continue  # inside a replaced figure
        out.append(text[pos:at])
        out.append(insert)
        pos = max(at, skip_to)
    out.append(text[pos:end])
    return "".join(out)


def item_level(paragraph, text: str) -> tuple[int, int]:
    """(list level, length of the typed marker) of a paragraph; level 0 for prose.
    A Word bullet list gives the level; else the marker typed: "-" 1, "+" or "- +"
    2, and "-" on an indented line of a text file 2."""
    m = _ITEM.match(text)
    marker = m.end() if m else 0
    if paragraph.list_level:
        return min(paragraph.list_level, 2), marker
    if not m:
        return 0, 0
    nested = m.group("sub") or m.group("plus") or paragraph.indent > 0
    return (2 if nested else 1), marker


class _Planner:
    def __init__(self, extraction: Extraction, facts: list[Fact]):
        self.x = extraction
        self.source = extraction.source
        self.text = self.source.text
        original = {(f.code, f.number_start): f.value for f in extraction.facts}
        self.subs = replacements(self.text, facts, original)
        self.fact_starts = sorted(f.number_start for f in facts)
        self.facts = sorted(facts, key=lambda f: f.number_start)
        self.plan_words = load_lexicon().plan_sections
        self.nodes: list[_Node] = []
        self.cut: dict[int, int] = {}  # paragraph index -> where its text starts (run-in)
        self.starts = [p.start for p in self.source.paragraphs]
        self.anchored: dict[int, list] = {}  # paragraph index -> its footnotes
        for note in self.source.footnotes:
            if note.anchor is not None:
                self.anchored.setdefault(self.source.paragraph_index(note.anchor), []).append(note)

    # -- paragraphs ----------------------------------------------------------------

    def _para(self, index: int):
        return self.source.paragraphs[index]

    def _plain(self, index: int, *, bold_heading: bool = False) -> bool:
        """No figure, footnote or bold in it: it may be a heading or a task. With
        bold_heading, a paragraph bold throughout, or in a Word heading style, is
        plain too (headings are often set in bold)."""
        p = self._para(index)
        has_fact = any(p.start <= s < p.end for s in self.fact_starts)
        bold = bool(p.bold)
        if bold and bold_heading:
            covered = sum(e - s for s, e in p.bold)
            text = self.text[p.start : p.end]
            bold = p.heading_level is None and covered < len(text.replace(" ", "")) * 0.9
        return not has_fact and index not in self.anchored and not bold and p.table is None

    def _body_range(self) -> tuple[int, int]:
        paragraphs = self.source.paragraphs
        roots = _numbered(self.x.outline.sections)
        first = roots[0].paragraph if roots else 0
        title = key_text(self.x.document.title or "")
        lead = first
        for i in range(first):
            if title and title in key_text(self.text[paragraphs[i].start : paragraphs[i].end]):
                lead = i + 1
        end = len(paragraphs)
        for i in range(lead, len(paragraphs)):
            p = paragraphs[i]
            if p.note is not None or _END_OF_BODY.match(self.text[p.start : p.end]):
                end = i
                break
        return lead, end

    # -- sections --------------------------------------------------------------------

    def plan(self) -> OutlinePlan:
        lead, end = self._body_range()
        roots = _numbered(self.x.outline.sections)
        if roots and lead < roots[0].paragraph:
            node = self._add("", "", None, 1, False)
            node.paragraphs = list(range(lead, roots[0].paragraph))
        elif not roots:  # a text without headings: all of it, in one section
            self._add("", "", None, 1, False).paragraphs = list(range(lead, end))
        self.owner: dict[int, int] = {}
        for s in _numbered(roots):
            self._section(s, None, 1, False, end)
        for index in range(lead, end):
            if index in self.owner:
                self.nodes[self.owner[index]].paragraphs.append(index)
        return self._rows()

    def _add(self, number, title, parent, level, is_tasks) -> _Node:
        self.nodes.append(_Node(number, title, level, is_tasks, parent))
        return self.nodes[-1]

    def _heading(self, s: OutlineSection) -> tuple[str, str] | None:
        """(number, title) when the heading paragraph is only a heading and renders
        back as written (documents.layout.heading_text)."""
        index = s.paragraph
        text = self.text[self._para(index).start : self._para(index).end]
        if len(text) > MAX_HEADING or not self._plain(index, bold_heading=True):
            return None
        if s.number and (m := re.match(rf"{re.escape(s.number)}[.)]?\s+", text)):
            return s.number, text[m.end() :].strip()
        return "", text

    def _runin(self, s: OutlineSection) -> tuple[str, str, int] | None:
        """(number, title, where the text starts) of a heading run into its text:
        "2. Công tác thu, chi ngân sách: Số thu ..." with no figure or note mark in
        the heading's words."""
        p = self._para(s.paragraph)
        text = self.text[p.start : p.end]
        m = re.match(rf"{re.escape(s.number)}[.)]?[ \t]+", text) if s.number else None
        if m is None or p.table is not None:
            return None
        colon = text.find(":", m.end())
        if colon < 0 or not 0 < colon - m.end() <= MAX_RUNIN_TITLE:
            return None
        body = colon + 1 + len(text[colon + 1 :]) - len(text[colon + 1 :].lstrip())
        if body >= len(text):
            return None
        head_end = p.start + colon
        if any(p.start <= f < head_end for f in self.fact_starts) or any(
            n.anchor is not None and p.start <= n.anchor <= head_end
            for n in self.anchored.get(s.paragraph, [])
        ):
            return None
        title = text[m.end() : colon].strip(" *_")
        return (s.number, title, p.start + body) if title else None

    def _section(self, s: OutlineSection, parent, level, in_tasks, end) -> None:
        if s.paragraph >= end:
            return
        is_tasks = in_tasks or (level == 1 and self._is_plan(s.title))
        heading = self._heading(s)
        if is_tasks and self._task_list(s, parent, level, end):
            return
        runin = None if heading else self._runin(s)
        number, title = heading if heading else runin[:2] if runin else ("", "")
        node = self._add(number, title, parent, level, is_tasks)
        me = len(self.nodes) - 1
        start = s.paragraph + (1 if heading else 0)
        if runin:
            node.style = "runin"
            self.cut[s.paragraph] = runin[2]
        kids = _numbered(s.children)
        stop = min([c.paragraph for c in kids] + [self._stop(s, end)])
        for i in range(start, stop):
            self.owner[i] = me
        node.paragraphs = []
        for child in kids:
            self._section(child, me, level + 1, is_tasks, end)

    def _stop(self, s: OutlineSection, end: int) -> int:
        """The index of the first paragraph after the section."""
        if not s.end:
            return end
        return min(end, bisect_left(self.starts, s.end))

    def _task_list(self, s: OutlineSection, parent, level, end) -> bool:
        """'B. NHIỆM VỤ ...' followed by '1. ...', '2. ...': one task a numbered item,
        as layout.task_lines numbers them back."""
        kids = [c for c in _numbered(s.children) if c.paragraph < end]
        if not kids or self._heading(s) is None or s.number[:1].isdigit() and level > 1:
            return False
        items = []
        for i, c in enumerate(kids, 1):
            p = self._para(c.paragraph)
            text = self.text[p.start : p.end]
            lone = self._stop(c, end) <= c.paragraph + 1 and not _numbered(c.children)
            if not (c.number == str(i) and text.startswith(f"{i}. ") and lone):
                return False
            if not self._plain(c.paragraph):
                return False
            items.append(text[len(f"{i}. ") :])
        own = range(s.paragraph + 1, kids[0].paragraph)
        if own:
            return False
        number, title = self._heading(s)
        node = self._add(number, title, parent, level, True)
        node.tasks = items
        return True

    def _is_plan(self, title: str) -> bool:
        return any(key_text(title).startswith(word) for word in self.plan_words)

    # -- rows ------------------------------------------------------------------------

    def _rows(self) -> OutlinePlan:
        sections, blocks, tasks = [], [], []
        for i, node in enumerate(self.nodes):
            sections.append(
                {
                    "parent": node.parent,
                    "number": node.number,
                    "title": node.title,
                    "is_tasks": node.is_tasks,
                    "indicators": self._codes(node.paragraphs),
                    "style": node.style,
                }
            )
            numbered = node.level == 1 or not node.number[:1].isdigit()
            as_tasks = (
                node.is_tasks
                and not numbered
                and node.paragraphs
                and all(self._plain(p) for p in node.paragraphs)
            )
            if as_tasks:
                node.tasks = [self._text(p) for p in node.paragraphs]
                node.paragraphs = []
            tasks.extend({"section": i, "text": t} for t in node.tasks)
            for group in _tables_grouped(node.paragraphs, self.source.paragraphs):
                if len(group) > 1 or self._para(group[0]).table is not None:
                    blocks.extend(self._table(i, group, len(blocks)))
                else:
                    blocks.extend(self._blocks(i, group[0], len(blocks)))
        return OutlinePlan(sections, blocks, tasks)

    def _codes(self, paragraphs: list[int]) -> list[str]:
        """The codes of the figures in these paragraphs and their footnotes: the
        figures the editor shows with the section."""
        spans = [(self._para(i).start, self._para(i).end) for i in paragraphs]
        spans += [(n.start, n.end) for i in paragraphs for n in self.anchored.get(i, [])]
        codes = [f.code for f in self.facts if any(s <= f.number_start < e for s, e in spans)]
        return list(dict.fromkeys(codes))

    def _text(self, index: int) -> str:
        p = self._para(index)
        return self.text[p.start : p.end]

    def _prose(self, start: int, end: int, index: int, marks=()) -> str:
        p = self._para(index)
        return write_prose(
            self.text, start, end, self.subs, p.bold, marks, italic=p.italic, underline=p.underline
        )

    def _blocks(self, section: int, index: int, at: int) -> list[dict]:
        p = self._para(index)
        start = self.cut.get(index, p.start)
        level, marker = item_level(p, self.text[start : p.end])
        notes = self.anchored.get(index, [])
        marks = [(n.anchor, n.key) for n in notes]
        text = self._prose(start + marker, p.end, index, marks)
        kind = Block.ITEM if level else Block.PARAGRAPH
        block = {"section": section, "kind": kind, "text": text, "anchor": None, "key": ""}
        block.update(level=level, data={})
        return [block, *self._notes(section, notes, at)]

    def _table(self, section: int, rows: list[int], at: int) -> list[dict]:
        """A table block of consecutive table rows: each cell's text in prose syntax,
        its figures placeholders; the notes marked in any cell follow the table."""
        notes = [n for index in rows for n in self.anchored.get(index, [])]
        marks = [(n.anchor, n.key) for n in notes]
        data_rows = []
        for index in rows:
            cells = self._para(index).cells
            data_rows.append(
                [
                    {"text": self._prose(s, e, index, marks), "colspan": span, "rowspan": down}
                    for s, e, span, down in cells
                    if down
                ]
            )
        header = 0
        while header < len(rows) and self._para(rows[header]).header:
            header += 1
        block = {"section": section, "kind": Block.TABLE, "text": "", "anchor": None, "key": ""}
        block.update(level=0, data={"header_rows": header, "rows": data_rows})
        return [block, *self._notes(section, notes, at)]

    def _notes(self, section: int, notes: list, at: int) -> list[dict]:
        out = []
        for n in notes:
            note_para = next(q for q in self.source.paragraphs if q.note == n.key)
            text = write_prose(
                self.text, n.start, n.end, self.subs, note_para.bold,
                italic=note_para.italic, underline=note_para.underline,
            )  # fmt: skip
            out.append(
                {"section": section, "kind": Block.FOOTNOTE, "text": text, "anchor": at,
                 "key": n.key, "level": 0, "data": {}}
            )  # fmt: skip
        return out


def _tables_grouped(indexes: list[int], paragraphs) -> list[list[int]]:
    """Paragraph indexes in order, the consecutive rows of one table together."""
    groups: list[list[int]] = []
    for index in indexes:
        table = paragraphs[index].table
        last = groups[-1] if groups else None
        if (
            table is not None
            and last is not None
            and paragraphs[last[-1]].table == table
            and last[-1] == index - 1
        ):
            last.append(index)
        else:
            groups.append([index])
    return groups


def _numbered(sections: list[OutlineSection]) -> list[OutlineSection]:
    return [s for s in sections if s.kind not in _WEAK]


def plan_report(extraction: Extraction, facts: list[Fact] | None = None) -> OutlinePlan:
    """The rows of the report to store (services.instantiate_outline's shape)."""
    return _Planner(extraction, extraction.facts if facts is None else facts).plan()
