"""A report laid out as a document, independent of the output format: the header
data, the numbered outline with prose as formatted runs, footnotes numbered in
order of appearance, tasks, recipients and signature. The DOCX, HTML and PDF
outputs all read this one structure, so they cannot disagree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from baocao import vn
from baocao.catalog.models import ReportTemplate, Unit
from baocao.reports import prose
from baocao.reports.models import Report
from baocao.reports.queries import report_outline
from baocao.reports.services import report_values


@dataclass
class Paragraph:
    runs: list[prose.Run]


@dataclass
class Footnote:
    number: int
    runs: list[prose.Run]


@dataclass
class SectionOut:
    number: str
    title: str
    level: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    children: list[SectionOut] = field(default_factory=list)


@dataclass
class DocumentModel:
    issuer: str  # ubnd | dang | city
    issuer_parent: str
    issuer_name: str
    number_line: str
    place_date: str
    doc_type: str
    title: str
    sections: list[SectionOut]
    footnotes: list[Footnote]
    closing: str
    recipients: list[str]
    signer_authority: str
    signer_deputy: str
    signer_title: str
    signer_name: str
    missing: list[str]  # codes shown as missing (a final document has none)


def unit_phrase(unit: Unit) -> str:
    """'phường Thạch Khôi' as prose writes it."""
    return unit.name[:1].lower() + unit.name[1:]


def report_facts(report: Report) -> dict[str, str]:
    period = report.period_obj
    nxt = period.next()
    return {
        "unit": unit_phrase(report.unit),
        "unit.name": report.unit.short_name,
        "period": period.short_label,
        "period.year": str(period.year),
        "next_period": nxt.short_label,
        "next_period.year": str(nxt.year),
    }


def fill_title(text: str, report: Report) -> str:
    """Template tokens in titles and header lines: {period}, {NEXT_PERIOD}, {UNIT} ..."""
    facts = report_facts(report)
    tokens = {
        "unit": facts["unit"],
        "unit_name": report.unit.short_name,
        "period": facts["period"],
        "next_period": facts["next_period"],
        "year": facts["period.year"],
        "next_year": facts["next_period.year"],
        "period_key": report.period_obj.key,
        "month": str(report.period_obj.number),
        "next_month": str(report.period_obj.next().number),
    }
    tokens.update({k.upper(): v.upper() for k, v in list(tokens.items())})

    def swap(m: re.Match) -> str:
        return tokens.get(m.group(1), m.group(0))

    return re.sub(r"\{([A-Za-z_]+)\}", swap, text)


def number_line(report: Report) -> str:
    """'Số: 45/BC-UBND' (ND 30/2020) or 'Số 12-BC/ĐU' (HD 36-HD/VPTW). Before the
    office registers the number it stays blank, to be written in by hand, as the
    seeds show ("Số: /BC-UBND")."""
    # A report is numbered when approved (registry); a draft prints no number (issue 17).
    number = (report.number if report.status in Report.LOCKED else "") or "    "
    if report.template.issuer == ReportTemplate.DANG:
        return f"Số {number}-{report.template.symbol}"
    return f"Số: {number}/{report.template.symbol}"


def place_date(report: Report, day: date | None = None) -> str:
    """'Thạch Khôi, ngày 28 tháng 11 năm 2025'; with no date yet, the day is left blank
    for the signer (as in the seed: 'ngày   tháng 11 năm 2025')."""
    place = report.unit.short_name
    day = day or (report.issued_on if report.status in Report.LOCKED else None)  # issue 17
    if day:
        return f"{place}, {vn.vn_date(day)}"
    last_month = report.period_obj.months[1]
    month = f"{last_month:02d}" if last_month in (1, 2) else str(last_month)  # ND 30: 01, 02
    return f"{place}, ngày     tháng {month} năm {report.period_obj.year}"


def build_document(
    report: Report, *, final: bool = False, issued_on: date | None = None
) -> DocumentModel:
    values = report_values(report)
    resolve = prose.resolver(values, report_facts(report))
    footnotes: list[Footnote] = []
    missing: list[str] = []

    def render(text: str, note_texts: dict[str, str]) -> list[prose.Run]:
        out = prose.runs(text, resolve, final=final)
        numbered = []
        for run in out:
            if run.missing:
                missing.append(run.text)
            if run.footnote is not None:
                note = note_texts.get(run.footnote)
                if note is None:
                    continue  # a marker without its note is a finding, not a crash
                number = len(footnotes) + 1
                footnotes.append(Footnote(number, prose.runs(note, resolve, final=final)))
                numbered.append(prose.Run(str(number), footnote=str(number)))
            else:
                numbered.append(run)
        return numbered

    def convert(node: dict, level: int) -> SectionOut:
        section = node["section"]
        out = SectionOut(section.number, fill_title(section.title, report), level)
        for item in node["paragraphs"]:
            notes = {fn.key: fn.text for fn in item["footnotes"]}
            out.paragraphs.append(Paragraph(render(item["block"].text, notes)))
        out.tasks = [prose.plain(t.text, resolve, final=final) for t in node["tasks"]]
        out.children = [convert(child, level + 1) for child in node["children"]]
        return out

    sections = [convert(node, 1) for node in report_outline(report)]
    template = report.template
    return DocumentModel(
        issuer=template.issuer,
        issuer_parent=fill_title(template.issuer_parent, report),
        issuer_name=fill_title(template.issuer_name, report),
        number_line=number_line(report),
        place_date=place_date(report, issued_on),
        doc_type="BÁO CÁO",
        title=fill_title(template.title, report),
        sections=sections,
        footnotes=footnotes,
        closing=prose.plain(fill_title(template.closing, report), resolve, final=final),
        recipients=list(report.recipients or template.recipients),  # the report's own list
        signer_authority=template.signer_authority,
        signer_deputy=template.signer_deputy,
        signer_title=template.signer_title,
        signer_name=report.signer_name,
        missing=missing,
    )
