"""Rendering a report to a file: the one entry point for the `render` command, the web
download and the API.

A final document is the approved report: it is refused for a report the leader has
not approved, with a missing figure or with an error-level finding. Anything else is
a draft: gaps are marked, "DỰ THẢO" is printed in the header and across every page,
and no number is printed. A final PDF is PDF/A-2b and may be signed (signing.py)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from baocao.catalog.models import Indicator
from baocao.documents import docx_page
from baocao.documents.docx import docx_bytes, docx_document
from baocao.documents.errors import DocumentError
from baocao.documents.html import render_html
from baocao.documents.model import DocumentModel, build_document
from baocao.documents.pdf import render_pdf
from baocao.reports import prose
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
    sign: bool = False,
) -> bytes:
    """Render `report` as DOCX, PDF or HTML and return the bytes.

    `path_or_suffix` is either a file path, whose suffix chooses the format and which is
    written, or just the format ("docx", ".pdf"). `final` asks for the document to
    sign: only an approved report without gaps or errors. `sign` (PDF of a final
    document only) signs it with the unit's certificate. Raises DocumentError with a
    Vietnamese message: unknown format, not approved, missing figures or errors in a
    final document, no LibreOffice for PDF, no certificate to sign with."""
    path, fmt = _target(path_or_suffix)
    if sign and (fmt != "pdf" or not final):
        raise DocumentError("Chỉ ký số được bản chính thức dạng PDF (tệp .pdf, không --draft).")
    if final:
        check_approved(report)
    doc = build_document(report, final=False, issued_on=issued_on)
    if final:
        check_final(doc)
        check_findings(report)
    draft = not is_approved(report)
    if fmt == "html":
        data = render_html(doc)
        data = _recipients_html(data)
        if draft:
            data = _mark_html_draft(data)
        data = data.encode("utf-8")
    else:
        document = docx_document(doc)
        finish_docx(document, doc, draft=draft)
        data = docx_bytes(document)
        if fmt == "pdf":
            data = render_pdf(data, archive=final)
            if sign:
                from baocao.documents.signing import sign_report_pdf

                data = sign_report_pdf(data, report)
    if path is not None:
        path.write_bytes(data)
    return data


def render_download(report: Report, fmt: str) -> bytes:
    """What the report page's download gives: the final document of an approved report
    (its PDF signed by the unit), the marked draft of any other."""
    final = is_approved(report)
    return render_report(report, fmt, final=final, sign=final and fmt == "pdf")


def is_approved(report: Report) -> bool:
    """Approved by the leader (and maybe accepted by the city): the report as signed."""
    return report.status in Report.LOCKED


def check_approved(report: Report) -> None:
    if not is_approved(report):
        status = report.get_status_display().lower()
        raise DocumentError(
            f"Báo cáo chưa được lãnh đạo duyệt (đang ở trạng thái «{status}») nên chưa có "
            "bản chính thức. Hãy trình lãnh đạo duyệt, hoặc xuất bản dự thảo (--draft)."
        )


def check_findings(report: Report) -> None:
    """A final document does not go out with an error validation finds."""
    from baocao.rules.text import report_findings  # rules (lark) only for a final document

    errors = [f for f in report_findings(report) if f.is_error]
    if errors:
        listed = "\n".join(f"• {f.message}" for f in errors[:5])
        more = f"\n… và {len(errors) - 5} lỗi khác." if len(errors) > 5 else ""
        raise DocumentError(
            f"Báo cáo còn {len(errors)} lỗi số liệu nên chưa xuất được bản chính thức:\n"
            f"{listed}{more}"
        )


def finish_docx(document, doc: DocumentModel, *, draft: bool) -> None:
    """What the page adds to the content docx.py wrote (a python-docx Document, changed
    in place): the end of the body kept with the signature block, and a draft's mark."""
    docx_page.keep_with_signature(document)
    docx_page.format_recipients(document)
    if draft:
        docx_page.mark_draft(document, docx_page.format_of(doc))


_RECIPIENT = re.compile(r'(<div class="recipient">)(.*?)(</div>)')


def _recipients_html(html: str) -> str:
    """Nơi nhận lines are prose: their *italic* and **bold** as HTML (the text is
    already escaped by the template)."""

    def emphasis(m: re.Match) -> str:
        parts = []
        for run in prose.runs(m.group(2), lambda placeholder: None):
            text = f"<em>{run.text}</em>" if run.italic else run.text
            parts.append(f"<strong>{text}</strong>" if run.bold else text)
        return m.group(1) + "".join(parts) + m.group(3)

    return _RECIPIENT.sub(emphasis, html)


def _mark_html_draft(html: str) -> str:
    mark = (
        f'<p class="draft-mark" style="text-align:right;font-weight:bold">'
        f'<span style="border:1px solid;padding:0 4px">{docx_page.DRAFT_MARK}</span></p>'
    )
    head, body, rest = html.partition("<body")
    if not body:
        return mark + html
    tag_end = rest.index(">") + 1
    return head + body + rest[:tag_end] + mark + rest[tag_end:]


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
    """'bao-cao-thang-11-2025-phuong-thach-khoi.pdf': the report's name in Vietnamese
    words without accents (ASCII, safe in a download header); a Party committee's
    report says so ('bao-cao-dang-uy-thang-10-2025-xa-dai-son.docx')."""
    from django.utils.text import slugify

    def words(text: str) -> str:
        return slugify(text.replace("đ", "d").replace("Đ", "D"))

    period = report.period_obj
    when = period.label if period.frequency == "annual" else f"{period.short_label} {period.year}"
    issuer = {"dang": "dang-uy-"}.get(report.template.issuer, "")
    return f"bao-cao-{issuer}{words(when)}-{words(report.unit.name)}.{fmt}"
