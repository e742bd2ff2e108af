"""An extraction stored as a draft report: the service behind `baocao import` and the
upload page. The outline and prose come from importer/prose.py (the document's
wording with its figures as placeholders, run-in sections, list items with their
levels, tables); the figures are saved as values through
reports.services.save_value, so each is audited like a figure typed in."""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction

from baocao.catalog.models import Indicator, ReportTemplate, Unit
from baocao.catalog.periods import Period
from baocao.importer.extract import Extraction
from baocao.importer.facts import Fact
from baocao.importer.header import apply_header
from baocao.importer.prose import plan_report
from baocao.reports.creation import check_creatable
from baocao.reports.errors import ReportError
from baocao.reports.models import Block, Report, Section, Task
from baocao.reports.services import OutlinePlan, audit, save_value

TEMPLATE_OF_ISSUER = {"ubnd": "ubnd-monthly", "dang": "dang-monthly"}


def template_for(extraction: Extraction) -> ReportTemplate:
    """The monthly template of the document's issuer (UBND or Đảng ủy); a document
    naming neither (a report typed in Word without its header) is taken as the
    commune's UBND monthly report, the one a clerk writes every month."""
    code = TEMPLATE_OF_ISSUER.get(extraction.document.issuer, TEMPLATE_OF_ISSUER["ubnd"])
    try:
        return ReportTemplate.objects.get(code=code)
    except ReportTemplate.DoesNotExist:
        raise ReportError(f"Chưa có mẫu báo cáo «{code}» trong danh mục.") from None


def parse_period(period: Period | str) -> Period:
    if isinstance(period, Period):
        return period
    try:
        return Period.parse(period)
    except Exception:
        raise ReportError(
            f"Kỳ báo cáo «{period}» không hợp lệ (viết YYYY-MM, ví dụ 2025-11)."
        ) from None


@transaction.atomic
def store_extraction(
    extraction: Extraction,
    *,
    unit: Unit,
    period: Period | str,
    template: ReportTemplate | None = None,
    user=None,
    facts: list[Fact] | None = None,
) -> Report:
    """Store `extraction` as a DRAFT report (source "import") of `unit` for `period`.

    `facts` are the reviewed facts (the upload page: accepted ones, corrected values;
    rejected ones left out, their figures staying as written); by default all the
    extraction's facts. Refuses with a Vietnamese ReportError when the unit already
    has a report of this template and period; nothing is stored on any error."""
    period = parse_period(period)
    template = template or template_for(extraction)
    check_creatable(unit, template, period, history=True)  # not 2999-12 (issue 15)
    if Report.objects.filter(unit=unit, template=template, period=period.key).exists():
        raise ReportError(
            f"{unit.name} đã có «{template.name}» {period.label}: không nhập đè lên báo cáo đã có."
        )
    facts = list(extraction.facts if facts is None else facts)
    known = set(
        Indicator.objects.filter(code__in={f.code for f in facts}).values_list("code", flat=True)
    )
    facts = [f for f in facts if f.code in known]
    doc = extraction.document
    report = Report.objects.create(
        unit=unit,
        template=template,
        period=period.key,
        source="import",
        number=_number(doc.number),
        issued_on=_date(doc.date),
        signer_name=(doc.signer or "")[:100],
    )
    store_plan(plan_report(extraction, facts), report)
    apply_header(report, extraction.source)  # number, date, signer, Nơi nhận as written
    audit(report, user, "status", "create", new=Report.DRAFT, comment="Nhập từ văn bản có sẵn")
    for fact in facts:
        save_value(report=report, code=fact.code, value=fact.value, user=user, source="import")
    return report


def store_plan(plan: OutlinePlan, report: Report) -> None:
    """The plan's sections, blocks and tasks as rows of `report`, with what the
    importer read beyond prose: a section's style (run-in), an item's level, a
    table's cells."""
    sections: list[Section] = []
    for i, spec in enumerate(plan.sections):
        parent = sections[spec["parent"]] if spec["parent"] is not None else None
        sections.append(
            Section.objects.create(
                report=report,
                parent=parent,
                position=i + 1,
                number=spec["number"][:10],
                title=spec["title"][:300],
                is_tasks=spec["is_tasks"],
                indicators=spec["indicators"],
                style=spec.get("style") or Section.HEADING,
            )
        )
    blocks: dict[int, Block] = {}
    for kind in (Block.PARAGRAPH, Block.ITEM, Block.TABLE, Block.FOOTNOTE):
        rows = []
        for i, spec in enumerate(plan.blocks):
            if spec["kind"] != kind:
                continue
            blocks[i] = Block(
                section=sections[spec["section"]],
                position=i + 1,
                kind=kind,
                level=spec.get("level") or 0,
                text=spec["text"],
                data=spec.get("data") or {},
                key=spec["key"],
                anchor=blocks[spec["anchor"]] if spec["anchor"] is not None else None,
            )
            rows.append(blocks[i])
        Block.objects.bulk_create(rows)  # footnotes last: they point at their blocks
    Task.objects.bulk_create(
        Task(report=report, section=sections[spec["section"]], position=i + 1, text=spec["text"])
        for i, spec in enumerate(plan.tasks)
    )


def _number(text: str | None) -> str:
    """'45/BC-UBND' -> '45'; the blank number of an unregistered report stays blank."""
    m = re.match(r"\s*(\d+)", text or "")
    return m.group(1) if m else ""


def _date(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None
