"""The rules while a report is being edited: every save re-checks the report, but
only its own figures changed. The figures of the twelve periods before and the
year's targets (what outlier, "previous period" and "% of estimate" rules read)
are kept per report and reused while a one-row summary of them stays the same,
so a save reads them again only after someone changed them (in any process)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.db import connection

from baocao.catalog.models import Target
from baocao.reports.models import Report, Value
from baocao.rules.data import ReportData, reports_data
from baocao.rules.engine import Finding, check_data

_kept: dict[int, tuple[tuple, ReportData]] = {}
KEEP_AT_MOST = 500  # reports; a city's worth being edited at once


def _summary(report: Report) -> tuple:
    """Changes whenever a figure of the other periods or a target changes: versions
    grow on every save, and the sums catch a row removed and another added. One
    statement written out: every save asks, and the ORM took longer to build its two
    aggregate queries (~1.3 ms CPU) than the database to answer them."""
    period = report.period_obj
    others = [period.shift(-step).key for step in range(1, 13)]
    q = connection.ops.quote_name
    value, row, target = (q(m._meta.db_table) for m in (Value, Report, Target))
    sql = (
        "SELECT COUNT(v.id), SUM(v.version), SUM(v.indicator_id), SUM(v.value),"
        f" (SELECT COUNT(t.id) FROM {target} t WHERE t.unit_id = %s AND t.year = %s),"
        f" (SELECT SUM(t.indicator_id) FROM {target} t WHERE t.unit_id = %s AND t.year = %s),"
        f" (SELECT SUM(t.value) FROM {target} t WHERE t.unit_id = %s AND t.year = %s)"
        f" FROM {value} v JOIN {row} r ON r.id = v.report_id"
        f" WHERE r.unit_id = %s AND r.template_id = %s AND r.period IN ({', '.join(['%s'] * 12)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [report.unit_id, period.year] * 3 + [report.unit_id, report.template_id, *others],
        )
        sums = cursor.fetchone()
    return (report.period, tuple(report.template.mandatory), tuple(sums))


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
