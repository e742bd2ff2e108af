"""Importing a data value set (DHIS2-shaped) into reports: every value goes through
the editor's parser and services.save_value (the same refusals: locked report,
money in whole đồng), atomically per report; the summary counts what happened,
lists each refused value with a Vietnamese and English message, and carries the
findings of the reports touched. A dry run does all of it and then rolls back."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from baocao import vn
from baocao.accounts.access import can_view_unit, roles_for
from baocao.api.etags import check_if_match, report_etag
from baocao.api.findings import report_findings_json
from baocao.api.problems import ApiProblem
from baocao.catalog.models import Indicator, ReportTemplate, Unit
from baocao.catalog.periods import Period, PeriodError
from baocao.reports.errors import ReportError
from baocao.reports.kinds import check_figure
from baocao.reports.models import AuditEntry, Report, Value
from baocao.reports.services import check_editable, create_report, parse_figure
from baocao.reports.workflow import EDITORS

STRATEGIES = ("CREATE_AND_UPDATE", "CREATE", "UPDATE", "DELETE")
TOO_LARGE = Decimal(10) ** 15  # the stored figure has 20 digits, 4 of them decimals

ENGLISH = {
    "unknown_indicator": "unknown indicator code",
    "not_a_number": "the value is not a number the editor can read",
    "refused": "the value was refused by the editor's checks (see the Vietnamese message)",
    "unit_not_yours": "the unit is not one of the token's units",
    "report_locked": "the report is approved or accepted and locked; reopen it first",
    "unknown_unit": "unknown unit code",
    "unknown_template": "unknown template code",
    "bad_period": "the period cannot be read or does not fit the template",
    "no_report": "the unit has no report for this period (UPDATE and DELETE do not create one)",
}


@dataclass
class ValueRow:
    indicator: str
    value: str | int | float | None
    comment: str | None = None


@dataclass
class ValueSet:
    template: str
    period: str
    unit: str
    rows: list[ValueRow] = field(default_factory=list)


@dataclass
class Summary:
    strategy: str
    dry_run: bool
    counts: dict = field(
        default_factory=lambda: {"imported": 0, "updated": 0, "ignored": 0, "deleted": 0}
    )
    conflicts: list = field(default_factory=list)
    reports: list = field(default_factory=list)

    def conflict(self, obj: str, reason: str, vi: str, value=None) -> None:
        self.conflicts.append(
            {
                "object": obj,
                "value": None if value is None else str(value),
                "reason": reason,
                "message": {"vi": vi, "en": ENGLISH[reason]},
            }
        )

    def as_json(self) -> dict:
        if self.conflicts:
            done = self.counts["imported"] + self.counts["updated"] + self.counts["deleted"]
            status = "WARNING" if done else "ERROR"
        else:
            status = "SUCCESS"
        return {
            "status": status,
            "dryRun": self.dry_run,
            "importStrategy": self.strategy,
            "importCount": self.counts,
            "conflicts": self.conflicts,
            "reports": self.reports,
        }


class _Undo(Exception):
    """Leaves a report's savepoint so none of its values is kept."""


def read_number(raw) -> Decimal | None:
    """A JSON number as it is; text read like the editor reads it. None: remove."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ReportError("Giá trị phải là số.")
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise ReportError("Giá trị phải là số hữu hạn.")
        number = Decimal(repr(raw))
    elif isinstance(raw, int):
        number = Decimal(raw)
    else:
        number = parse_figure(str(raw))
    if abs(number) >= TOO_LARGE:
        raise ReportError(f"Số quá lớn: «{raw}».")
    return number.quantize(Decimal("0.0001")) if number.as_tuple().exponent < -4 else number


@dataclass
class Target:
    """A value set resolved to its unit, template, period and report (None: not yet)."""

    set: ValueSet
    unit: Unit
    template: ReportTemplate
    period: Period
    report: Report | None


def _resolve(sets: list[ValueSet], user, summary: Summary, strategy: str) -> list[Target]:
    """Unit, template, period of each set; a unit the user may not write refuses the
    whole request (403), as every other write of another unit's data does."""
    targets = []
    for vs in sets:
        unit = Unit.objects.filter(code=vs.unit).first()
        if unit is None:
            summary.conflict(vs.unit, "unknown_unit", f"Không có đơn vị «{vs.unit}».")
            summary.counts["ignored"] += len(vs.rows)
            continue
        if not can_view_unit(user, unit) or not roles_for(user, unit) & EDITORS:
            raise ApiProblem(
                403,
                f"Không được ghi số liệu của đơn vị «{unit.code}».",
                errors=[{"object": unit.code, "reason": "unit_not_yours"}],
            )
        template = ReportTemplate.objects.defer("outline").filter(code=vs.template).first()
        if template is None:
            summary.conflict(
                vs.template, "unknown_template", f"Không có mẫu báo cáo «{vs.template}»."
            )
            summary.counts["ignored"] += len(vs.rows)
            continue
        try:
            period = Period.parse(vs.period)
            if not 1900 <= period.year < 2200:
                raise PeriodError(f"Năm của kỳ «{vs.period}» không hợp lệ.")
            if period.frequency != template.frequency:
                raise PeriodError(f"Kỳ «{vs.period}» không đúng với tần suất của mẫu.")
        except PeriodError as exc:
            summary.conflict(vs.period, "bad_period", str(exc))
            summary.counts["ignored"] += len(vs.rows)
            continue
        report = Report.objects.filter(unit=unit, template=template, period=period.key).first()
        if report is None and strategy in ("UPDATE", "DELETE"):
            summary.conflict(
                f"{unit.code}/{template.code}/{period.key}",
                "no_report",
                f"{unit.name} chưa có báo cáo {period.label}.",
            )
            summary.counts["ignored"] += len(vs.rows)
            continue
        targets.append(Target(vs, unit, template, period, report))
    return targets


def import_sets(
    sets: list[ValueSet], *, user, request, strategy: str = "CREATE_AND_UPDATE", dry_run=False
) -> dict:
    if strategy not in STRATEGIES:
        raise ApiProblem(422, f"importStrategy phải là một trong: {', '.join(STRATEGIES)}.")
    summary = Summary(strategy, dry_run)
    catalog = {i.code: i for i in Indicator.objects.all()}
    with transaction.atomic():
        targets = _resolve(sets, user, summary, strategy)
        existing = [t.report for t in targets if t.report is not None]
        if existing:
            locked = list(
                Report.objects.select_for_update().filter(pk__in=[r.pk for r in existing])
            )
            check_if_match(request, locked)
        for target in targets:
            _import_one(target, catalog, summary, user, strategy)
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:  # the ETags as they are, not as the rolled-back import left them
        kept = set(
            Report.objects.filter(pk__in=[r["report"] for r in summary.reports]).values_list(
                "pk", flat=True
            )
        )
        for entry in summary.reports:
            entry["etag"] = (
                report_etag(Report(pk=entry["report"])) if entry["report"] in kept else ""
            )
    return summary.as_json()


def _import_one(target: Target, catalog: dict, summary: Summary, user, strategy: str) -> None:
    rows = target.set.rows
    before = (summary.counts.copy(), len(summary.conflicts))
    report = target.report
    if report is not None and report.is_locked:
        summary.conflict(
            str(report.pk),
            "report_locked",
            f"Báo cáo {target.unit.name} {target.period.label} đã được duyệt, không thể sửa. "
            "Lãnh đạo hoặc thành phố cần mở lại báo cáo trước.",
        )
        summary.counts["ignored"] += len(rows)
        return
    try:
        with transaction.atomic():
            if report is None:
                report = create_report(
                    unit=target.unit, template=target.template, period=target.period, user=user
                )
            _apply(report, rows, catalog, summary, user, strategy)
            if len(summary.conflicts) > before[1]:
                raise _Undo
    except _Undo:
        # Atomic per report: one refused value and none of the report's values is kept.
        summary.counts = before[0]
        summary.counts["ignored"] += len(rows)
        report = target.report
    if report is not None:
        summary.reports.append(
            {
                "report": report.pk,
                "unit": target.unit.code,
                "period": target.period.key,
                "template": target.template.code,
                "etag": report_etag(report),
                "findings": report_findings_json(report),
            }
        )


def _apply(report, rows, catalog, summary: Summary, user, strategy: str) -> None:
    """Read and check every value first (the editor's parser and check_figure, which
    save_value applies); write only when all of them pass, in a few bulk statements:
    a month's figures one save_value at a time would take a second or more. Each
    change is audited as save_value audits it (old and new, formatted)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    check_editable(report)
    current = {v.indicator_id: v for v in Value.objects.filter(report=report)}
    # The figure as each row leaves it (a later row for the same figure sees it).
    state = {pk: v.value for pk, v in current.items()}
    touched: set[int] = set()
    for row in rows:
        indicator = catalog.get(row.indicator)
        if indicator is None:
            summary.conflict(
                row.indicator,
                "unknown_indicator",
                f"Không có chỉ tiêu «{row.indicator}» trong danh mục.",
                row.value,
            )
            continue
        try:
            number = None if strategy == "DELETE" else read_number(row.value)
            if number is not None:
                number = check_figure(indicator, number)
        except ReportError as exc:
            reason = "not_a_number" if number_unread(row.value) else "refused"
            summary.conflict(row.indicator, reason, str(exc), row.value)
            continue
        had = state.get(indicator.pk)
        if number is None:  # DELETE, or an empty value: the figure is not reported
            action = "ignored" if had is None or strategy == "CREATE" else "deleted"
        elif had is None:
            action = "ignored" if strategy == "UPDATE" else "imported"
        else:
            action = "ignored" if strategy == "CREATE" or had == number else "updated"
        summary.counts[action] += 1
        if action != "ignored":
            state[indicator.pk] = number
            touched.add(indicator.pk)
    if summary.conflicts:
        return
    _store(report, {pk: state.get(pk) for pk in touched}, current, catalog, user)


def number_unread(raw) -> bool:
    try:
        read_number(raw)
    except ReportError:
        return True
    return False


def _store(report, final: dict, current: dict, catalog: dict, user) -> None:
    """The figures as the rows left them, against what was stored: created, changed,
    removed, each change audited as save_value audits it."""
    by_id = {i.pk: i for i in catalog.values()}
    who = user if user is not None and user.is_authenticated else None
    now = timezone.now()
    created, changed, removed, trail = [], [], [], []
    for indicator_id, number in final.items():
        had = current.get(indicator_id)
        if had is not None and had.value == number:
            continue
        old = vn.format_number(had.value) if had else ""
        if number is None:
            if had is None:
                continue
            removed.append(had.pk)
        elif had is None:
            created.append(
                Value(
                    report=report,
                    indicator_id=indicator_id,
                    value=number,
                    source="api",
                    updated_by=who,
                )
            )
        else:
            had.value, had.version, had.source = number, had.version + 1, "api"
            had.updated_by, had.updated_at = who, now
            changed.append(had)
        new = "" if number is None else vn.format_number(number)
        trail.append(
            AuditEntry(
                report=report,
                user=who,
                action="value",
                target=by_id[indicator_id].code,
                old=old,
                new=new,
            )
        )
    if removed:
        Value.objects.filter(pk__in=removed).delete()
    if created:
        Value.objects.bulk_create(created)
    if changed:
        _update(changed)
    AuditEntry.objects.bulk_create(trail)


def _update(changed: list[Value]) -> None:
    """One prepared UPDATE run per figure (executemany): far cheaper than the single
    CASE … WHEN statement of bulk_update on a month's figures."""
    field = {f.name: f for f in Value._meta.concrete_fields}
    table = connection.ops.quote_name(Value._meta.db_table)
    sql = (
        f"UPDATE {table} SET value = %s, version = %s, source = %s, "
        "updated_by_id = %s, updated_at = %s WHERE id = %s"
    )
    rows = [
        (
            field["value"].get_db_prep_save(v.value, connection),
            v.version,
            v.source,
            v.updated_by.pk if v.updated_by else None,
            field["updated_at"].get_db_prep_save(v.updated_at, connection),
            v.pk,
        )
        for v in changed
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
