"""How each indicator adds up across units and months, by its kind:

* a **flow** (hồ sơ tiếp nhận trong kỳ) adds over units and over months;
* a **stock** (số hộ nghèo, đơn chưa giải quyết) adds over units, and over months
  takes the value of the last month of the range that has one;
* a **rate** is never added nor averaged: it is recomputed from its counts,
  aggregated by their own kinds (`Indicator.of`, or the derived formulas of
  baocao/rules/derived.py). A rate without a known formula (tỷ lệ số hóa) is
  shown for one report and left blank in totals rather than averaged wrongly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from baocao.catalog.models import Indicator
from baocao.rules.derived import ONLINE_RATE, percent, ratio_codes

# Rates the catalog states without `of` whose counts are in the catalog all the same:
# the poor-household rate is poor households over households (QĐ 24/2021/QĐ-TTg,
# the rate reported at the annual review), as the demo computes it.
ZERO = Decimal(0)
HOUSEHOLD_RATES = {
    "giamngheo.poor_rate": ("giamngheo.poor", "dancu.households"),
    "giamngheo.near_poor_rate": ("giamngheo.near_poor", "dancu.households"),
}


@dataclass(frozen=True)
class Formula:
    """rate = 100 × sum(numerator codes) / sum(denominator codes)."""

    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    codes: tuple[str, ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", tuple(dict.fromkeys(self.numerator + self.denominator)))

    def apply(self, values: dict[str, Decimal | None]) -> Decimal | None:
        return self._rate(values.get)

    def at(self, row: tuple, column: dict[str, int]) -> Decimal | None:
        """apply() to one row of the pivot's SQL, the value of each count at
        row[column[code]]: no dict per cell (a province's pivot has ~11,000 rate cells)."""
        return self._rate(lambda code: row[column[code]])

    def _rate(self, value_of) -> Decimal | None:
        top = bottom = ZERO
        for code in self.numerator:
            value = value_of(code)
            if value is None:
                return None
            top += value
        for code in self.denominator:
            value = value_of(code)
            if value is None:
                return None
            bottom += value
        return percent(top, bottom)

    def over(self, tables: dict[str, dict]) -> dict:
        """apply() for every key of the first count's table: `tables` holds each
        count's figures by the same keys (a row and a month, a month, a row); a key
        missing from one of them has no rate. No dict per cell: a province's pivot
        has ~12,000 rate cells."""
        tops = [tables.get(c, {}) for c in self.numerator]
        bottoms = [tables.get(c, {}) for c in self.denominator]
        out = {}
        for key in tables.get(self.codes[0], {}):
            try:
                top = sum([table[key] for table in tops], ZERO)
                bottom = sum([table[key] for table in bottoms], ZERO)
            except KeyError:
                continue
            rate = percent(top, bottom)
            if rate is not None:
                out[key] = rate
        return out


def rate_formulas(indicators: dict[str, Indicator]) -> dict[str, Formula]:
    """Every rate of the catalog whose counts are known, by code."""
    out = {
        code: Formula((num,), (den,))
        for code, (num, den) in ratio_codes(list(indicators.values())).items()
    }
    code, online, direct = ONLINE_RATE
    out[code] = Formula((online,), (online, direct))
    for code, (num, den) in HOUSEHOLD_RATES.items():
        out[code] = Formula((num,), (den,))
    return {c: f for c, f in out.items() if c in indicators and set(f.codes) <= set(indicators)}


def needed_codes(codes: list[str], formulas: dict[str, Formula]) -> list[str]:
    """The codes to read from the database: the chosen ones and the counts of their rates."""
    out = dict.fromkeys(codes)
    for code in codes:
        if code in formulas:
            out.update(dict.fromkeys(formulas[code].codes))
    return list(out)


KIND_HELP = {
    Indicator.FLOW: "cộng dồn các tháng",
    Indicator.STOCK: "lấy số của tháng cuối",
    Indicator.RATE: "tính lại từ tử số, mẫu số",
}
