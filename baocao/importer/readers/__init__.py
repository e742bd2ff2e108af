"""Readers: one module per format, each with `read(data: bytes) -> SourceText`.
`read_any` picks the reader by the file's content (safety.sniff) and checks the text."""

from __future__ import annotations

from baocao.importer import safety
from baocao.importer.readers import docx, pdf, txt
from baocao.importer.source import SourceText

READERS = {"docx": docx.read, "pdf": pdf.read, "txt": txt.read}


def read_any(data: bytes, filename: str = "", *, max_bytes: int | None = None) -> SourceText:
    """Check the size and the format, read, then check the text is a Vietnamese report."""
    safety.check_size(len(data), max_bytes)
    source = READERS[safety.sniff(data, filename)](data)
    safety.check_text(source.text)
    return source
