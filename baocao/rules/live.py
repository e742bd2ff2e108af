"""The rules while a report is being edited: every save re-checks the report, but
only its own figures changed. The figures of the twelve periods before and the
year's targets (what outlier, "previous period" and "% of estimate" rules read)
are kept per report and reused while a one-row summary of them stays the same,
so a save reads them again only after someone changed them (in any process)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.db.models import Count, Sum

from baocao.catalog.models import Target
from baocao.reports.models import Report, Value
from baocao.rules.data import ReportData, reports_data
from baocao.rules.engine import Finding, check_data

_kept: dict[int, tuple[tuple, ReportData]] = {}
KEEP_AT_MOST = 500  # reports; a city's worth being edited at once


def _summary(report: Report) -> tuple:
    """Changes whenever a figure of the other periods or a target changes: versions
    grow on every save, and the sums catch a row removed and another added."""
    period = report.period_obj
    others = [period.shift(-step).key for step in range(1, 13)]
    values = Value.objects.filter(
        report__unit_id=report.unit_id,
        report__template_id=report.template_id,
        report__period__in=others,
    ).aggregate(n=Count("id"), v=Sum("version"), i=Sum("indicator_id"), s=Sum("value"))
    targets = Target.objects.filter(unit_id=report.unit_id, year=period.year).aggregate(
        n=Count("id"), i=Sum("indicator_id"), s=Sum("value")
    )
    return (
        report.period,
        tuple(report.template.mandatory),
        tuple(values.values()),
        tuple(targets.values()),
    )


def check_live(report: Report, current: dict[str, Decimal]) -> list[Finding]:
    """check_report(report) for the given figures of the report itself."""
    summary = _summary(report)
    kept = _kept.get(report.pk)
    if kept is None or kept[0] != summary:
        if len(_kept) >= KEEP_AT_MOST:
            _kept.clear()
        kept = (summary, reports_data([report])[report.pk])
        _kept[report.pk] = kept
    return check_data(replace(kept[1], current=dict(current)))
