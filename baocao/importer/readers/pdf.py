"""PDF reports with a text layer (exported from Word or LibreOffice).

PDFium (pypdfium2, the engine pdfplumber itself ships) gives each character with
its size and place, five times faster than pdfminer on the same file; lines and
paragraphs are rebuilt from those. Footnote reference marks are small raised
digits glued to a word ("huyện giao1." in a plain text dump, libs.md §3): they are
told apart by size and become note marks, not figures. The notes are the lines at
the foot of a page from the first line that starts with a mark. A scanned PDF
(images, no text) is read by OCR (importer/ocr.py); a PDF locked by a password, or
whose streams inflate beyond the limits (safety.check_pdf_streams), is refused.
"""

from __future__ import annotations

import ctypes
import dataclasses
import io
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from baocao.importer import ocr, safety
from baocao.importer.errors import ImportRefused
from baocao.importer.source import RawParagraph, SourceText, build_source

MAX_PAGES = 120  # ~30 ms a page: a bound on time; a monthly report has 5-20
MARK_RATIO = 0.7  # a digit this much smaller than the body text is a footnote mark
# A line starting a list item: "- ", "1. ", "3.1 ", "II. ", "a) " (not "137 TTHC", "1.527 hồ sơ").
_ITEM = re.compile(
    r"\A(?:[-+•*–]|[0-9]{1,2}[.)]|[0-9]{1,2}(?:\.[0-9]{1,2})+\.?|[IVXLC]+\.|[a-zđ]\))\s"
)

_DAMAGED = "Tệp PDF hỏng hoặc không đúng định dạng, không đọc được."


def read(data: bytes) -> SourceText:
    safety.check_pdf_streams(data)
    _check_encryption(data)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise ImportRefused(_DAMAGED) from None
    scanned = None
    try:
        if len(pdf) > MAX_PAGES:
            raise ImportRefused(
                f"Tệp PDF có {len(pdf)} trang, quá dài cho một báo cáo (tối đa {MAX_PAGES} trang)."
            )
        pages = [_page_chars(pdf[i]) for i in range(len(pdf))]
        chars = [c for page in pages for c in page]
        if sum(1 for c in chars if c.text.strip()) < 20 * max(1, len(pages)) // 4:
            scanned = ocr.read_pdf_pages(pdf)  # no text layer: a scan
    except pdfium.PdfiumError:
        raise ImportRefused(_DAMAGED) from None
    finally:
        pdf.close()
    if scanned is not None:
        return ocr_source(scanned)
    body_size = statistics.mode(round(c.size, 1) for c in chars if c.text.strip())
    layout = _Layout(body_size)
    for page in pages:
        layout.add_page(page)
    return build_source(layout.paragraphs(), layout.notes, "pdf")


def ocr_source(scanned: ocr.OcrText) -> SourceText:
    """A scan's text read as a plain text, with the OCR confidence of its words."""
    from baocao.importer.readers import txt

    if len(scanned.text.strip()) < 20:
        raise ImportRefused(
            "Bản quét không đọc được chữ nào (ảnh mờ, trống hoặc không phải văn bản)."
        )
    source = txt.read(scanned.text.encode("utf-8"))
    return dataclasses.replace(
        source, format="pdf", converted_from="ocr", ocr_confidence=scanned.confidence
    )


def _check_encryption(data: bytes) -> None:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportRefused(
                "Tệp PDF được bảo vệ bằng mật khẩu, không đọc được. "
                "Hãy gửi bản không đặt mật khẩu (hoặc bản Word .docx)."
            )
    except ImportRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise ImportRefused(_DAMAGED) from None
    except Exception:  # a broken cross-reference table can raise anything in pypdf
        raise ImportRefused(_DAMAGED) from None


@dataclass
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


def _page_chars(page: pdfium.PdfPage) -> list[_Char]:
    """The page's characters, top-down coordinates; `bottom` is the baseline."""
    textpage = page.get_textpage()
    height = page.get_height()
    x, y = ctypes.c_double(), ctypes.c_double()
    chars: list[_Char] = []
    for i in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(textpage, i):
            continue  # spaces and line ends PDFium adds: ours come from the gaps
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if code in (0, 0xFFFE, 0xFFFF) or code in (10, 13):
            continue
        left, _, right, top = textpage.get_charbox(i, loose=True)
        pdfium_c.FPDFText_GetCharOrigin(textpage, i, x, y)
        chars.append(
            _Char(
                chr(code),
                left,
                right,
                height - top,
                height - y.value,
                pdfium_c.FPDFText_GetFontSize(textpage, i),
                pdfium_c.FPDFText_GetFontWeight(textpage, i) >= 600,
            )
        )
    textpage.close()
    page.close()
    return chars


@dataclass
class _Line:
    chars: list[_Char]
    marks: list[tuple[float, float, str]] = field(default_factory=list)  # (x0, x1, digits)

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def size(self) -> float:
        return statistics.median(c.size for c in self.chars)

    def text(self) -> RawParagraph:
        """The line's text, spaces where the glyphs are apart, marks as note refs."""
        out = RawParagraph("")
        marks = sorted(self.marks)
        prev: _Char | None = None
        prev_x1 = 0.0  # where the last glyph or mark ended: no space for a mark's room
        for c in sorted(self.chars, key=lambda c: c.x0):
            if unicodedata.combining(c.text) and out.text:  # a tone mark drawn apart
                out.text = out.text[:-1] + unicodedata.normalize("NFC", out.text[-1] + c.text)
                continue
            while marks and marks[0][0] <= c.x0:
                x1, digits = marks[0][1], marks.pop(0)[2]
                out.refs.append((len(out.text), digits))
                prev_x1 = max(prev_x1, x1)
            if prev is not None and c.x0 - prev_x1 > 0.2 * c.size and not out.text.endswith(" "):
                out.text += " "
            if c.bold and c.text.strip():
                if out.bold and out.bold[-1][1] == len(out.text):
                    out.bold[-1] = (out.bold[-1][0], len(out.text) + len(c.text))
                else:
                    out.bold.append((len(out.text), len(out.text) + len(c.text)))
            out.text += c.text
            prev, prev_x1 = c, c.x1
        out.refs.extend((len(out.text), digits) for _, _, digits in marks)
        out.text = out.text.rstrip()
        out.refs = [(min(at, len(out.text)), digits) for at, digits in out.refs]
        out.bold = [(s, min(e, len(out.text))) for s, e in out.bold if s < len(out.text)]
        return out


def _lines(chars: list[_Char]) -> list[_Line]:
    """Chars grouped by baseline, top to bottom."""
    lines: list[_Line] = []
    for c in sorted(chars, key=lambda c: (round(c.bottom), c.x0)):
        if lines and abs(lines[-1].chars[-1].bottom - c.bottom) <= 0.3 * max(c.size, 1):
            lines[-1].chars.append(c)
        else:
            lines.append(_Line([c]))
    return lines


class _Layout:
    def __init__(self, body_size: float):
        self.body_size = body_size
        self.body: list[tuple[RawParagraph, _Line, bool]] = []  # (text, line, page start)
        self.notes: dict[str, str] = {}

    def add_page(self, chars: list[_Char]) -> None:
        small = [c for c in chars if c.text.isdigit() and c.size <= MARK_RATIO * self.body_size]
        lines = _lines([c for c in chars if c not in small])
        lines = [ln for ln in lines if "".join(c.text for c in ln.chars).strip()]
        _drop_page_number(lines)
        note_start = self._attach_marks(_mark_groups(small), lines)
        current: str | None = None
        for i, line in enumerate(lines):
            if note_start is not None and i >= note_start:  # the notes end the page
                raw = line.text()
                if raw.refs and raw.refs[0][0] == 0:  # a mark at the start: a new note
                    current = raw.refs[0][1]
                    self.notes[current] = raw.text.strip()
                elif current is not None:
                    self.notes[current] += " " + raw.text.strip()
                continue
            self.body.append((line.text(), line, i == 0))

    def _attach_marks(self, groups: list[_Char], lines: list[_Line]) -> int | None:
        """Give each mark to the line it is raised on; return the first note line."""
        first_note: int | None = None
        for mark in groups:
            best, best_gap = None, None
            for i, line in enumerate(lines):
                if line.top - line.size * 0.6 <= mark.bottom <= line.bottom + 1:
                    gap = abs(line.bottom - mark.bottom)
                    if best_gap is None or gap < best_gap:
                        best, best_gap = i, gap
            if best is None:
                continue
            line = lines[best]
            line.marks.append((mark.x0, mark.x1, mark.text))
            if mark.x1 <= line.x0 + 2:  # a mark that starts its line starts a note
                first_note = best if first_note is None else min(first_note, best)
        return first_note

    def paragraphs(self) -> list[RawParagraph]:
        """Lines joined into paragraphs: a new one at an indent, a list item, a line after
        a short line or a wide gap; a line in lower case always continues, and so does
        the first line of a page after a full line that ended mid-sentence."""
        out: list[RawParagraph] = []
        left = min((ln.x0 for _, ln, _ in self.body), default=0)
        right = max((ln.x1 for _, ln, _ in self.body), default=0)
        prev: _Line | None = None
        for raw, line, page_start in self.body:
            text = raw.text.strip()
            continues = bool(out) and text[:1].islower() and not _ITEM.match(text)
            if not continues and prev is not None and out and not page_start:
                indented = line.x0 > left + 0.8 * line.size
                short = prev.x1 < right - 3 * prev.size
                gap = line.top - prev.bottom > 0.9 * line.size
                continues = not (indented or short or gap or _ITEM.match(text))
            if not continues and prev is not None and out and page_start:
                # across a page break: the last page ended mid-sentence on a full line
                indented = line.x0 > left + 0.8 * line.size
                short = prev.x1 < right - 3 * prev.size
                ended = out[-1].text.rstrip()[-1:] in (".", ":", ";", "!", "?", "")
                continues = not (indented or short or ended or _ITEM.match(text))
            if continues and out:
                _append(out[-1], raw)
            else:
                out.append(RawParagraph(raw.text, list(raw.bold), list(raw.refs)))
            prev = line
        return out


def _append(paragraph: RawParagraph, line: RawParagraph) -> None:
    base = len(paragraph.text) + 1
    paragraph.text += " " + line.text
    paragraph.bold.extend((base + s, base + e) for s, e in line.bold)
    paragraph.refs.extend((base + at, key) for at, key in line.refs)


def _mark_groups(small: list[_Char]) -> list[_Char]:
    """Adjacent small digits as one mark: "1", "2" -> "12"."""
    groups: list[_Char] = []
    for c in sorted(small, key=lambda c: (round(c.bottom), c.x0)):
        last = groups[-1] if groups else None
        if last and abs(last.bottom - c.bottom) < 1 and 0 <= c.x0 - last.x1 < 0.5 * c.size:
            groups[-1] = _Char(
                last.text + c.text, last.x0, c.x1, last.top, last.bottom, c.size, False
            )
        else:
            groups.append(c)
    return groups


def _drop_page_number(lines: list[_Line]) -> None:
    """A line that is only a number at the top or the bottom of the page."""
    for i in (0, -1):
        if lines and "".join(c.text for c in lines[i].chars).strip().isdigit():
            lines.pop(i)
