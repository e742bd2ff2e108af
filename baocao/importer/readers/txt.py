"""Plain text reports: UTF-8 (with or without BOM), UTF-16, or Windows-1258.

Texts copied out of Word keep a few marks of their origin, as the seeds do:
- footnotes: a mark ¹²³ glued after a word, and the note as a paragraph starting
  with the same mark ("¹ 11 hộ giải thể, ...") where the page ended;
- a paragraph cut by a page break continues on a line starting in lower case;
- bold and italic as Markdown ("**Nội vụ:**", "*để báo cáo*").
Old TCVN3 (.VnTime) and VNI texts are recognised and converted to Unicode
(importer/legacy.py), line by line; SourceText.converted names the encoding.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import unicodedata

from baocao.importer import legacy
from baocao.importer.errors import ImportRefused
from baocao.importer.source import RawParagraph, SourceText, build_source

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")

_NOTE_LINE = re.compile(rf"\A([{SUPERSCRIPTS}]+)\s+(\S.*)\Z", re.S)
# A mark is glued to what it follows: a letter, a digit, a closing mark or punctuation.
_MARK = re.compile(rf"(?<=[^\s{SUPERSCRIPTS}])([{SUPERSCRIPTS}]+)")
_BOLD = re.compile(r"\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=\S)\*\*")  # cannot cross a "**": linear
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![*\w])")
# "a) ..." and "b. ..." start an outline item, not the continuation of a paragraph.
_LETTER_ITEM = re.compile(r"\A[a-zđ][.)]\s")


def read(data: bytes) -> SourceText:
    text = decode(data)
    text, converted = legacy.convert_lines(text)
    lines = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs, notes = _paragraphs(lines.split("\n"))
    source = build_source(paragraphs, notes, "txt")
    return dataclasses.replace(source, converted=converted) if converted else source


# -- decoding ----------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """Bytes to text: BOMs first, then UTF-16 without BOM, UTF-8, Windows-1258."""
    if data.startswith(codecs.BOM_UTF8):
        return _checked(_decode(data[3:], "utf-8"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(_decode(data, "utf-16"))
    if b"\x00" in data[:4096]:
        try:
            return _checked(_decode(data, _utf16_without_bom(data)))
        except ImportRefused:
            try:  # a stray NUL in UTF-8 text: _checked drops it
                return _checked(data.decode("utf-8"))
            except UnicodeDecodeError:
                raise _binary() from None
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    latin = data.decode("latin-1")
    if legacy.detect(latin):  # TCVN3 or VNI bytes: converted by read()
        return _checked(latin.translate(_CP1252_HIGH))  # quotes and dashes of Windows
    try:
        return _checked(unicodedata.normalize("NFC", data.decode("cp1258")))
    except UnicodeDecodeError:
        raise ImportRefused(
            "Không nhận ra bảng mã của tệp văn bản. Hãy lưu tệp với bảng mã UTF-8 (Unicode)."
        ) from None


_CP1252_HIGH = {
    b: bytes([b]).decode("cp1252")
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportRefused(
            f"Tệp văn bản hỏng: không đọc được theo bảng mã {encoding.upper()}."
        ) from None


def _utf16_without_bom(data: bytes) -> str:
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # Vietnamese in UTF-16 has a zero in most high bytes; a binary file has them anywhere.
    if odd > 0.3 * len(sample) / 2 and even < 0.05 * len(sample) / 2:
        return "utf-16-le"
    if even > 0.3 * len(sample) / 2 and odd < 0.05 * len(sample) / 2:
        return "utf-16-be"
    raise _binary()


def _binary() -> ImportRefused:
    return ImportRefused(
        "Tệp không phải là văn bản: có vẻ là tệp nhị phân (ảnh, tệp nén...). "
        "Hãy tải lên báo cáo dạng .docx, .pdf hoặc .txt."
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _checked(text: str) -> str:
    """Refuse text full of control characters (a binary that happened to decode); the
    few a text may carry (\x00, \x0b from Word) are dropped: they would break the
    DOCX and PDF of the imported report."""
    sample = text[:100_000]
    controls = len(_CONTROL.findall(sample))
    if controls > 20 and controls > 0.01 * len(sample):
        raise _binary()
    return _CONTROL.sub(lambda m: "\n" if m.group() == "\x0b" else "", text)


# -- paragraphs and notes ----------------------------------------------------------------


def _paragraphs(lines: list[str]) -> tuple[list[RawParagraph], dict[str, str]]:
    """Each non-empty line is a paragraph, except a line in lower case, which continues
    the paragraph before it (a page break, or a text wrapped by hand): the note it
    follows directly, else the last body paragraph. Note lines become notes."""
    body: list[str] = []
    indents: list[int] = []  # a line's leading spaces: " - " nests a list item
    notes: dict[str, str] = {}
    last_note: str | None = None  # the note the previous line belonged to
    for line in lines:
        indent = len(line) - len(line.lstrip(" \t"))
        line = line.strip()
        if not line:
            last_note = None
            continue
        if m := _NOTE_LINE.match(line):
            last_note = m.group(1).translate(_TO_DIGITS)
            notes[last_note] = notes.get(last_note, "") + m.group(2)
        elif _continues(line) and last_note is not None:
            notes[last_note] += " " + line
        elif body and (_continues(line) or _cut_off(body[-1], line)):
            body[-1] += " " + line
        else:
            body.append(line)
            indents.append(indent)
            last_note = None
    keys = set(notes)
    paragraphs = [_paragraph(text, keys) for text in body]
    for paragraph, indent in zip(paragraphs, indents, strict=True):
        paragraph.indent = indent
    return paragraphs, notes


def _continues(line: str) -> bool:
    return line[0].islower() and not _LETTER_ITEM.match(line)


# An outline item or a heading starts a paragraph of its own: "1. ", "II. ", "a) ", "- ".
_ITEM_START = re.compile(
    r"\A(?:[-+•–*]\s|[0-9]{1,2}(?:\.[0-9]{1,2})*[.)]\s|[IVXLC]+[.)]\s|[a-zđ][.)]\s)"
)


def _cut_off(previous: str, line: str) -> bool:
    """A body paragraph stopped mid-sentence (a page break, a scan's line wrap, its
    notes in between) goes on in the next line, whatever that line starts with:
    "... tại khu Phú Tảo, hiện nay" | "UBND phường đang phối hợp ...". Mid-sentence:
    a long line (not a title or heading) ending in a lower-case word or a comma; the
    next line is not an outline item nor a line in capitals."""
    end = previous.rstrip("*")[-1:]
    note = re.match(r"\A\d{1,2}\s+(\w)(\w)", line)  # "2 Chi đầu tư: ...": a note in digits
    if note and note.group(1).isupper() and note.group(2).islower():
        return False
    return (
        len(previous) >= 80
        and (end.islower() or end == ",")
        and not _ITEM_START.match(previous)
        and not _ITEM_START.match(line)
        and not line.isupper()
    )


def _paragraph(line: str, note_keys: set[str]) -> RawParagraph:
    """Take out the Markdown emphasis (keeping bold spans) and the note marks."""
    if "*" not in line and not any(
        m.group(1).translate(_TO_DIGITS) in note_keys for m in _MARK.finditer(line)
    ):
        # Nothing to take out (most paragraphs): the walk over each character below
        # would copy the line as it is; it was a tenth of reading a report.
        return RawParagraph(line, [], [], italic=[])
    if line.count("**") % 2:  # bold over several lines ("**T/M BAN THƯỜNG VỤ" ... "**")
        line = line + "**" if line.startswith("**") else "**" + line
    dropped = [False] * len(line)
    bold_at = [False] * len(line)
    mark_at: dict[int, str] = {}
    for m in _BOLD.finditer(line):
        for i in (*range(m.start(), m.start(1)), *range(m.end(1), m.end())):
            dropped[i] = True
        for i in range(m.start(1), m.end(1)):
            bold_at[i] = True
    masked = "".join("\x00" if d else c for c, d in zip(line, dropped, strict=True))
    italic_at = [False] * len(line)
    for m in _ITALIC.finditer(masked):
        dropped[m.start()] = dropped[m.end() - 1] = True
        for i in range(m.start(1), m.end(1)):
            italic_at[i] = True
    for m in _MARK.finditer(line):
        key = m.group(1).translate(_TO_DIGITS)
        if key in note_keys:  # else "m²", or a mark whose note is missing: left as it is
            mark_at[m.start()] = key
            for i in range(m.start(), m.end()):
                dropped[i] = True
    out: list[str] = []
    bold: list[tuple[int, int]] = []
    italic: list[tuple[int, int]] = []
    refs: list[tuple[int, str]] = []
    for i, c in enumerate(line):
        if i in mark_at:
            refs.append((len(out), mark_at[i]))
        if dropped[i]:
            continue
        for spans, marked in ((bold, bold_at[i]), (italic, italic_at[i])):
            if marked and spans and spans[-1][1] == len(out):
                spans[-1] = (spans[-1][0], len(out) + 1)
            elif marked:
                spans.append((len(out), len(out) + 1))
        out.append(c)
    return RawParagraph("".join(out), bold, refs, italic=italic)
