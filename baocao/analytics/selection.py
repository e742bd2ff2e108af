"""What the city's pages are asked for: indicators, units, a range of months, filters,
read from the query string (one parser for every page and export, so a link to the
Excel file holds exactly the table on screen)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.db.models import QuerySet

from baocao.analytics.completeness import ANALYTICS_TEMPLATE, commune_units
from baocao.catalog.models import Indicator, Unit
from baocao.catalog.periods import Period, PeriodError, month_range
from baocao.reports.models import Report

DEFAULT_CODES = ["tthc.received", "tthc.online.rate"]
MONTH_KEY = re.compile(r"^\d{4}-\d{2}$")
TABLE, CHART = "table", "chart"


def report_periods(template: str = ANALYTICS_TEMPLATE) -> list[Period]:
    """Monthly periods that have any report of the template, oldest first."""
    keys = (
        Report.objects.filter(template__code=template)
        .order_by("period")
        .values_list("period", flat=True)
        .distinct()
    )
    # Monthly keys picked here: SQLite runs a REGEXP lookup in Python, row by row.
    return [Period.parse(k) for k in keys if MONTH_KEY.match(k)]


SENT = (Report.SUBMITTED, Report.APPROVED, Report.ACCEPTED)  # a commune has sent it


def default_period(available: list[Period], template: str = ANALYTICS_TEMPLATE) -> Period | None:
    """The period the city's pages open on: the latest in which at least one report
    was sent (submitted or further), not the latest draft anyone created."""
    keys = (
        Report.objects.filter(template__code=template, status__in=SENT)
        .order_by("-period")
        .values_list("period", flat=True)
        .distinct()
    )
    key = next((k for k in keys if MONTH_KEY.match(k)), None)
    if key:
        return Period.parse(key)
    return available[-1] if available else None


@dataclass
class Selection:
    codes: list[str]
    first: Period
    last: Period
    unit_codes: list[str] = field(default_factory=list)  # empty: all units in scope
    kind: str = ""
    former: str = ""
    periods_as_rows: bool = False
    view: str = TABLE
    errors: list[str] = field(default_factory=list)

    @property
    def periods(self) -> list[Period]:
        return month_range(self.first, self.last)

    def units(self, scope: QuerySet[Unit]) -> QuerySet[Unit]:
        units = commune_units(scope, kind=self.kind, former=self.former)
        if self.unit_codes:
            units = units.filter(code__in=self.unit_codes)
        return units

    def query(self, **changes) -> str:
        """The query string of this selection, with some fields changed."""
        s = replace(self, **changes)
        pairs = [("codes", c) for c in s.codes] + [("from", s.first.key), ("to", s.last.key)]
        pairs += [("units", c) for c in s.unit_codes]
        if s.kind:
            pairs.append(("kind", s.kind))
        if s.former:
            pairs.append(("former", s.former))
        if s.periods_as_rows:
            pairs.append(("rows", "periods"))
        if s.view != TABLE:
            pairs.append(("view", s.view))
        return urlencode(pairs)


def parse_selection(params, available: list[Period], known: set[str] | None = None) -> Selection:
    """A Selection from request.GET; what cannot be read falls back to defaults and
    is told in `errors` (in Vietnamese) rather than failing the page. `known`: the
    catalog's codes when the caller has read them already."""
    errors: list[str] = []
    if known is None:
        known = set(Indicator.objects.values_list("code", flat=True))
    codes = [c for c in params.getlist("codes") if c]
    unknown = [c for c in codes if c not in known]
    if unknown:
        errors.append(f"Không có chỉ tiêu: {', '.join(unknown)}.")
    codes = [c for c in dict.fromkeys(codes) if c in known] or DEFAULT_CODES
    last_default = default_period(available) or Period.month(2025, 11)
    last = _period(params.get("to"), last_default, errors)
    first = _period(
        params.get("from"), max(last.shift(-11), available[0]) if available else last, errors
    )
    if first > last:
        errors.append("Kỳ đầu sau kỳ cuối: đã đổi chỗ hai kỳ.")
        first, last = last, first
    if len(month_range(first, last)) > 36:
        errors.append("Chỉ xem tối đa 36 tháng một lần: đã lấy 36 tháng cuối.")
        first = last.shift(-35)
    kind = params.get("kind", "")
    return Selection(
        codes=codes,
        first=first,
        last=last,
        unit_codes=[c for c in params.getlist("units") if c],
        kind=kind if kind in Unit.COMMUNE_KINDS else "",
        former=params.get("former", ""),
        periods_as_rows=params.get("rows") == "periods",
        view=CHART if params.get("view") == CHART else TABLE,
        errors=errors,
    )


def _period(text: str | None, default: Period, errors: list[str]) -> Period:
    if not text:
        return default
    try:
        period = Period.parse(text)
    except PeriodError as exc:
        errors.append(str(exc))
        return default
    if period.frequency != "monthly":
        errors.append(f"Trang này xem theo tháng: «{text}» không phải một tháng.")
        return default
    return period
