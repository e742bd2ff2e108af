"""State changes of reports: keyword-only, atomic, audited. Views, commands and the
API call these; none of them writes report models directly."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from baocao import vn
from baocao.catalog.models import Indicator, ReportTemplate, Unit
from baocao.catalog.periods import Period
from baocao.reports.creation import check_creatable
from baocao.reports.errors import ConflictError, LockedError, ReportError
from baocao.reports.kinds import check_figure
from baocao.reports.models import AuditEntry, Block, Report, Section, Task, Value


def audit(
    report: Report, user, action: str, target: str, old: str = "", new: str = "", comment: str = ""
) -> None:
    AuditEntry.objects.create(
        report=report,
        user=user if user and user.is_authenticated else None,
        action=action,
        target=target,
        old=old,
        new=new,
        comment=comment,
    )


def check_editable(report: Report) -> None:
    if report.is_locked:
        raise LockedError(
            f"Báo cáo đã được duyệt ({report.get_status_display().lower()}), không thể sửa. "
            "Lãnh đạo hoặc thành phố cần mở lại báo cáo trước."
        )


@transaction.atomic
def create_report(
    *,
    unit: Unit,
    template: ReportTemplate,
    period: Period | str,
    user=None,
    source: str = "entry",
    any_period: bool = False,
) -> Report:
    """A new report for the period: the outline and prose of the unit's last report
    of this template (so next month a clerk mostly updates numbers), or of the
    template when there is none; open tasks of the last report come back to be ticked.
    Only from the unit's start to next period (reports/creation.py); the city's
    aggregate follows its communes' periods, and `any_period` is for test data."""
    period = Period.parse(period) if isinstance(period, str) else period
    if not any_period and source != "aggregate":
        check_creatable(unit, template, period)
    if Report.objects.filter(unit=unit, template=template, period=period.key).exists():
        raise ReportError(f"{unit.name} đã có báo cáo {period.label}.")
    report = Report.objects.create(unit=unit, template=template, period=period.key, source=source)
    last = (
        # Keys of one template share a frequency, so they sort in time order.
        Report.objects.filter(unit=unit, template=template, period__lt=period.key)
        .order_by("-period")
        .first()
    )
    if last is not None:
        copy_outline(source=last, target=report)
    else:
        build_outline(report, template.outline)
    audit(report, user, "status", "create", new=Report.DRAFT)
    return report


@dataclass(frozen=True)
class OutlinePlan:
    """A template outline flattened into rows: sections in order (parent by index),
    paragraphs and footnotes (section by index, footnote anchor by index), tasks."""

    sections: list[dict]
    blocks: list[dict]
    tasks: list[dict]


def flatten_outline(outline: list[dict]) -> OutlinePlan:
    sections: list[dict] = []
    blocks: list[dict] = []
    tasks: list[dict] = []

    def walk(items: list[dict], parent: int | None, in_tasks: bool) -> None:
        for item in items:
            is_tasks = in_tasks or item.get("tasks") is True
            index = len(sections)
            sections.append(
                {
                    "parent": parent,
                    "number": str(item.get("number", "")),
                    "title": item.get("title", ""),
                    "is_tasks": is_tasks,
                    "indicators": item.get("indicators", []),
                }
            )
            for block in item.get("blocks", []):
                anchor = len(blocks)
                blocks.append(
                    {
                        "section": index,
                        "kind": Block.PARAGRAPH,
                        "text": block.get("text", ""),
                        "anchor": None,
                        "key": "",
                    }
                )
                for key, note in (block.get("footnotes") or {}).items():
                    blocks.append(
                        {
                            "section": index,
                            "kind": Block.FOOTNOTE,
                            "text": note,
                            "anchor": anchor,
                            "key": str(key),
                        }
                    )
            if isinstance(item.get("tasks"), list):
                tasks.extend({"section": index, "text": text} for text in item["tasks"])
            walk(item.get("children", []), index, is_tasks)

    walk(outline, None, False)
    return OutlinePlan(sections, blocks, tasks)


def instantiate_outline(plan: OutlinePlan, reports: list[Report]) -> None:
    """Create the plan's rows for many reports at once (bulk inserts by level, so
    a city's worth of reports is built in seconds)."""
    section_rows: dict[tuple[int, int], Section] = {}
    depth = _depths(plan.sections)
    for level in sorted(set(depth)):
        batch = []
        for report in reports:
            for i, spec in enumerate(plan.sections):
                if depth[i] != level:
                    continue
                row = Section(
                    report=report,
                    position=i + 1,
                    number=spec["number"],
                    title=spec["title"],
                    is_tasks=spec["is_tasks"],
                    indicators=spec["indicators"],
                    parent=section_rows[(report.pk, spec["parent"])]
                    if spec["parent"] is not None
                    else None,
                )
                section_rows[(report.pk, i)] = row
                batch.append(row)
        Section.objects.bulk_create(batch, batch_size=2000)
    block_rows: dict[tuple[int, int], Block] = {}
    for kind in (Block.PARAGRAPH, Block.FOOTNOTE):  # paragraphs first: footnotes point at them
        batch = []
        for report in reports:
            for i, spec in enumerate(plan.blocks):
                if spec["kind"] != kind:
                    continue
                row = Block(
                    section=section_rows[(report.pk, spec["section"])],
                    position=i + 1,
                    kind=kind,
                    text=spec["text"],
                    key=spec["key"],
                    anchor=block_rows[(report.pk, spec["anchor"])]
                    if spec["anchor"] is not None
                    else None,
                )
                block_rows[(report.pk, i)] = row
                batch.append(row)
        Block.objects.bulk_create(batch, batch_size=2000)
    Task.objects.bulk_create(
        [
            Task(
                report=report,
                section=section_rows[(report.pk, spec["section"])],
                position=i + 1,
                text=spec["text"],
            )
            for report in reports
            for i, spec in enumerate(plan.tasks)
        ],
        batch_size=2000,
    )


def _depths(sections: list[dict]) -> list[int]:
    depths: list[int] = []
    for spec in sections:
        depths.append(0 if spec["parent"] is None else depths[spec["parent"]] + 1)
    return depths


def build_outline(report: Report, outline: list[dict]) -> None:
    instantiate_outline(flatten_outline(outline), [report])


def copy_outline(*, source: Report, target: Report) -> None:
    """Copy sections, prose and footnotes; tasks come over as last period's tasks."""
    section_map: dict[int, Section] = {}
    for section in source.sections.order_by("position"):
        section_map[section.pk] = Section.objects.create(
            report=target,
            parent=section_map.get(section.parent_id),
            position=section.position,
            number=section.number,
            title=section.title,
            is_tasks=section.is_tasks,
            indicators=section.indicators,
            office=section.office,
        )
    block_map: dict[int, Block] = {}
    blocks = Block.objects.filter(section__report=source)
    # Paragraphs first: a footnote's anchor must exist before the footnote.
    for block in sorted(blocks, key=lambda b: (b.kind != Block.PARAGRAPH, b.position)):
        block_map[block.pk] = Block.objects.create(
            section=section_map[block.section_id],
            position=block.position,
            kind=block.kind,
            anchor=block_map.get(block.anchor_id),
            key=block.key,
            text=block.text,
        )
    for task in source.tasks.order_by("position"):
        Task.objects.create(
            report=target,
            section=section_map[task.section_id],
            position=task.position,
            text=task.text,
            carried_from=task,
        )


def parse_figure(text: str | int | Decimal) -> Decimal:
    if isinstance(text, (int, Decimal)):
        return Decimal(text)
    try:
        return vn.parse_vn_number(text).value
    except vn.VNNumberError as exc:
        raise ReportError(str(exc)) from exc


@transaction.atomic
def save_value(
    *,
    report: Report,
    code: str,
    value: str | int | Decimal | None,
    user=None,
    expected_version: int | None = None,
    source: str = "entry",
) -> Value | None:
    """Store one figure (None or "" removes it: not reported). expected_version is
    the version the user loaded; a different current version means someone else
    saved in between, and the save is refused rather than silently overwriting."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    check_editable(report)
    indicator = catalog_indicator(code)
    current = Value.objects.filter(report=report, indicator=indicator).first()
    current_version = current.version if current else 0
    if expected_version is not None and expected_version != current_version:
        shown = vn.format_number(current.value) if current else "(chưa có)"
        by = (
            (current.updated_by.get_full_name() or current.updated_by.username)
            if current and current.updated_by
            else ""
        )
        raise ConflictError(
            f"Số liệu «{indicator.name}» vừa được {by or 'người khác'} sửa thành {shown}. "
            "Hãy xem lại trước khi lưu.",
            current=shown,
            by=by,
        )
    return write_value(
        report=report, indicator=indicator, current=current, value=value, user=user, source=source
    )


def catalog_indicator(code: str) -> Indicator:
    try:
        return Indicator.objects.get(code=code)
    except Indicator.DoesNotExist:
        raise ReportError(f"Không có chỉ tiêu «{code}» trong danh mục.") from None


def write_value(
    *,
    report: Report,
    indicator: Indicator,
    current: Value | None,
    value: str | int | Decimal | None,
    user=None,
    source: str = "entry",
) -> Value | None:
    """save_value's write, for a caller that holds the report's lock and has read the
    figure's row (current) in this transaction already."""
    code = indicator.code
    old = vn.format_number(current.value) if current else ""
    if value is None or (isinstance(value, str) and not value.strip()):
        if current:
            current.delete()
            audit(report, user, "value", code, old=old, new="")
        return None
    number = check_figure(indicator, parse_figure(value))
    if current is None:
        saved = Value.objects.create(
            report=report, indicator=indicator, value=number, source=source, updated_by=_user(user)
        )
    else:
        if current.value == number:
            return current
        Value.objects.filter(pk=current.pk).update(
            value=number, version=F("version") + 1, source=source, updated_by=_user(user)
        )
        saved = Value.objects.get(pk=current.pk)
    audit(report, user, "value", code, old=old, new=vn.format_number(number))
    return saved


def _user(user):
    return user if user is not None and user.is_authenticated else None


def report_values(report: Report) -> dict[str, Decimal]:
    return dict(report.values.values_list("indicator__code", "value"))
