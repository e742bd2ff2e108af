"""The "my reports" panel of the home page: for a clerk or leader, each report type
of their commune with the current report, its deadline and findings, the last periods, and
the next period to create; for the city, the approved reports awaiting acceptance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F
from django.utils import timezone

from baocao.accounts.access import is_city_staff, visible_units
from baocao.accounts.models import Membership
from baocao.catalog.models import ReportTemplate, Unit
from baocao.catalog.periods import MONTHLY, Period
from baocao.reports.models import Report
from baocao.rules.text import report_findings

RECENT = 3


@dataclass
class MyReport:
    unit: Unit
    template: ReportTemplate
    current: Report | None
    next_period: Period
    deadline: date | None = None
    errors: int = 0
    warnings: int = 0
    earlier: list[Report] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)

    @property
    def overdue(self) -> bool:
        return (
            self.current is not None
            and self.deadline is not None
            and self.current.submitted_at is None
            and self.current.status in (Report.DRAFT, Report.RETURNED)
            and timezone.localdate() > self.deadline
        )

    @property
    def awaits_leader(self) -> bool:
        return (
            self.current is not None
            and self.current.status == Report.SUBMITTED
            and Membership.LEADER in self.roles
        )


def period_of(day: date, template: ReportTemplate) -> Period:
    """The monthly period whose data window holds the day (ND 09: 15th..14th)."""
    candidate = Period.month(day.year, day.month)
    for period in (candidate, candidate.next()):
        if period.contains(day, template.period_mode):
            return period
    return candidate


def my_reports(user) -> list[MyReport]:
    memberships = (
        Membership.objects.filter(
            user=user,
            role__in=[Membership.CLERK, Membership.LEADER],
            unit__kind__in=Unit.COMMUNE_KINDS,
        )
        .select_related("unit")
        .order_by("unit__name")
    )
    roles: dict[int, set[str]] = {}
    units: dict[int, Unit] = {}
    for m in memberships:
        roles.setdefault(m.unit_id, set()).add(m.role)
        units[m.unit_id] = m.unit
    if not units:
        return []
    templates = list(
        ReportTemplate.objects.exclude(issuer=ReportTemplate.CITY)
        .filter(frequency=MONTHLY)
        .order_by("-issuer")  # the People's Committee's report first, then the Party's
    )
    reports: dict[tuple[int, int], list[Report]] = {}
    for report in (
        Report.objects.filter(unit_id__in=units, template__in=templates)
        .select_related("template", "unit")
        .order_by("-period")
    ):
        reports.setdefault((report.unit_id, report.template_id), []).append(report)
    rows = []
    today = timezone.localdate()
    for unit_id, unit in units.items():
        for template in templates:
            found = reports.get((unit_id, template.pk), [])
            if not found and not _issues(unit, template, reports):
                continue
            current = found[0] if found else None
            row = MyReport(
                unit=unit,
                template=template,
                current=current,
                next_period=current.period_obj.next() if current else period_of(today, template),
                earlier=found[1 : 1 + RECENT],
                roles=roles[unit_id],
            )
            if current is not None:
                row.deadline = current.period_obj.deadline(
                    template.period_mode, template.deadline_days
                )
                findings = report_findings(current)
                row.errors = sum(f.is_error for f in findings)
                row.warnings = len(findings) - row.errors
            rows.append(row)
    return rows


def _issues(unit: Unit, template: ReportTemplate, reports: dict) -> bool:
    """A unit with no report of this type yet is offered one only when it has no
    reports at all (a commune starting out), not for every template there is."""
    return not any(key[0] == unit.pk for key in reports)


def awaiting_city(user, limit: int = 8) -> tuple[int, list[Report]]:
    """Approved reports the city has not accepted or returned yet: how many, and the
    most recently approved first."""
    if not is_city_staff(user):
        return 0, []
    waiting = Report.objects.filter(unit__in=visible_units(user), status=Report.APPROVED)
    shown = waiting.select_related("unit", "template").order_by(
        F("approved_at").desc(nulls_last=True), "-period", "unit__name"
    )[:limit]
    return waiting.count(), list(shown)
