"""The text of an imported report, the same for every reader.

Every reader (readers/txt.py, docx.py, pdf.py) turns its file into a list of
`RawParagraph` and a dict of footnote texts, and `build_source` turns those into a
`SourceText`: the NFC text, body paragraphs joined by a blank line, then the
footnotes' texts, each its own paragraph after the body. Offsets everywhere in the
importer (facts, numbers, outline) are offsets into `SourceText.text`.

Footnote reference marks are not kept in the text ("địa bàn¹" reads "địa bàn"): a
DOCX or PDF has no character for them, and a mark glued to a word or a number
("13 hồ sơ⁴") would only get in the way of reading it. Each note keeps its anchor,
the offset where its mark stood.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Footnote:
    key: str  # the number a reader sees, "1", "2", ... in order of the marks
    text: str
    anchor: int | None  # where its mark stood in the body; None for a note no mark points at
    start: int  # the note's text is SourceText.text[start:end]
    end: int


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    note: str | None = None  # the key of the footnote whose text this paragraph is
    bold: tuple[tuple[int, int], ...] = ()  # bold spans, offsets into SourceText.text
    heading_level: int | None = None  # from a DOCX heading style ("Heading 2" -> 2)
    italic: tuple[tuple[int, int], ...] = ()
    underline: tuple[tuple[int, int], ...] = ()
    list_level: int | None = None  # a bulleted list item (DOCX list): 1, 2, ...
    indent: int = 0  # leading spaces of a text line (a nested "- " item in a TXT)
    table: int | None = None  # a table row: the table's number in the document
    header: bool = False  # a header row of its table
    # A table row's cells: (start, end, colspan, rowspan), offsets into SourceText.text;
    # rowspan 0 for a cell merged into the one above it.
    cells: tuple[tuple[int, int, int, int], ...] = ()


@dataclass(frozen=True)
class SourceText:
    text: str
    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[Footnote, ...]
    format: str  # "txt", "docx" or "pdf"
    converted: str | None = None  # the legacy encoding converted to Unicode ("tcvn3", "vni")
    converted_from: str | None = None  # what was converted first: "doc", "odt", "rtf", "ocr"
    ocr_confidence: dict[str, float] | None = None  # OCR: each word's confidence, 0-100

    @property
    def body_end(self) -> int:
        """Where the body ends and the footnotes' texts begin."""
        notes = [p.start for p in self.paragraphs if p.note is not None]
        return min(notes) - 2 if notes else len(self.text)

    def paragraph_index(self, offset: int) -> int:
        """The index of the paragraph holding `offset` (the one before it, between two)."""
        starts = [p.start for p in self.paragraphs]
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def note_at(self, offset: int) -> Footnote | None:
        for note in self.footnotes:
            if note.start <= offset < note.end:
                return note
        return None

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start : paragraph.end]


@dataclass
class RawParagraph:
    """One paragraph as a reader found it: offsets are into `text`."""

    text: str
    bold: list[tuple[int, int]] = field(default_factory=list)
    refs: list[tuple[int, str]] = field(default_factory=list)  # (offset, note id of the reader)
    heading_level: int | None = None
    italic: list[tuple[int, int]] = field(default_factory=list)
    underline: list[tuple[int, int]] = field(default_factory=list)
    list_level: int | None = None
    indent: int = 0
    table: int | None = None
    header: bool = False
    cells: list[tuple[int, int, int, int]] = field(default_factory=list)


def build_source(paragraphs: list[RawParagraph], notes: dict[str, str], fmt: str) -> SourceText:
    """Join the reader's paragraphs and notes into a SourceText. Notes are numbered
    1, 2, ... in the order of their first mark; marks pointing at no note are dropped;
    notes no mark points at come last, without an anchor."""
    parts: list[str] = []
    built: list[Paragraph] = []
    anchors: dict[str, int] = {}
    offset = 0
    for raw in paragraphs:
        text, bold, refs = _trimmed(raw)
        if not text:
            continue
        if parts:
            offset += 2
        parts.append(text)
        spans = tuple((offset + s, offset + e) for s, e in bold if e > s)
        built.append(_built(raw, text, offset, spans))
        for at, note_id in refs:
            if note_id in notes and note_id not in anchors:
                anchors[note_id] = offset + at
        offset += len(text)
    ordered = sorted(anchors, key=anchors.__getitem__) + [n for n in notes if n not in anchors]
    footnotes: list[Footnote] = []
    for number, note_id in enumerate(ordered, start=1):
        text = " ".join(_nfc(notes[note_id]).translate(_CONTROLS).split())
        if not text:
            continue
        if parts:
            offset += 2
        parts.append(text)
        key = str(number)
        built.append(Paragraph(offset, offset + len(text), key))
        footnotes.append(Footnote(key, text, anchors.get(note_id), offset, offset + len(text)))
        offset += len(text)
    return SourceText("\n\n".join(parts), tuple(built), tuple(footnotes), fmt)


_CONTROLS = {c: " " for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}


def _built(raw: RawParagraph, text: str, offset: int, bold: tuple) -> Paragraph:
    """The paragraph at `offset` of the source, its spans and cells moved there (the
    reader's offsets are into its untrimmed text)."""
    lead = len(raw.text) - len(raw.text.lstrip())

    def at(i: int) -> int:
        return offset + min(max(i - lead, 0), len(text))

    def spans(items) -> tuple:
        return tuple((at(s), at(e)) for s, e in items if e > s)

    return Paragraph(
        offset,
        offset + len(text),
        None,
        bold,
        raw.heading_level,
        italic=spans(raw.italic),
        underline=spans(raw.underline),
        list_level=raw.list_level,
        indent=raw.indent,
        table=raw.table,
        header=raw.header,
        cells=tuple((at(s), at(e), span, rows) for s, e, span, rows in raw.cells),
    )


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _trimmed(raw: RawParagraph) -> tuple[str, list[tuple[int, int]], list[tuple[int, str]]]:
    """Strip the paragraph and shift its spans; readers give NFC text already. Control
    characters (\x00, \x0b, ...) become spaces: the same length, and no control
    character reaches the stored report, whose DOCX and PDF they would break."""
    text = raw.text.translate(_CONTROLS)
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()

    def shift(i: int) -> int:
        return min(max(i - lead, 0), len(stripped))

    bold = [(shift(s), shift(e)) for s, e in raw.bold]
    refs = [(shift(at), note) for at, note in raw.refs]
    return stripped, bold, refs
