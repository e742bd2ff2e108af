"""Plain functions for the document tests: render a report, open the DOCX again and
read what a reader of the file sees."""

from __future__ import annotations

import io
from datetime import date

import docx
from docx.oxml.ns import qn

import baocao.documents.footnotes  # noqa: F401  (registers footnotes.xml as an XML part)
from baocao.documents.docx import render_docx
from baocao.documents.model import DocumentModel, build_document
from tests.factories import demo_report

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def demo_document(
    code: str = "11002",
    period: str = "2025-11",
    template: str = "ubnd-monthly",
    issued_on: date | None = None,
) -> DocumentModel:
    return build_document(demo_report(code, period, template), issued_on=issued_on)


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def rendered(doc: DocumentModel):
    return open_docx(render_docx(doc))


def cell_lines(cell) -> list[str]:
    """The non-empty lines of a table cell (the rule paragraphs are empty)."""
    return [p.text for p in cell.paragraphs if p.text.strip()]


def cell_runs(cell) -> dict[str, object]:
    """Each line of a cell by its text, as its first run (where the formatting is)."""
    return {p.text: p.runs[0] for p in cell.paragraphs if p.text.strip()}


def body_text_with_notes(document) -> list[str]:
    """Body paragraphs (not tables) as the seeds' text writes them: each footnote
    reference as a superscript number ("trên địa bàn¹.") and bold runs between "**"
    (headings are bold by their style, as in the seeds, so they stay plain)."""
    lines = []
    number = 0
    for p in document.element.body.iterchildren(qn("w:p")):
        parts = []
        for run in p.iter(qn("w:r")):
            rpr = run.find(qn("w:rPr"))
            bold = rpr is not None and rpr.find(qn("w:b")) is not None
            for child in run.iterchildren():
                if child.tag == qn("w:t"):
                    parts.append(f"**{child.text}**" if bold else child.text or "")
                elif child.tag == qn("w:footnoteReference"):
                    number += 1
                    parts.append(str(number).translate(SUPERSCRIPTS))
        lines.append("".join(parts))
    return lines


def squeeze(text: str) -> str:
    return " ".join(text.split())


def approved(report):
    """The report as its leader approved it (a final document is of an approved report);
    the test's transaction restores it."""
    from baocao.reports.models import Report

    Report.objects.filter(pk=report.pk).update(status=Report.APPROVED)
    report.refresh_from_db()
    return report
