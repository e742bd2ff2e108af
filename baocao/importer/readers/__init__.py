"""Readers: one module per format, each with `read(data: bytes) -> SourceText`.
`read_any` picks the reader by the file's content (safety.sniff) and checks the text.
.doc, .odt and .rtf are converted to DOCX by LibreOffice first (importer/convert.py);
photos of pages are read by OCR (importer/ocr.py)."""

from __future__ import annotations

import dataclasses
import hashlib
from collections import OrderedDict

from baocao.importer import legacy, safety
from baocao.importer.readers import txt
from baocao.importer.source import SourceText


# The readers of other formats are imported when such a file comes: `baocao extract
# FILE.txt` does not pay for them (issue 18); pypdf and PDFium alone cost ~0.15 s.
def _docx():
    from baocao.importer.readers import docx

    return docx


def _pdf():
    from baocao.importer.readers import pdf

    return pdf


READERS = {
    "docx": lambda data: _docx().read(data),
    "pdf": lambda data: _pdf().read(data),
    "txt": txt.read,
}


# The slow readings (OCR, LibreOffice) of the last few files, by content: the upload
# page reads a file when it is uploaded and again for its review.
_SLOW: OrderedDict[str, SourceText] = OrderedDict()
_SLOW_KEPT = 8


def read_any(data: bytes, filename: str = "", *, max_bytes: int | None = None) -> SourceText:
    """Check the size and the format, read, then check the text is a Vietnamese report."""
    safety.check_size(len(data), max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    if digest in _SLOW:
        _SLOW.move_to_end(digest)
        return _SLOW[digest]
    source = _read(data, filename)
    if source.converted_from:
        _SLOW[digest] = source
        while len(_SLOW) > _SLOW_KEPT:
            _SLOW.popitem(last=False)
    return source


def _read(data: bytes, filename: str) -> SourceText:
    kind = safety.sniff(data, filename)
    if kind in ("doc", "odt", "rtf"):  # convert.NAMES
        from baocao.importer import convert

        source = dataclasses.replace(_read_docx(convert.to_docx(data, kind)), converted_from=kind)
    elif kind == "image":
        from baocao.importer import ocr

        source = _pdf().ocr_source(ocr.read_image_file(data))
        source = dataclasses.replace(source, format="image", converted_from="ocr")
    elif kind == "docx":
        source = _read_docx(data)
    else:
        source = READERS[kind](data)
    safety.check_text(source.text)
    return source


def _read_docx(data: bytes) -> SourceText:
    safety.check_docx_numbering(data)
    source = _docx().read(data)
    encoding = legacy.docx_encoding(safety.docx_body(data))
    return dataclasses.replace(source, converted=encoding) if encoding else source
