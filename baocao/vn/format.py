"""Writing numbers the way Vietnamese reports print them.

A dot groups thousands and a comma marks decimals: "1.050.761.000", "1.801,6",
"88,73%". Officials write counts under ten with two digits ("03 hộ") and money
in tỷ and triệu ("11 tỷ 15 triệu đồng"). Every output reads back with
parse_vn_number to the same value. No unit word: the prose carries "đồng".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from baocao.vn.numbers import VNNumberError
from baocao.vn.words import money_in_words, number_to_words

__all__ = [
    "format_count",
    "format_money",
    "format_number",
    "format_percent",
    "format_words",
    "money_in_words",
    "number_to_words",
]

Number = Decimal | int | float


def _decimal(value: Number) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float)):
        raise TypeError(f"not a number: {value!r}")
    # repr of a float is its shortest exact reading: 0.1 -> "0.1", not 0.1000000000000000055...
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not d.is_finite():
        raise VNNumberError(f"Không viết được số: «{value}»")
    return d


def _group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(groups)


def format_number(value: Number, decimals: int | None = None) -> str:
    """1050761000 -> "1.050.761.000", 1801.6 -> "1.801,6", -45 -> "-45".

    decimals=None keeps the value's own decimals without trailing zeros
    (Decimal("96.50") -> "96,5"); otherwise rounds half up, as Vietnamese
    reports round ("làm tròn"), and writes exactly that many decimals."""
    d = _decimal(value)
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = format(d, "f")
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    if sign and not whole.strip("0") and not fraction.strip("0"):
        sign = ""  # no "-0"
    return sign + _group_thousands(whole) + ("," + fraction if fraction else "")


def _is_whole(d: Decimal) -> bool:
    return d == d.to_integral_value()


def format_count(value: Number, pad: bool = True) -> str:
    """A count: 3 -> "03" (officials write "03 hộ", "00 hồ sơ"), 1527 -> "1.527".

    A fraction is not a count, but one stored before counts were checked must not
    break the page that shows it (the clerk has to open it to fix it): it is written
    as a plain number, "1,5"."""
    d = _decimal(value)
    if not _is_whole(d):
        return format_number(d)
    n = int(d)
    if pad and abs(n) < 10:
        return ("-" if n < 0 else "") + f"{abs(n):02d}"
    return format_number(n)


def format_money(value: Number, style: str = "full") -> str:
    """An amount in đồng, without the word "đồng".

    style "full": "1.050.761.000". style "ty": "11 tỷ 15 triệu", as budget reports
    write it; an amount below 1 triệu stays in digits ("500.000"), and what is left
    below 1 triệu after the tỷ and triệu is "500 nghìn" when whole, else digits
    ("2 tỷ 300 triệu 500.123"). The triệu group is not zero-padded: "6 tỷ 80 triệu".
    The seeds write "11 tỷ 15 triệu" and "6 tỷ 080 triệu" in one report, so neither
    habit dominates; unpadded is the plain reading. parse_vn_number reads both.
    An amount with a fraction of a đồng (never saved now, but maybe stored before)
    is written in plain digits, so that showing it never fails."""
    if style not in ("full", "ty"):
        raise ValueError(f"unknown money style: {style!r}")
    d = _decimal(value)
    if style == "full" or not _is_whole(d):
        return format_number(d)
    n = int(d)
    sign, n = ("-" if n < 0 else ""), abs(n)
    if n < 10**6:
        return sign + format_number(n)
    ty, rest = divmod(n, 10**9)
    trieu, rest = divmod(rest, 10**6)
    parts = []
    if ty:
        parts.append(f"{format_number(ty)} tỷ")
    if trieu:
        parts.append(f"{trieu} triệu")
    if rest:
        parts.append(f"{rest // 1000} nghìn" if rest % 1000 == 0 else format_number(rest))
    return sign + " ".join(parts)


def format_words(value: Number) -> str:
    """A number in words; the decimals after "phẩy", read as a number after their
    leading zeros: 15 -> "mười lăm", 1.5 -> "một phẩy năm", 74.69 -> "bảy mươi tư
    phẩy sáu mươi chín", 1.05 -> "một phẩy không năm"."""
    d = _decimal(value)
    if _is_whole(d):
        return number_to_words(int(d))
    text = format(abs(d), "f").rstrip("0")
    whole, _, fraction = text.partition(".")
    significant = fraction.lstrip("0")
    words = [number_to_words(int(whole)), "phẩy"]
    words += ["không"] * (len(fraction) - len(significant)) + [number_to_words(int(significant))]
    return ("âm " if d < 0 else "") + " ".join(words)


def format_percent(value: Number, decimals: int | None = None) -> str:
    """96.5 -> "96,5%", 88.73 -> "88,73%", 100 -> "100%" (no space before %)."""
    return format_number(value, decimals) + "%"


def format_change(value: Number) -> str:
    """A signed change as officials write it: -20 -> "giảm 20", 20 -> "tăng 20",
    1.5 -> "tăng 1,5" (never "tăng (+)/giảm (-) -20"); no change is "tăng 0"."""
    d = _decimal(value)
    return ("giảm " if d < 0 else "tăng ") + format_number(abs(d))
