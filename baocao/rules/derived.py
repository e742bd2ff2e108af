"""Derived indicators: rates and shares computed from counts, so documents and
analytics show a computed figure rather than a typed one, and rules can compare
the two when a report states both."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the catalog's Indicator, or shipped.CatalogIndicator without Django
    from baocao.catalog.models import Indicator
    from baocao.rules.data import ReportData

HUNDRED = Decimal(100)
CENT = Decimal("0.01")

# "% of the year's estimate" (dự toán): the flow summed over the year so far,
# over the unit's target for the year.
PCT_OF_ESTIMATE = {
    "ngansach.revenue.own_pct_estimate": "ngansach.revenue.own",
    "ngansach.expenditure.pct_estimate": "ngansach.expenditure",
    "ngansach.expenditure.investment_pct_estimate": "ngansach.expenditure.investment",
    "ngansach.expenditure.recurrent_pct_estimate": "ngansach.expenditure.recurrent",
}
# Online share of the dossiers received in the period (Bộ chỉ số 766, 3.3): new
# dossiers only, not those carried over from the previous period.
ONLINE_RATE = ("tthc.online.rate", "tthc.received.online", "tthc.received.direct")


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (HUNDRED * part / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def ratio_codes(indicators: Iterable[Indicator]) -> dict[str, tuple[str, str]]:
    """Rates the catalog defines as numerator / denominator (`of`)."""
    return {i.code: (i.of[0], i.of[1]) for i in indicators if len(i.of) == 2}


def derive(data: ReportData, ratios: dict[str, tuple[str, str]]) -> dict[str, Decimal]:
    """Every derived figure that the report's counts allow, rounded to 0,01."""
    values = data.current
    out: dict[str, Decimal] = {}
    for code, (numerator, denominator) in ratios.items():
        if numerator in values and denominator in values:
            result = percent(values[numerator], values[denominator])
            if result is not None:
                out[code] = result
    code, online, direct = ONLINE_RATE
    if online in values and direct in values:
        result = percent(values[online], values[online] + values[direct])
        if result is not None:
            out[code] = result
    for code, flow in PCT_OF_ESTIMATE.items():
        target, so_far = data.target(flow), data.ytd(flow)
        if target and so_far is not None:
            out[code] = percent(so_far, target)
    return out


def with_derived(data: ReportData, ratios: dict[str, tuple[str, str]]) -> dict[str, Decimal]:
    """The report's figures, completed by derived ones where it states none."""
    return {**derive(data, ratios), **data.current}
