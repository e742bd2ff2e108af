"""Read-side helpers more than one caller needs."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import QuerySet, Subquery

from baocao.catalog.models import Unit
from baocao.reports.models import Block, Report, Value


def latest_periods(limit: int = 3) -> list[str]:
    """The most recent monthly period keys that have any report."""
    keys = (
        Report.objects.filter(period__regex=r"^\d{4}-\d{2}$")
        .order_by("-period")
        .values_list("period", flat=True)
        .distinct()[:limit]
    )
    return list(keys)


def statuses_by_unit(
    units: QuerySet[Unit] | list[Unit], periods: list[str]
) -> dict[int, dict[str, list[Report]]]:
    """{unit id: {period: [reports]}} in one query."""
    grid: dict[int, dict[str, list[Report]]] = defaultdict(lambda: defaultdict(list))
    reports = (
        Report.objects.filter(unit__in=units, period__in=periods)
        .select_related("template")
        .only("id", "unit_id", "period", "status", "template__code", "template__issuer")
    )
    for report in reports:
        grid[report.unit_id][report.period].append(report)
    return grid


def report_outline(report: Report) -> list[dict]:
    """Sections as a tree with their paragraphs, footnotes and tasks, in two queries
    per kind rather than one per section."""
    sections = list(report.sections.order_by("position"))
    blocks = list(Block.objects.filter(section__report=report).order_by("position"))
    tasks = list(report.tasks.order_by("position"))
    nodes = {s.pk: {"section": s, "children": [], "paragraphs": [], "tasks": []} for s in sections}
    notes: dict[int, list[Block]] = defaultdict(list)
    for block in blocks:
        if block.kind == Block.FOOTNOTE:
            notes[block.anchor_id].append(block)
    for block in blocks:
        if block.kind == Block.PARAGRAPH:
            nodes[block.section_id]["paragraphs"].append(
                {"block": block, "footnotes": notes.get(block.pk, [])}
            )
    for task in tasks:
        nodes[task.section_id]["tasks"].append(task)
    roots = []
    for s in sections:
        (nodes[s.parent_id]["children"] if s.parent_id else roots).append(nodes[s.pk])
    return roots


def _before(report: Report) -> QuerySet[Report]:
    # Keys of one template share a frequency, so they sort in time order.
    return Report.objects.filter(
        unit_id=report.unit_id, template_id=report.template_id, period__lt=report.period
    ).order_by("-period")


def previous_report(report: Report) -> Report | None:
    """The unit's report of the same template for the period before (the last one
    there is: a missed month does not hide the one before it)."""
    return _before(report).first()


def previous_values(report: Report) -> dict[str, Decimal]:
    """The figures of previous_report(report) by code, in one query."""
    before = Subquery(_before(report).values("pk")[:1])
    return dict(Value.objects.filter(report=before).values_list("indicator__code", "value"))


def last_status_change(report: Report):
    """The latest workflow audit entry (who returned it, with what comment)."""
    return report.audit.filter(action="status").select_related("user").first()
