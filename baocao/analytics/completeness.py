"""Who has reported, on time or late: a grid of units × periods for one template.

A report counts as *reported* once it has been submitted (it has a submitted_at):
a draft is still at the commune. It is *on time* when it was submitted on or before
the template's deadline (Period.deadline: N working days after the ND 09 cut-off),
compared as dates in Vietnam's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from baocao.catalog.models import ReportTemplate, Unit
from baocao.catalog.periods import Period
from baocao.reports.models import Report
from baocao.vn.dates import short_date

ANALYTICS_TEMPLATE = "ubnd-monthly"  # docs/decisions.md: analytics reads the UBND figures
NO_REPORT_LABEL = "Chưa có"

MISSING, DRAFT, ON_TIME, LATE, OVERDUE = "missing", "draft", "on_time", "late", "overdue"
TIMELINESS = {
    MISSING: "Chưa có báo cáo",
    DRAFT: "Đang soạn, chưa gửi",
    ON_TIME: "Đúng hạn",
    LATE: "Trễ hạn",
    OVERDUE: "Quá hạn, chưa gửi",
}


@dataclass(frozen=True, slots=True)
class Cell:
    """One unit's report for one period, or its absence."""

    period: str
    report_id: int | None = None
    status: str = ""  # Report.status, "" when there is no report
    status_label: str = NO_REPORT_LABEL
    submitted_on: date | None = None
    timeliness: str = MISSING
    days_late: int = 0

    @property
    def reported(self) -> bool:
        return self.timeliness in (ON_TIME, LATE)

    @property
    def timeliness_label(self) -> str:
        return TIMELINESS[self.timeliness]

    @property
    def mark(self) -> str:
        """What the grid shows: ✓ on time, +n days late, ! overdue, … drafting, – none."""
        if self.report_id is None:
            return "–"
        if self.timeliness == LATE:
            return f"+{self.days_late}"
        return MARKS.get(self.timeliness, "…")  # a draft, still at the commune

    @property
    def title(self) -> str:
        """The tooltip: 'Đã trình; Trễ hạn, gửi ngày 21/11/2024'."""
        if self.report_id is None:
            return self.timeliness_label
        text = f"{self.status_label}; {self.timeliness_label}"
        if self.submitted_on:
            text += f", gửi ngày {short_date(self.submitted_on)}"
        return text


MARKS = {ON_TIME: "✓", OVERDUE: "!"}


@dataclass
class PeriodSummary:
    period: Period
    deadline: date
    units: int = 0
    reported: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0  # no report, or still a draft

    @property
    def reported_rate(self) -> float | None:
        return 100 * self.reported / self.units if self.units else None

    @property
    def on_time_rate(self) -> float | None:
        return 100 * self.on_time / self.units if self.units else None

    @property
    def deadline_text(self) -> str:
        return short_date(self.deadline)

    @property
    def sentence(self) -> str:
        """'108/114 đơn vị đã báo cáo, 96 đúng hạn'."""
        return f"{self.reported}/{self.units} đơn vị đã báo cáo, {self.on_time} đúng hạn"


@dataclass
class Row:
    unit: Unit
    cells: list[Cell]

    @property
    def late_count(self) -> int:
        return sum(c.timeliness == LATE for c in self.cells)

    @property
    def missing_count(self) -> int:
        return sum(not c.reported for c in self.cells)


@dataclass
class Grid:
    template: ReportTemplate
    periods: list[Period]
    rows: list[Row]
    summaries: list[PeriodSummary] = field(default_factory=list)

    @property
    def last(self) -> PeriodSummary | None:
        return self.summaries[-1] if self.summaries else None


def classify(
    report: Report | None, period: Period, deadline: date, today: date
) -> tuple[str, int, date | None]:
    """Timeliness, days past the deadline, and the local submission date."""
    submitted_at = report.submitted_at if report is not None else None
    return _classify(report is not None, submitted_at, deadline, today)


def _classify(
    exists: bool, submitted_at: datetime | None, deadline: date, today: date, tz=None
) -> tuple[str, int, date | None]:
    if submitted_at is None:
        if today > deadline:
            return (OVERDUE if exists else MISSING), (today - deadline).days, None
        return (DRAFT if exists else MISSING), 0, None
    submitted = timezone.localtime(submitted_at, tz).date()
    late = (submitted - deadline).days
    return (LATE if late > 0 else ON_TIME), max(0, late), submitted


def commune_units(units: QuerySet[Unit], *, kind: str = "", former: str = "") -> QuerySet[Unit]:
    """Current communes among `units`, filtered by kind and by former province."""
    units = units.filter(kind__in=Unit.COMMUNE_KINDS, valid_to__isnull=True)
    if kind:
        units = units.filter(kind=kind)
    if former:
        units = units.filter(formed_from=former)
    return units.order_by("code")


def completeness_grid(
    units: QuerySet[Unit],
    periods: list[Period],
    *,
    template: str = ANALYTICS_TEMPLATE,
    today: date | None = None,
) -> Grid:
    """The grid for `units` (already scoped and filtered) over `periods`, in one query
    for the units and one for the reports."""
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()  # looked up once, not per cell
    tmpl = ReportTemplate.objects.get(code=template)
    unit_list = list(units.only("id", "code", "name", "kind", "formed_from"))
    keys = [p.key for p in periods]
    # Plain tuples, not model instances: the grid reads five columns of up to 114 × 36
    # reports, and building a model per row was a large share of the page's CPU.
    found = {
        (unit_id, key): (pk, status, submitted_at)
        for pk, unit_id, key, status, submitted_at in Report.objects.filter(
            template=tmpl, period__in=keys, unit_id__in=[u.pk for u in unit_list]
        ).values_list("id", "unit_id", "period", "status", "submitted_at")
    }
    deadlines = {p.key: p.deadline(tmpl.period_mode, tmpl.deadline_days) for p in periods}
    summaries = {p.key: PeriodSummary(p, deadlines[p.key]) for p in periods}
    status_labels = dict(Report.STATUSES)
    rows = []
    for unit in unit_list:
        cells = []
        for key in keys:
            summary = summaries[key]
            found_report = found.get((unit.pk, key))
            if found_report is None:
                timeliness, days, _ = _classify(False, None, summary.deadline, today)
                cell = Cell(period=key, timeliness=timeliness, days_late=days)
            else:
                pk, status, submitted_at = found_report
                timeliness, days, submitted = _classify(
                    True, submitted_at, summary.deadline, today, tz
                )
                cell = Cell(key, pk, status, status_labels[status], submitted, timeliness, days)
            cells.append(cell)
            reported = timeliness in (ON_TIME, LATE)
            summary.units += 1
            summary.reported += reported
            summary.on_time += timeliness == ON_TIME
            summary.late += timeliness == LATE
            summary.missing += not reported
        rows.append(Row(unit, cells))
    return Grid(tmpl, periods, rows, [summaries[k] for k in keys])


def former_provinces() -> list[str]:
    """The former provinces the current communes were formed from ('Hải Dương (cũ)')."""
    return sorted(
        set(
            Unit.objects.filter(kind__in=Unit.COMMUNE_KINDS, valid_to__isnull=True)
            .exclude(formed_from="")
            .values_list("formed_from", flat=True)
        )
    )
