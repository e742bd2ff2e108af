"""What a figure may be, by the kind of its indicator: checked before a value is stored,
so a stored figure can always be shown and summed.

- money (unit "đồng"): a whole number of đồng;
- a rate in "%": 0–100 when it is a share ("Tỷ lệ ..."); a comparison with a plan
  ("... so với dự toán") may pass 100 but is never negative;
- a count (households, dossiers, people: any unit that is not a measure): a whole
  number, not negative unless the indicator is a signed change ("tăng (+) / giảm (-)");
- a measure (ha, tấn, tạ/ha, ...): any number;
- and always what the database holds exactly: 15 digits, 4 of them decimals at most.
"""

from __future__ import annotations

from decimal import Decimal

from baocao import vn
from baocao.catalog.models import Indicator
from baocao.reports.errors import ReportError

# Units of measure: their figures may have decimals. Every other unit counts things.
MEASURES = frozenset({"ha", "tấn", "tạ", "tạ/ha", "kg", "km", "m", "m2", "m²", "m3", "m³", "%"})


# SQLite keeps 15 significant digits of a decimal column (Django reads it back through
# a float and fails on more); PostgreSQL's numeric(20, 4) holds more. 15 digits is a
# thousand trillion đồng: far above any commune's budget.
SIGNIFICANT_DIGITS = 15


def _places() -> int:
    from baocao.reports.models import Value

    return Value._meta.get_field("value").decimal_places


def is_money(indicator: Indicator) -> bool:
    return indicator.unit == "đồng"


def is_count(indicator: Indicator) -> bool:
    return not is_money(indicator) and indicator.unit not in MEASURES


def is_signed(indicator: Indicator) -> bool:
    """A change that may go down: "Hộ nghèo tăng (+) / giảm (-)"."""
    return "(-)" in indicator.name or indicator.code.endswith("_change")


def is_share(indicator: Indicator) -> bool:
    """A percentage of a whole (0–100), as opposed to a comparison with a plan."""
    return indicator.unit == "%" and "so với" not in indicator.name.lower()


def check_figure(indicator: Indicator, number: Decimal) -> Decimal:
    """The number if the indicator can hold it, else ReportError with a Vietnamese
    message naming the indicator and the number as typed back in Vietnamese."""
    if not number.is_finite():
        raise ReportError(f"«{indicator.name}»: không phải là số.")
    places = _places()
    if number != round(number, places):
        raise ReportError(f"«{indicator.name}»: nhiều nhất {places} chữ số sau dấu phẩy.")
    digits = len(format(abs(number), "f").replace(".", "").strip("0"))
    if abs(number) >= Decimal(10) ** SIGNIFICANT_DIGITS or digits > SIGNIFICANT_DIGITS:
        raise ReportError(
            f"«{indicator.name}»: số quá lớn ({vn.format_number(number)}); "
            f"nhiều nhất {SIGNIFICANT_DIGITS} chữ số."
        )
    shown = vn.format_number(number)
    whole = number == number.to_integral_value()
    if is_money(indicator) and not whole:
        raise ReportError(f"«{indicator.name}» tính bằng đồng: số tiền phải là số nguyên.")
    if is_count(indicator):
        if not whole:
            raise ReportError(
                f"«{indicator.name}» đếm bằng {indicator.unit}: phải là số nguyên, không nhận «{shown}»."
            )
        if number < 0 and not is_signed(indicator):
            raise ReportError(f"«{indicator.name}» không thể là số âm («{shown}»).")
    if indicator.unit == "%":
        if number < 0:
            raise ReportError(f"«{indicator.name}»: tỷ lệ không thể âm («{shown}%»).")
        if is_share(indicator) and number > 100:
            raise ReportError(f"«{indicator.name}»: tỷ lệ phải từ 0 đến 100% («{shown}%»).")
    return number
