"""Word .docx reports: body paragraphs and tables in order, list numbers as Word
shows them ("1.", "a)", "II."), bold, italic and underlined runs, and real
footnotes at their marks. Bulleted list paragraphs carry their level (numPr ilvl,
or a "List Bullet 2" style); table rows carry their cells with spans.

The XML is read here with defusedxml (safety.parse_xml) rather than handed to a
DOCX library, so that every byte inflated and every element parsed is under the
limits of safety.py. Footnotes are mapped by id, never by position: Word numbers
its notes from 1, LibreOffice from 2, pandoc from 9 (libs.md §3).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from baocao.importer import legacy, safety
from baocao.importer.source import RawParagraph, SourceText, build_source

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_SPECIAL_NOTES = {"separator", "continuationSeparator", "continuationNotice"}
# Inline containers whose runs are part of the paragraph's text.
_INLINE = {W + t for t in ("hyperlink", "ins", "smartTag", "fldSimple", "sdt", "sdtContent",
                           "customXml", "moveTo", "r", "bdo", "dir")}  # fmt: skip
_OFF = {"0", "false", "off"}


def read(data: bytes) -> SourceText:
    zf = safety.open_docx_zip(data)
    parts = _related_parts(zf)
    document = safety.parse_xml(safety.read_member(zf, "word/document.xml") or b"", "document.xml")
    styles = _Styles(_xml(zf, parts.get("styles")))
    numbering = _Numbering(_xml(zf, parts.get("numbering")))
    reader = _BodyReader(styles, numbering)
    body = document.find(W + "body")
    if body is not None:
        reader.read_blocks(body)
    notes = _footnotes(_xml(zf, parts.get("footnotes")), reader)
    return build_source(reader.paragraphs, notes, "docx")


def _related_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """styles, numbering and footnotes part names, from document.xml's relationships."""
    rels = _xml(zf, "word/_rels/document.xml.rels")
    found: dict[str, str] = {}
    if rels is None:
        return found
    for rel in rels.iter(REL + "Relationship"):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        target = rel.get("Target", "")
        if kind in ("styles", "numbering", "footnotes") and rel.get("TargetMode") != "External":
            name = target.lstrip("/") if target.startswith("/") else posixpath.join("word", target)
            found[kind] = posixpath.normpath(name)
    return found


def _xml(zf: zipfile.ZipFile, name: str | None) -> Element | None:
    if name is None:
        return None
    data = safety.read_member(zf, name)
    return None if data is None else safety.parse_xml(data, name)


def _on(element: Element | None) -> bool:
    return element is not None and element.get(W + "val", "true") not in _OFF


# -- styles and list numbering -----------------------------------------------------------


@dataclass
class _Style:
    bold: bool = False
    heading_level: int | None = None
    num: tuple[str, int] | None = None  # (numId, ilvl)
    based_on: str | None = None
    italic: bool = False
    underline: bool = False
    list_level: int | None = None  # "List Bullet 2" -> 2


_LIST_STYLE = re.compile(r"list (?:bullet|dash)(?: (\d))?")


class _Styles:
    def __init__(self, root: Element | None):
        self.styles: dict[str, _Style] = {}
        for s in [] if root is None else root.iter(W + "style"):
            style = _Style()
            name = s.find(W + "name").get(W + "val", "") if s.find(W + "name") is not None else ""
            if m := re.fullmatch(r"heading (\d)", name.lower()):
                style.heading_level = int(m.group(1))
            if m := _LIST_STYLE.fullmatch(name.lower()):
                style.list_level = int(m.group(1) or 1)
            ppr = s.find(W + "pPr")
            if ppr is not None:
                outline = ppr.find(W + "outlineLvl")
                if outline is not None and style.heading_level is None:
                    style.heading_level = int(outline.get(W + "val", "0")) + 1
                style.num = _num_of(ppr)
            rpr = s.find(W + "rPr")
            style.bold = rpr is not None and _on(rpr.find(W + "b"))
            style.italic = rpr is not None and _on(rpr.find(W + "i"))
            style.underline = rpr is not None and _underlined(rpr)
            based = s.find(W + "basedOn")
            style.based_on = based.get(W + "val") if based is not None else None
            self.styles[s.get(W + "styleId", "")] = style

    def get(self, style_id: str | None) -> _Style:
        style = self.styles.get(style_id or "")
        if style is None:
            return _Style()
        seen = {style_id}
        parent_id = style.based_on
        while parent_id and parent_id not in seen and parent_id in self.styles:
            seen.add(parent_id)
            parent = self.styles[parent_id]
            style = _Style(
                style.bold or parent.bold,
                style.heading_level or parent.heading_level,
                style.num or parent.num,
                None,
                style.italic or parent.italic,
                style.underline or parent.underline,
                style.list_level or parent.list_level,
            )
            parent_id = parent.based_on
        return style


def _underlined(rpr: Element) -> bool:
    u = rpr.find(W + "u")
    return u is not None and u.get(W + "val", "single") not in ("none", *_OFF)


def _num_of(ppr: Element) -> tuple[str, int] | None:
    numpr = ppr.find(W + "numPr")
    if numpr is None:
        return None
    num_id = numpr.find(W + "numId")
    ilvl = numpr.find(W + "ilvl")
    if num_id is None:
        return None
    level = ilvl.get(W + "val", "0") if ilvl is not None else "0"
    return num_id.get(W + "val", "0"), int(level) if level.isdigit() else 0


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


class _Numbering:
    """List labels as Word draws them: counters per list, deeper levels restart."""

    def __init__(self, root: Element | None):
        abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        for a in root.iter(W + "abstractNum"):
            abstract[a.get(W + "abstractNumId", "")] = _levels(a)
        for n in root.iter(W + "num"):
            ref = n.find(W + "abstractNumId")
            levels = dict(abstract.get(ref.get(W + "val", "") if ref is not None else "", {}))
            for override in n.iter(W + "lvlOverride"):
                ilvl = int(override.get(W + "ilvl", "0"))
                start = override.find(W + "startOverride")
                if start is not None and ilvl in levels:
                    lvl = levels[ilvl]
                    levels[ilvl] = _Level(int(start.get(W + "val", "1")), lvl.fmt, lvl.text)
            self.nums[n.get(W + "numId", "")] = levels

    def is_bullet(self, num: tuple[str, int] | None) -> bool:
        if num is None or num[0] not in self.nums:
            return False
        level = self.nums[num[0]].get(num[1])
        return level is not None and level.fmt == "bullet"

    def label(self, num: tuple[str, int] | None) -> str:
        if num is None or num[0] not in self.nums:
            return ""
        num_id, ilvl = num
        levels = self.nums[num_id]
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        ilvl = min(ilvl, 8)
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if counters[ilvl] == 0:
            counters[ilvl] = levels[ilvl].start
        else:
            counters[ilvl] += 1
        level = levels[ilvl]
        if level.fmt == "bullet":
            marker = level.text.strip()
            return "-" if marker in ("-", "–", "—", "") else "+" if marker == "+" else "•"
        if level.fmt == "none":
            return ""

        def number(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            lvl = levels.get(i, _Level())
            value = counters[i] or lvl.start
            return _format_number(value, lvl.fmt)

        return re.sub(r"%([1-9])", number, level.text).strip()


def _levels(abstract: Element) -> dict[int, _Level]:
    levels: dict[int, _Level] = {}
    for lvl in abstract.iter(W + "lvl"):
        ilvl = lvl.get(W + "ilvl", "0")
        start = lvl.find(W + "start")
        fmt = lvl.find(W + "numFmt")
        text = lvl.find(W + "lvlText")
        levels[int(ilvl) if ilvl.isdigit() else 0] = _Level(
            int(start.get(W + "val", "1")) if start is not None else 1,
            fmt.get(W + "val", "decimal") if fmt is not None else "decimal",
            text.get(W + "val", "") if text is not None else "",
        )
    return levels


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        out = ""
        for value, letters in _ROMAN:
            while n >= value:
                out, n = out + letters, n - value
        return out if fmt == "upperRoman" else out.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * (1 + (n - 1) // 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


# -- body --------------------------------------------------------------------------------


@dataclass
class _Text:
    """A paragraph's text as its runs are read."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    bold: list[tuple[int, int]] = field(default_factory=list)
    refs: list[tuple[int, str]] = field(default_factory=list)
    italic: list[tuple[int, int]] = field(default_factory=list)
    underline: list[tuple[int, int]] = field(default_factory=list)
    marks: tuple[bool, bool] = (False, False)  # the current run's italic, underline

    def add(self, text: str, bold: bool) -> None:
        if not text:
            return
        text = unicodedata.normalize("NFC", text)
        end = self.length + len(text)
        italic, underline = self.marks
        for on, spans in ((bold, self.bold), (italic, self.italic), (underline, self.underline)):
            if not on:
                continue
            if spans and spans[-1][1] == self.length:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((self.length, end))
        self.parts.append(text)
        self.length += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


class _BodyReader:
    def __init__(self, styles: _Styles, numbering: _Numbering):
        self.styles = styles
        self.numbering = numbering
        self.paragraphs: list[RawParagraph] = []
        self.tables = 0

    def read_blocks(self, container: Element) -> None:
        for child in container:
            if child.tag == W + "p":
                self.paragraphs.append(self.paragraph(child))
            elif child.tag == W + "tbl":
                self.paragraphs.extend(self.table(child))
            elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
                self.read_blocks(child)

    def paragraph(self, p: Element, *, numbered: bool = True) -> RawParagraph:
        ppr = p.find(W + "pPr")
        style_el = ppr.find(W + "pStyle") if ppr is not None else None
        style = self.styles.get(style_el.get(W + "val") if style_el is not None else None)
        text = _Text()
        num = (_num_of(ppr) if ppr is not None else None) or style.num
        level = None
        if numbered and style.list_level:
            level = style.list_level
        elif numbered and num and num[0] != "0" and self.numbering.is_bullet(num):
            level = num[1] + 1
        label = self.numbering.label(num) if numbered and (num and num[0] != "0") else ""
        if label and level is None:  # a bullet is drawn by Word, not text: its level says it
            text.add(label + ("\t" if label in ("-", "+", "•") else " "), False)
        self._runs(p, text, style)
        raw = RawParagraph(text.text, text.bold, text.refs, style.heading_level)
        raw.italic, raw.underline, raw.list_level = text.italic, text.underline, level
        return raw

    def _runs(self, element: Element, text: _Text, style: _Style) -> None:
        for child in element:
            if child.tag == W + "r":
                self._run(child, text, style)
            elif child.tag in _INLINE:
                self._runs(child, text, style)

    def _run(self, run: Element, text: _Text, style: _Style) -> None:
        rpr = run.find(W + "rPr")
        bold, italic, underline = style.bold, style.italic, style.underline
        if rpr is not None:
            rstyle = rpr.find(W + "rStyle")
            char = self.styles.get(rstyle.get(W + "val")) if rstyle is not None else _Style()
            b, i = rpr.find(W + "b"), rpr.find(W + "i")
            bold = _on(b) if b is not None else bold or char.bold
            italic = _on(i) if i is not None else italic or char.italic
            u = rpr.find(W + "u")
            underline = _underlined(rpr) if u is not None else underline or char.underline
        text.marks = (italic, underline)
        for child in run:
            tag = child.tag
            if tag == W + "t":
                text.add(legacy.run_text(child.text or "", rpr), bold)  # .VnTime / VNI runs
            elif tag == W + "tab":
                text.add("\t", False)
            elif tag in (W + "br", W + "cr"):
                text.add("\n", False)
            elif tag == W + "noBreakHyphen":
                text.add("-", bold)
            elif tag == W + "footnoteReference":
                note_id = child.get(W + "id")
                if note_id is not None:
                    text.refs.append((text.length, note_id))
        text.marks = (False, False)

    def table(self, tbl: Element) -> list[RawParagraph]:
        """One paragraph a row, its cells joined by " | " (a label and its figure stay
        together: "Tổng số hồ sơ tiếp nhận | 1.527"), each row with its cells' places
        and spans: a horizontal merge (gridSpan) is a colspan, a vertical one (vMerge)
        a rowspan of the cell it starts from. Header rows are those Word repeats
        (tblHeader); without any, a first row without a figure."""
        self.tables += 1
        rows: list[RawParagraph] = []
        above: dict[int, tuple[RawParagraph, int]] = {}  # grid column -> (row, cell index)
        for tr in (r for r in tbl if r.tag == W + "tr"):
            row = _Text()
            cells: list[list[int]] = []
            column = 0
            for i, tc in enumerate(c for c in tr if c.tag == W + "tc"):
                if i:
                    row.add(" | ", False)
                tcpr = tc.find(W + "tcPr")
                span_el = tcpr.find(W + "gridSpan") if tcpr is not None else None
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                span = int(span_el.get(W + "val", "1")) if span_el is not None else 1
                span = max(1, min(span, 64))
                start = row.length
                for j, p in enumerate(tc.iter(W + "p")):
                    if j:
                        row.add(" ", False)
                    cell = self.paragraph(p, numbered=False)
                    base = row.length
                    row.add(cell.text, False)
                    row.refs.extend((base + at, note) for at, note in cell.refs)
                    for spans, mine in ((row.bold, cell.bold), (row.italic, cell.italic),
                                        (row.underline, cell.underline)):  # fmt: skip
                        spans.extend((base + s, base + e) for s, e in mine)
                continued = vmerge is not None and vmerge.get(W + "val", "continue") != "restart"
                if continued and column in above:
                    top_row, top_cell = above[column]
                    top_row.cells[top_cell][3] += 1
                    cells.append([start, row.length, span, 0])
                else:
                    cells.append([start, row.length, span, 1])
                column += span
            trpr = tr.find(W + "trPr")
            repeated = trpr is not None and _on(trpr.find(W + "tblHeader"))
            raw = RawParagraph(row.text, row.bold, row.refs)
            raw.italic, raw.underline = row.italic, row.underline
            raw.table, raw.header, raw.cells = self.tables, repeated, cells
            column = 0
            for index, cell in enumerate(cells):
                if cell[3]:
                    above[column] = (raw, index)
                column += cell[2]
            if row.text.strip(" |"):
                rows.append(raw)
        if rows and not any(r.header for r in rows) and len(rows) > 1:
            rows[0].header = not re.search(r"\d", rows[0].text)
        for raw in rows:
            raw.cells = [tuple(c) for c in raw.cells]
        return rows


def _footnotes(root: Element | None, reader: _BodyReader) -> dict[str, str]:
    notes: dict[str, str] = {}
    if root is None:
        return notes
    for note in root.iter(W + "footnote"):
        if note.get(W + "type", "normal") in _SPECIAL_NOTES:
            continue
        note_id = note.get(W + "id")
        if note_id is None:
            continue
        texts = [reader.paragraph(p, numbered=False).text for p in note.iter(W + "p")]
        notes[note_id] = " ".join(t.strip() for t in texts if t.strip())
    return notes
