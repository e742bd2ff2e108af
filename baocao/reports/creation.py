"""Which periods a clerk may open a report for: from the unit's start to the next
period. A report for 2999-12 or 1900-01 is a typing accident that would become the
"latest period" of every city page.

Every path that makes a report checks it: create_report (web, API, figure imports)
and the importer's store_extraction (`baocao import`, the upload page, archives).
An imported document is history that exists already, so imports are bounded by the
unit's start when it is known, else by HISTORY_YEARS back; never beyond next period."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from baocao.catalog.models import ReportTemplate, Unit
from baocao.catalog.periods import MONTHLY, QUARTERLY, Period
from baocao.reports.errors import ReportError
from baocao.reports.models import Report

HISTORY_YEARS = 10  # how far back an archived report may be imported, unit start unknown


def period_of(day: date, template: ReportTemplate) -> Period:
    """The template's period whose data window holds the day (the first one ending
    on or after it, for frequencies whose windows leave gaps)."""
    if template.frequency == MONTHLY:
        guess = Period.month(day.year, day.month)
    elif template.frequency == QUARTERLY:
        guess = Period(day.year, QUARTERLY, (day.month - 1) // 3 + 1)
    else:
        guess = Period(day.year, template.frequency, 1)
    candidate = guess.shift(-2)
    while candidate.window(template.period_mode)[1] < day:
        candidate = candidate.next()
    return candidate


def creatable_range(unit: Unit, template: ReportTemplate, today: date | None = None):
    """(first, last) periods a new report of this unit and template may have."""
    today = today or timezone.localdate()
    current = period_of(today, template)
    if unit.valid_from:
        first = period_of(unit.valid_from, template)
    else:
        earliest = (
            Report.objects.filter(unit=unit, template=template)
            .order_by("period")
            .values_list("period", flat=True)
            .first()
        )
        # Nothing known of the unit's start: this period and the one before (a unit
        # that starts with baocao may still owe last period's report).
        first = Period.parse(earliest) if earliest else current.previous()
    return first, current.next()


def check_creatable(
    unit: Unit, template: ReportTemplate, period: Period, today=None, *, history: bool = False
) -> None:
    """ReportError (Vietnamese) unless a report of `period` may be made for the unit:
    from its start to next period. `history`: an imported document, which may predate
    the unit's first report in baocao."""
    if history:
        today = today or timezone.localdate()
        last = period_of(today, template).next()
        start = unit.valid_from or today.replace(year=today.year - HISTORY_YEARS, day=1)
        first = period_of(start, template)
    else:
        first, last = creatable_range(unit, template, today)
    if period < first:
        raise ReportError(
            f"Không tạo được báo cáo {period.label}: {unit.name} chỉ có báo cáo từ {first.label}."
        )
    if period > last:
        raise ReportError(
            f"Không tạo được báo cáo {period.label}: chỉ tạo được đến kỳ tiếp theo ({last.label})."
        )
