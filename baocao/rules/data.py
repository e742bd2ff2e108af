"""What rules read: one report's figures with their neighbours in time, plan
targets, and the template's mandatory codes. Built from the database for stored
reports, or from plain dicts for a file being checked (without Django: `baocao
extract` runs without it, so the database's modules are imported where they are used)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from baocao.rules.language import MappingValues

if TYPE_CHECKING:
    from baocao.catalog.periods import Period
    from baocao.reports.models import Report


@dataclass
class ReportData:
    current: dict[str, Decimal]
    period: Period | None = None
    previous_values: dict[str, Decimal] = field(default_factory=dict)
    last_year_values: dict[str, Decimal] = field(default_factory=dict)
    targets: dict[str, Decimal] = field(default_factory=dict)
    history: list[dict[str, Decimal]] = field(
        default_factory=list
    )  # up to 12 periods before, oldest first
    year_to_date: list[dict[str, Decimal]] = field(
        default_factory=list
    )  # earlier periods of the same year
    mandatory: list[str] = field(default_factory=list)

    @cached_property
    def values(self) -> MappingValues:
        """The figures as the rule language reads them."""
        return MappingValues(
            self.current,
            previous=self.previous_values,
            last_year=self.last_year_values,
            targets=self.targets,
        )

    def previous(self, code: str) -> Decimal | None:
        return self.previous_values.get(code)

    def last_year(self, code: str) -> Decimal | None:
        return self.last_year_values.get(code)

    def target(self, code: str) -> Decimal | None:
        return self.targets.get(code)

    def ytd(self, code: str) -> Decimal | None:
        """Sum of a flow over the year up to this period, when every month is known."""
        if code not in self.current or self.period is None:
            return None
        earlier = [v.get(code) for v in self.year_to_date]
        if len(earlier) != self.period.number - 1 or any(x is None for x in earlier):
            return None
        return self.current[code] + sum(earlier)


def reports_data(reports: list[Report]) -> dict[int, ReportData]:
    """ReportData for many reports with a fixed number of queries (not one per report)."""
    from baocao.catalog.models import Target
    from baocao.reports.models import Value

    if not reports:
        return {}
    wanted: dict[tuple[int, int, str], None] = {}
    for report in reports:
        period = report.period_obj
        for step in range(1, 13):
            wanted[(report.unit_id, report.template_id, period.shift(-step).key)] = None
        wanted[(report.unit_id, report.template_id, period.key)] = None
    units = {r.unit_id for r in reports}
    templates = {r.template_id for r in reports}
    keys = {k[2] for k in wanted}
    by_report: dict[tuple[int, int, str], dict[str, Decimal]] = defaultdict(dict)
    rows = Value.objects.filter(
        report__unit_id__in=units, report__template_id__in=templates, report__period__in=keys
    ).values_list(
        "report__unit_id", "report__template_id", "report__period", "indicator__code", "value"
    )
    for unit_id, template_id, key, code, value in _raw(rows):
        by_report[(unit_id, template_id, key)][code] = value
    years = {r.period_obj.year for r in reports}
    targets: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
    for unit_id, year, code, value in Target.objects.filter(
        unit_id__in=units, year__in=years
    ).values_list("unit_id", "year", "indicator__code", "value"):
        targets[(unit_id, year)][code] = value
    out = {}
    for report in reports:
        period = report.period_obj

        def at(p: Period, r=report) -> dict[str, Decimal]:
            return by_report.get((r.unit_id, r.template_id, p.key), {})

        history = [at(period.shift(-step)) for step in range(12, 0, -1)]
        out[report.pk] = ReportData(
            current=dict(at(period)),
            period=period,
            previous_values=at(period.previous()),
            last_year_values=at(period.same_period_last_year()),
            targets=targets.get((report.unit_id, period.year), {}),
            history=[h for h in history if h],
            year_to_date=[at(period.shift(-step)) for step in range(period.number - 1, 0, -1)]
            if period.frequency == "monthly"
            else [],
            mandatory=list(report.template.mandatory),
        )
    return out


def _raw(rows) -> list[tuple]:
    """The rows of a values_list query whose last column is Value.value, read by the
    database driver without Django's per-row converters: 13 months of the city's
    figures are ~170,000 rows, and the converters (float -> Decimal -> quantize on
    SQLite) were 80 % of checking a city's month. Each distinct figure is converted
    once, to the same Decimal the ORM gives (4 decimal places)."""
    from django.db import connections

    from baocao.reports.models import Value

    sql, params = rows.query.sql_with_params()
    field = Value._meta.get_field("value")
    places = Decimal(1).scaleb(-field.decimal_places)
    decimals: dict = {}
    out = []
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        for *key, raw in cursor.fetchall():
            if raw is None:
                continue
            value = decimals.get(raw)
            if value is None:
                exact = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
                value = decimals[raw] = exact.quantize(places)
            out.append((*key, value))
    return out


def report_data(report: Report) -> ReportData:
    return reports_data([report])[report.pk]
