"""Who has reported, on time or late: a grid of units × periods for one template.

A report counts as *reported* once it has been submitted (it has a submitted_at):
a draft is still at the commune. It is *on time* when it was submitted on or before
the template's deadline (Period.deadline: N working days after the ND 09 cut-off),
compared as dates in Vietnam's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from baocao.catalog.models import ReportTemplate, Unit
from baocao.catalog.periods import Period
from baocao.reports.models import Report

ANALYTICS_TEMPLATE = "ubnd-monthly"  # docs/decisions.md: analytics reads the UBND figures

MISSING, DRAFT, ON_TIME, LATE, OVERDUE = "missing", "draft", "on_time", "late", "overdue"
TIMELINESS = {
    MISSING: "Chưa có báo cáo",
    DRAFT: "Đang soạn, chưa gửi",
    ON_TIME: "Đúng hạn",
    LATE: "Trễ hạn",
    OVERDUE: "Quá hạn, chưa gửi",
}


@dataclass(frozen=True)
class Cell:
    """One unit's report for one period, or its absence."""

    period: str
    report_id: int | None = None
    status: str = ""  # Report.status, "" when there is no report
    status_label: str = "Chưa có"
    submitted_on: date | None = None
    timeliness: str = MISSING
    days_late: int = 0

    @property
    def reported(self) -> bool:
        return self.timeliness in (ON_TIME, LATE)

    @property
    def timeliness_label(self) -> str:
        return TIMELINESS[self.timeliness]


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
    if report is None or report.submitted_at is None:
        if today > deadline:
            return (MISSING if report is None else OVERDUE), (today - deadline).days, None
        return (MISSING if report is None else DRAFT), 0, None
    submitted = timezone.localtime(report.submitted_at).date()
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
    tmpl = ReportTemplate.objects.get(code=template)
    unit_list = list(units.only("id", "code", "name", "kind", "formed_from"))
    keys = [p.key for p in periods]
    found: dict[tuple[int, str], Report] = {}
    reports = Report.objects.filter(
        template=tmpl, period__in=keys, unit_id__in=[u.pk for u in unit_list]
    ).only("id", "unit_id", "period", "status", "submitted_at")
    for report in reports:
        found[(report.unit_id, report.period)] = report
    deadlines = {p.key: p.deadline(tmpl.period_mode, tmpl.deadline_days) for p in periods}
    summaries = {p.key: PeriodSummary(p, deadlines[p.key]) for p in periods}
    status_labels = dict(Report.STATUSES)
    rows = []
    for unit in unit_list:
        cells = []
        for period in periods:
            report = found.get((unit.pk, period.key))
            timeliness, days, submitted = classify(report, period, deadlines[period.key], today)
            cell = Cell(
                period=period.key,
                report_id=report.pk if report else None,
                status=report.status if report else "",
                status_label=status_labels[report.status] if report else "Chưa có",
                submitted_on=submitted,
                timeliness=timeliness,
                days_late=days,
            )
            cells.append(cell)
            summary = summaries[period.key]
            summary.units += 1
            summary.reported += cell.reported
            summary.on_time += cell.timeliness == ON_TIME
            summary.late += cell.timeliness == LATE
            summary.missing += not cell.reported
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
