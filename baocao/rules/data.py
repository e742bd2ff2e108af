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
    """ReportData for many reports with a fixed number of queries (not one per report):
    the figures of every period they read in one query, and the periods a report reads
    worked out once per period (a city's month is 114 reports of one period)."""
    from baocao.catalog.models import Target
    from baocao.reports.models import Report, Value

    if not reports:
        return {}
    periods: dict[str, _Neighbours] = {}
    for report in reports:
        if report.period not in periods:
            periods[report.period] = _Neighbours(report.period_obj)
    units = {r.unit_id for r in reports}
    templates = {r.template_id for r in reports}
    keys = {key for neighbours in periods.values() for key in neighbours.keys}
    found = Report.objects.filter(unit_id__in=units, template_id__in=templates, period__in=keys)
    figures = _figures(
        Value.objects.filter(
            report__unit_id__in=units, report__template_id__in=templates, report__period__in=keys
        ).values_list("report_id", "indicator_id", "value")
    )
    # {(unit, template): {period key: figures}}, read after the figures (a report made
    # in between has none).
    by_place: dict[tuple[int, int], dict[str, dict[str, Decimal]]] = defaultdict(dict)
    for pk, unit_id, template_id, key in found.values_list(
        "pk", "unit_id", "template_id", "period"
    ):
        if pk in figures:
            by_place[(unit_id, template_id)][key] = figures[pk]
    years = {neighbours.period.year for neighbours in periods.values()}
    targets: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
    for unit_id, year, code, value in Target.objects.filter(
        unit_id__in=units, year__in=years
    ).values_list("unit_id", "year", "indicator__code", "value"):
        targets[(unit_id, year)][code] = value
    out = {}
    for report in reports:
        neighbours = periods[report.period]
        place = by_place.get((report.unit_id, report.template_id), {})
        history = [place.get(key, {}) for key in neighbours.history]
        out[report.pk] = ReportData(
            current=dict(place.get(neighbours.key, {})),
            period=neighbours.period,
            previous_values=place.get(neighbours.previous, {}),
            last_year_values=place.get(neighbours.last_year, {}),
            targets=targets.get((report.unit_id, neighbours.period.year), {}),
            history=[h for h in history if h],
            year_to_date=[place.get(key, {}) for key in neighbours.year_to_date],
            mandatory=list(report.template.mandatory),
        )
    return out


class _Neighbours:
    """The periods a report of ``period`` reads, by key."""

    def __init__(self, period: Period):
        self.period = period
        self.key = period.key
        self.history = [period.shift(-step).key for step in range(12, 0, -1)]  # oldest first
        self.previous = period.previous().key
        self.last_year = period.same_period_last_year().key
        self.year_to_date = (
            [period.shift(-step).key for step in range(period.number - 1, 0, -1)]
            if period.frequency == "monthly"
            else []
        )
        self.keys = {self.key, *self.history, self.previous, self.last_year, *self.year_to_date}


def _figures(rows) -> dict[int, dict[str, Decimal]]:
    """{report id: {code: value}} from a values_list query of (report id, indicator id,
    Value.value), read by the database driver without Django's per-row converters:
    13 months of the city's figures are ~140,000 rows, and the converters (float ->
    Decimal -> quantize on SQLite) were 80 % of checking a city's month. The values are
    the Decimals the ORM gives: SQLite's ints and floats converted once per distinct
    figure (4 decimal places), PostgreSQL's numeric taken as the driver gives it, as the
    ORM does. Ids, not codes and periods, come with each row (a string per row was a
    fifth of it)."""
    from django.db import connections

    from baocao.catalog.models import Indicator
    from baocao.reports.models import Value

    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # Read after the figures: an indicator that has figures cannot be removed (PROTECT).
    codes = dict(Indicator.objects.order_by().values_list("pk", "code"))
    field = Value._meta.get_field("value")
    places = Decimal(1).scaleb(-field.decimal_places)
    decimals: dict = {}
    figures: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for report_id, indicator_id, raw in rows:
        if type(raw) is Decimal:
            value = raw  # PostgreSQL (hashing each new Decimal for the cache was ~60 ms)
        else:
            value = decimals.get(raw)
            if value is None:
                exact = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
                value = decimals[raw] = exact.quantize(places)
        figures[report_id][codes[indicator_id]] = value
    return figures


def report_data(report: Report) -> ReportData:
    return reports_data([report])[report.pk]
