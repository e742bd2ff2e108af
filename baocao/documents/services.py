"""Rendering a report to a file: the one entry point for the `render` command, the web
download and the API. A final document refuses missing figures; a draft marks them."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from baocao.catalog.models import Indicator
from baocao.documents.docx import render_docx
from baocao.documents.errors import DocumentError
from baocao.documents.html import render_html
from baocao.documents.model import DocumentModel, build_document
from baocao.documents.pdf import render_pdf
from baocao.reports.models import Report

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
_MISSING = re.compile(r"^\[chưa có số liệu: (.+)\]$")  # the draft marker of prose.runs
_LEFTOVER = re.compile(r"\{\{|\}\}|\[\^")  # placeholder syntax the parser did not take


def render_report(
    report: Report,
    path_or_suffix: str | Path,
    *,
    final: bool,
    issued_on: date | None = None,
) -> bytes:
    """Render `report` as DOCX, PDF or HTML and return the bytes.

    `path_or_suffix` is either a file path, whose suffix chooses the format and which is
    written, or just the format ("docx", ".pdf"). Raises DocumentError with a
    Vietnamese message: unknown format, missing figures in a final document, no
    LibreOffice for PDF."""
    path, fmt = _target(path_or_suffix)
    doc = build_document(report, final=False, issued_on=issued_on)
    if final:
        check_final(doc)
    if fmt == "html":
        data = render_html(doc).encode("utf-8")
    else:
        data = render_docx(doc)
        if fmt == "pdf":
            data = render_pdf(data)
    if path is not None:
        path.write_bytes(data)
    return data


def _target(path_or_suffix: str | Path) -> tuple[Path | None, str]:
    path = Path(path_or_suffix)
    if path.suffix:  # "bao-cao.docx"
        fmt = path.suffix[1:].lower()
    else:  # "docx", ".docx"
        path, fmt = None, str(path_or_suffix).lstrip(".").lower()
    if fmt not in CONTENT_TYPES:
        raise DocumentError(
            f"Không xuất được định dạng «{fmt or path_or_suffix}»: chỉ có .docx, .pdf và .html."
        )
    return path, fmt


def check_final(doc: DocumentModel) -> None:
    """A final document shows every figure: refuse one with gaps, listing them."""
    codes = list(dict.fromkeys(_missing_code(text) for text in doc.missing))
    if codes:
        names = dict(Indicator.objects.filter(code__in=codes).values_list("code", "name"))
        listed = "; ".join(f"{code} ({names[code]})" if code in names else code for code in codes)
        raise DocumentError(
            f"Báo cáo còn thiếu {len(codes)} số liệu nên chưa xuất được bản chính thức: "
            f"{listed}. Hãy nhập đủ số liệu, hoặc xuất bản nháp."
        )
    for text in _all_text(doc):
        if match := _LEFTOVER.search(text):
            start = max(0, match.start() - 30)
            raise DocumentError(
                "Lời văn còn mã chưa thay được nên chưa xuất được bản chính thức: "
                f"«…{text[start : match.end() + 30]}…». Hãy sửa cú pháp {{{{mã chỉ tiêu}}}}."
            )


def _missing_code(text: str) -> str:
    match = _MISSING.match(text)
    return match.group(1) if match else text


def _all_text(doc: DocumentModel):
    yield doc.title
    yield doc.closing
    yield from (run.text for note in doc.footnotes for run in note.runs)
    stack = list(doc.sections)
    while stack:
        section = stack.pop()
        yield section.title
        yield from section.tasks
        yield from (run.text for p in section.paragraphs for run in p.runs)
        stack.extend(section.children)


def document_filename(report: Report, fmt: str) -> str:
    """'bao-cao-ubnd-monthly-11002-2025-11.docx': ASCII, safe in a download header."""
    return f"bao-cao-{report.template.code}-{report.unit.code}-{report.period}.{fmt}"
