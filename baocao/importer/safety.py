"""Checks made before and while reading an uploaded file: it is untrusted.

What can go wrong, and where it is stopped:
- too big: the size is checked before anything is read (`read_file`, `check_size`);
- a DOCX that is a zip bomb: the zip directory is checked (members, total and
  per-member uncompressed size, compression ratio) before any member is inflated,
  and a member is never read past its limit (`open_docx_zip`, `read_member`);
- an XML entity bomb or external entity: DOCX XML is parsed with defusedxml, which
  refuses any DTD (`parse_xml`); a DOCX never needs one;
- a file that is not what its name says (a binary renamed .docx, an old .doc):
  the content decides, by its magic bytes (`sniff`);
- an empty file, a file without text, a report not in Vietnamese (`check_text`).
Every refusal is an ImportRefused with a Vietnamese message.
"""

from __future__ import annotations

import io
import os
import re
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from baocao.importer.errors import ImportRefused

# zipfile and defusedxml are imported when a DOCX comes: `baocao extract FILE.txt`
# does not pay for them (issue 18).
if TYPE_CHECKING:
    import zipfile
    from xml.etree.ElementTree import Element

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 600_000  # ~170 pages, a few seconds to read; a monthly report has 5-20

# DOCX limits. A 20-page report's document.xml is ~0.5-2 MB; images are never inflated.
MAX_ZIP_MEMBERS = 2_000
MAX_ZIP_TOTAL = 300 * 1024 * 1024  # all members, as the zip directory declares them
MAX_XML_PART = 20 * 1024 * 1024  # one XML part we read (document, footnotes, numbering, styles)
MAX_RATIO = 100  # inflated / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024

MB = 1024 * 1024


def max_upload_bytes() -> int:
    """settings.BAOCAO_MAX_UPLOAD_BYTES in a Django process; else what settings.py reads
    it from, the environment (20 MB by default): `baocao extract` runs without Django,
    and must not start it for this (issue 18)."""
    if "django.conf" in sys.modules and os.environ.get("DJANGO_SETTINGS_MODULE"):
        try:
            from django.conf import settings

            return int(getattr(settings, "BAOCAO_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))
        except Exception:  # settings that cannot load are not the importer's business
            pass
    try:
        return int(os.environ.get("BAOCAO_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))
    except ValueError:
        return DEFAULT_MAX_BYTES


def _size_text(n: int) -> str:
    return f"{n / MB:.1f} MB".replace(".", ",")


def check_size(size: int, max_bytes: int | None = None) -> None:
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if size == 0:
        raise ImportRefused("Tệp rỗng: không có nội dung để đọc.")
    if size > limit:
        raise ImportRefused(
            f"Tệp quá lớn ({_size_text(size)}); giới hạn là {_size_text(limit)}. "
            "Báo cáo tháng thường chỉ vài trăm KB."
        )


def read_file(path: str | Path, max_bytes: int | None = None) -> bytes:
    """The bytes of a file, after checking its size on disk: a 200 MB file is refused
    without being read. Reads at most the limit even if the file grows meanwhile."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    try:
        check_size(os.stat(path).st_size, limit)
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError:
        raise ImportRefused(f"Không mở được tệp «{Path(path).name}».") from None
    check_size(len(data), limit)
    return data


# -- what kind of file -------------------------------------------------------------------

_SUFFIX_NAMES = {".docx": "Word (.docx)", ".pdf": "PDF", ".doc": "Word (.doc)"}


def sniff(data: bytes, filename: str = "") -> str:
    """ "docx", "pdf", "txt", "doc", "odt", "rtf" or "image", by content. A name that promises another format
    (a binary renamed .docx) is refused rather than read as text."""
    suffix = Path(filename).suffix.lower()
    head = data[:1024]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        # OpenDocument keeps its type first, uncompressed: "mimetype" then its value
        return "odt" if b"application/vnd.oasis.opendocument.text" in head[:100] else "docx"
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"  # OLE2: Word 97-2003
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    if suffix in _SUFFIX_NAMES:
        raise ImportRefused(
            f"Tệp «{Path(filename).name}» không phải là tệp {_SUFFIX_NAMES[suffix]} hợp lệ: "
            "nội dung không đúng định dạng (có thể là tệp khác đã đổi tên)."
        )
    return "txt"


# -- DOCX: zip and XML -------------------------------------------------------------------

_NOT_DOCX = "Tệp không phải là văn bản Word .docx hợp lệ (tệp nén hỏng hoặc thiếu nội dung)."


def open_docx_zip(data: bytes) -> zipfile.ZipFile:
    """Open a DOCX after checking its zip directory; nothing is inflated here."""
    import zipfile

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise ImportRefused(_NOT_DOCX) from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ImportRefused(f"Tệp .docx bất thường: có {len(infos)} thành phần. Không đọc tệp này.")
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_TOTAL:
        raise ImportRefused(
            f"Tệp .docx bất thường: khi giải nén lên tới {_size_text(total)} "
            "(có thể là «bom nén»). Không đọc tệp này."
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportRefused(
                f"Tệp .docx bất thường: thành phần «{info.filename}» nén quá mức "
                f"({info.file_size // max(info.compress_size, 1)} lần, có thể là «bom nén»). "
                "Không đọc tệp này."
            )
    if "word/document.xml" not in zf.namelist():
        raise ImportRefused(_NOT_DOCX)
    return zf


def read_member(zf: zipfile.ZipFile, name: str, limit: int = MAX_XML_PART) -> bytes | None:
    """A member's bytes, never more than `limit` inflated; None if absent."""
    import zipfile

    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        raise ImportRefused(
            f"Tệp .docx bất thường: «{name}» lớn {_size_text(info.file_size)}. Không đọc tệp này."
        )
    try:
        with zf.open(info) as member:
            data = member.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
        raise ImportRefused(_NOT_DOCX) from None
    if len(data) > limit:
        raise ImportRefused(f"Tệp .docx bất thường: «{name}» quá lớn. Không đọc tệp này.")
    return data


def parse_xml(data: bytes, name: str) -> Element:
    """Parse one XML part of a DOCX. No DTD, no entities, no network: a DOCX never
    has them, so a part that does is refused (entity bombs, external entities)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError
    from defusedxml.ElementTree import fromstring as defused_fromstring

    try:
        return defused_fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ImportRefused(
            f"Tệp .docx chứa khai báo XML không được phép (DTD/ENTITY) trong «{name}». "
            "Không đọc tệp này."
        ) from None
    except (ParseError, ValueError):
        raise ImportRefused(f"Tệp .docx hỏng: không đọc được «{name}».") from None


# -- the text read -----------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")
_VIETNAMESE_LETTERS = frozenset(
    "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
_SAMPLE = 200_000
MIN_WORDS = 20


def check_text(text: str) -> None:
    """Refuse a file with no text to speak of, or whose text is not Vietnamese."""
    if len(text) > MAX_TEXT_CHARS:
        raise ImportRefused(
            f"Văn bản quá dài ({len(text):,} ký tự). Báo cáo tháng thường dưới 100.000 ký tự.".replace(
                ",", "."
            )
        )
    words = _WORD.findall(text[:_SAMPLE].lower())
    if len(words) < MIN_WORDS:
        raise ImportRefused("Tệp không có nội dung chữ đủ để đọc (quá ngắn hoặc trống).")
    vietnamese = sum(1 for w in words if not _VIETNAMESE_LETTERS.isdisjoint(w))
    if vietnamese < 0.15 * len(words):
        raise ImportRefused(
            "Tệp không phải báo cáo tiếng Việt: không thấy chữ tiếng Việt có dấu. "
            "Hãy kiểm tra lại tệp (hoặc bảng mã của tệp)."
        )


# -- PDF: streams ------------------------------------------------------------------------

MAX_PDF_INFLATED = 256 * MB  # all Flate streams together; a 30-page scan is under 100 MB
MAX_PDF_RATIO = 200  # all streams inflated / the file's size, past 32 MB
_PDF_STREAM = re.compile(rb"stream\r?\n")


def check_pdf_streams(data: bytes) -> None:
    """Refuse a PDF whose compressed streams inflate beyond the limits (a "PDF bomb"),
    before any PDF library inflates them: each stream is inflated here in chunks,
    never past the total limit, and what it inflates to is dropped at once."""
    total = 0
    for m in _PDF_STREAM.finditer(data):
        inflater = zlib.decompressobj()
        pos = m.end()
        inflated = 0
        chunk = 4096  # grows: a stream that is not Flate fails on its first bytes
        try:
            while not inflater.eof and pos < len(data):
                pending = data[pos : pos + chunk]
                pos += chunk
                chunk = min(chunk * 4, MB)
                while pending and not inflater.eof:
                    inflated += len(inflater.decompress(pending, 4 * MB))
                    pending = inflater.unconsumed_tail
                    _check_inflated(total + inflated, len(data))
        except zlib.error:
            continue  # not a Flate stream, or damaged: pdfium decides
        total += inflated


def _check_inflated(total: int, size: int) -> None:
    """Over the total limit, or over 32 MB and 200 times the file: a blank scanned page
    compresses a thousandfold, so the ratio is judged on the whole file, not a stream."""
    if total > MAX_PDF_INFLATED or (total > 32 * MB and total > MAX_PDF_RATIO * size):
        raise _pdf_bomb(total)


def _pdf_bomb(size: int) -> ImportRefused:
    return ImportRefused(
        f"Tệp PDF bất thường: nội dung nén giải ra tới hơn {_size_text(size)} "
        "(có thể là tệp độc hại). Không đọc tệp này."
    )


# -- DOCX: list numbering ----------------------------------------------------------------

MAX_LIST_START = 10_000  # Word itself stops at 32767; a report's lists start at 1
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_docx_numbering(data: bytes) -> None:
    """Refuse list numbering that would make the reader spin or fail: a start value
    that is not a number or is absurd (w:start="1000000000" in roman numerals), a
    level outside 0-8."""
    zf = open_docx_zip(data)
    for name in zf.namelist():
        if not name.endswith("numbering.xml"):
            continue
        root = parse_xml(read_member(zf, name) or b"<w:numbering/>", name)
        for element in root.iter():
            tag = element.tag.removeprefix(_W)
            if tag in ("start", "startOverride"):
                value = element.get(_W + "val", "1")
                if not value.isdigit() or int(value) > MAX_LIST_START:
                    raise _bad_numbering(value)
            if tag in ("lvl", "lvlOverride"):
                value = element.get(_W + "ilvl", "0")
                if not value.isdigit() or int(value) > 8:
                    raise _bad_numbering(value)


def _bad_numbering(value: str) -> ImportRefused:
    return ImportRefused(
        f"Tệp .docx có đánh số danh sách bất thường (giá trị «{value[:20]}»). "
        "Hãy mở bằng Word, sửa lại đánh số rồi lưu và tải lại."
    )


def docx_body(data: bytes) -> bytes:
    return read_member(open_docx_zip(data), "word/document.xml") or b""
