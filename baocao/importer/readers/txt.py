"""Plain text reports: UTF-8 (with or without BOM), UTF-16, or Windows-1258.

Texts copied out of Word keep a few marks of their origin, as the seeds do:
- footnotes: a mark ¹²³ glued after a word, and the note as a paragraph starting
  with the same mark ("¹ 11 hộ giải thể, ...") where the page ended;
- a paragraph cut by a page break continues on a line starting in lower case;
- bold and italic as Markdown ("**Nội vụ:**", "*để báo cáo*").
Old TCVN3 (.VnTime) and VNI texts are recognised and refused: no converter table
we could verify (libs.md §3), and guessing would import wrong words.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

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

# Words of any report as TCVN3 (ABC) or VNI bytes read as Windows-1252/Latin-1:
# "được", "và", "các", "của", "năm", "tháng".
_TCVN3_WORDS = ("®\xadîc", "vµ", "c¸c", "cña", "n¨m", "th¸ng", "nh©n d©n")
_VNI_WORDS = ("ñöôïc", "vaø", "caùc", "cuûa", "naêm", "thaùng", "nhaân daân")


def read(data: bytes) -> SourceText:
    text = decode(data)
    lines = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs, notes = _paragraphs(lines.split("\n"))
    return build_source(paragraphs, notes, "txt")


# -- decoding ----------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """Bytes to text: BOMs first, then UTF-16 without BOM, UTF-8, Windows-1258."""
    if data.startswith(codecs.BOM_UTF8):
        return _checked(_decode(data[3:], "utf-8"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(_decode(data, "utf-16"))
    if b"\x00" in data[:4096]:
        return _checked(_decode(data, _utf16_without_bom(data)))
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    latin = data.decode("latin-1")
    _refuse_legacy_font_encoding(latin)
    try:
        return _checked(unicodedata.normalize("NFC", data.decode("cp1258")))
    except UnicodeDecodeError:
        raise ImportRefused(
            "Không nhận ra bảng mã của tệp văn bản. Hãy lưu tệp với bảng mã UTF-8 (Unicode)."
        ) from None


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
    """Refuse text full of control characters (a binary that happened to decode) and
    legacy-font text saved as Unicode ("Baùo caùo" typed with a VNI font)."""
    sample = text[:100_000]
    if sample and len(_CONTROL.findall(sample)) > 0.01 * len(sample):
        raise _binary()
    _refuse_legacy_font_encoding(sample)
    return text


def _refuse_legacy_font_encoding(text: str) -> None:
    if _count_words(text, _TCVN3_WORDS) >= 3:
        raise ImportRefused(
            "Tệp dùng bảng mã TCVN3 (ABC, phông .VnTime) cũ, chưa chuyển được. "
            "Hãy chuyển sang Unicode (Unikey: Công cụ chuyển mã, TCVN3 → Unicode) rồi tải lại."
        )
    if _count_words(text, _VNI_WORDS) >= 3:
        raise ImportRefused(
            "Tệp dùng bảng mã VNI (phông VNI-Times) cũ, chưa chuyển được. "
            "Hãy chuyển sang Unicode (Unikey: Công cụ chuyển mã, VNI Windows → Unicode) rồi tải lại."
        )


def _count_words(text: str, words: tuple[str, ...]) -> int:
    sample = text[:100_000].lower()
    return sum(sample.count(w) for w in words)


# -- paragraphs and notes ----------------------------------------------------------------


def _paragraphs(lines: list[str]) -> tuple[list[RawParagraph], dict[str, str]]:
    """Each non-empty line is a paragraph, except a line in lower case, which continues
    the paragraph before it (a page break, or a text wrapped by hand): the note it
    follows directly, else the last body paragraph. Note lines become notes."""
    body: list[str] = []
    notes: dict[str, str] = {}
    last_note: str | None = None  # the note the previous line belonged to
    for line in lines:
        line = line.strip()
        if not line:
            last_note = None
            continue
        if m := _NOTE_LINE.match(line):
            last_note = m.group(1).translate(_TO_DIGITS)
            notes[last_note] = notes.get(last_note, "") + m.group(2)
        elif _continues(line) and last_note is not None:
            notes[last_note] += " " + line
        elif _continues(line) and body:
            body[-1] += " " + line
        else:
            body.append(line)
            last_note = None
    keys = set(notes)
    return [_paragraph(text, keys) for text in body], notes


def _continues(line: str) -> bool:
    return line[0].islower() and not _LETTER_ITEM.match(line)


def _paragraph(line: str, note_keys: set[str]) -> RawParagraph:
    """Take out the Markdown emphasis (keeping bold spans) and the note marks."""
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
    for m in _ITALIC.finditer(masked):
        dropped[m.start()] = dropped[m.end() - 1] = True
    for m in _MARK.finditer(line):
        key = m.group(1).translate(_TO_DIGITS)
        if key in note_keys:  # else "m²", or a mark whose note is missing: left as it is
            mark_at[m.start()] = key
            for i in range(m.start(), m.end()):
                dropped[i] = True
    out: list[str] = []
    bold: list[tuple[int, int]] = []
    refs: list[tuple[int, str]] = []
    for i, c in enumerate(line):
        if i in mark_at:
            refs.append((len(out), mark_at[i]))
        if dropped[i]:
            continue
        if bold_at[i] and bold and bold[-1][1] == len(out):
            bold[-1] = (bold[-1][0], len(out) + 1)
        elif bold_at[i]:
            bold.append((len(out), len(out) + 1))
        out.append(c)
    return RawParagraph("".join(out), bold, refs)
