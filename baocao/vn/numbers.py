"""Reading numbers as Vietnamese officials type and write them.

Vietnamese convention, as in every report we read: a dot groups thousands and a
comma marks decimals, "1.050.761.000" and "1.801,6".
Money is often written with words: "11 tỷ 15 triệu đồng". Counts under ten are
written with a leading zero: "03 hộ".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from baocao.vn import context
from baocao.vn.text import nfc

LIMIT = Decimal(10) ** 18  # larger numbers are typing accidents, not report figures
_MAX_INT_DIGITS = 19
# 19 integer + 9 decimal digits stay exact in Decimal's default 28-digit context.
_MAX_FRACTION_DIGITS = 9
_MAX_TEXT = 80  # a typed number with its words is far shorter

SCALES = {"tỷ": 10**9, "tỉ": 10**9, "triệu": 10**6, "nghìn": 10**3, "ngàn": 10**3}
_SCALE_WORDS = "tỷ|tỉ|triệu|nghìn|ngàn"
_MONEY_UNITS = ("đồng", "vnđ", "vnd", "đ")


class VNNumberError(ValueError):
    """A number that cannot be read. str(error) is a Vietnamese message for the user."""


@dataclass(frozen=True)
class ParsedNumber:
    """One number and how it was written. Percentages keep their percent value (74.69)."""

    value: Decimal
    kind: str  # "count", "decimal", "percent", "ratio" or "money"
    approximate: bool = False
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    padded: bool = False


@dataclass(frozen=True)
class NumberMatch:
    """A number found in prose, with its place: text[start:end] is the number, its
    "tỷ/triệu" words and "%" sign, but not the unit word after it ("đồng", "hồ sơ")."""

    value: Decimal
    kind: str
    approximate: bool
    numerator: Decimal | None
    denominator: Decimal | None
    padded: bool
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Numeral:
    """Digits with separators, read: "1.801,6" -> 1801.6 (fractional), "03" -> 3 (padded)."""

    value: Decimal
    fractional: bool
    padded: bool


def _quoted(text: str) -> str:
    return f"«{text if len(text) <= 40 else text[:39] + '…'}»"


def unreadable(text: str, reason: str = "") -> VNNumberError:
    return VNNumberError(f"Không đọc được số: {_quoted(text)}" + (f" ({reason})" if reason else ""))


# A thousands group never starts with 0: "0.500" is not five hundred.
_THOUSANDS_DOT = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_THOUSANDS_SPACE = re.compile(r"[1-9][0-9]{0,2}(?: [0-9]{3})+")
_DIGITS = re.compile(r"[0-9]+")
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
_NARROW_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})


def read_numeral(s: str) -> Numeral:
    """Read unsigned digits with Vietnamese separators: "1.050.761.000", "1.801,6",
    "99.51" (a dot not followed by exactly three digits is a decimal point), "1 527"."""
    s = s.translate(_NARROW_SPACES)
    if "," in s:
        whole, _, fraction = s.partition(",")
    elif "." in s and not _THOUSANDS_DOT.fullmatch(s):
        whole, _, fraction = s.partition(".")
        if len(fraction) == 3:  # "1234.567", "0.500": neither thousands nor a clear decimal
            raise unreadable(s)
    else:
        whole, fraction = s, None
    if fraction is not None and not _DIGITS.fullmatch(fraction):
        raise unreadable(s)
    if not (
        _DIGITS.fullmatch(whole)
        or _THOUSANDS_DOT.fullmatch(whole)
        or _THOUSANDS_SPACE.fullmatch(whole)
    ):
        raise unreadable(s)
    digits = whole.replace(".", "").replace(" ", "")
    if len(digits.lstrip("0")) > _MAX_INT_DIGITS:
        raise unreadable(s, "số quá lớn")
    if fraction is not None and len(fraction) > _MAX_FRACTION_DIGITS:
        raise unreadable(s, "quá nhiều chữ số thập phân")
    value = Decimal(digits + ("." + fraction if fraction is not None else ""))
    padded = fraction is None and len(digits) > 1 and digits[0] == "0" and value < 10
    return Numeral(value, fraction is not None, padded)


def add_money_group(total: Decimal, last_scale: int | None, num: Numeral, scale: int) -> Decimal:
    """Add "15 triệu" to "11 tỷ": scales go down, and a group after the first is a
    whole number under 1000 ("6 tỷ 080 triệu" is 6.080 triệu; "1 tỷ 1.500 triệu" is not
    Vietnamese). Decimals belong to a lone group only ("2,5 tỷ", "1,5 triệu"): callers
    do not extend an amount whose first group has them."""
    if last_scale is not None and (scale >= last_scale or num.fractional or num.value >= 1000):
        raise VNNumberError("Không đọc được số tiền: các đơn vị tỷ, triệu, nghìn không đúng thứ tự")
    return total + num.value * scale


def _final_value(value: Decimal, text: str) -> Decimal:
    """Refuse values above LIMIT; drop the ".0" of whole amounts and the sign of zero."""
    if abs(value) > LIMIT:
        raise unreadable(text, "số quá lớn")
    if value == value.to_integral_value() and value.as_tuple().exponent < 0:
        value = value.quantize(Decimal(1))  # 2,5 tỷ -> 2500000000, not 2500000000.0
    return abs(value) if value == 0 else value


# -- parse_vn_number: one number typed in a form field ------------------------

_APPROX_PREFIX = re.compile(
    r"(?:trên dưới|gần như|xấp xỉ|ước tính|ước đạt|ước khoảng|khoảng|trên|hơn|gần|ước"
    r"|chừng|tầm|ngót|~|≈)(?![^\W\d_]) ?"
)
_MONEY_SUFFIX = re.compile(rf" ?(?:{'|'.join(_MONEY_UNITS)})\Z")
_PERCENT_SUFFIX = re.compile(r" ?(?:%|phần trăm)\Z")
_SCALE_SPLIT = re.compile(rf" ?({_SCALE_WORDS}) ?")


def parse_vn_number(text: str) -> ParsedNumber:
    """Parse one number: "1.050.761.000", "1.801,6", "74,69%", "03", "465/547",
    "11 tỷ 15 triệu đồng", "trên 2.500", "-45". Raises VNNumberError otherwise."""
    s = " ".join(nfc(text).split()).lower()  # NBSP and runs of spaces -> one space
    if not s or len(s) > _MAX_TEXT:
        raise unreadable(s)
    approximate = False
    if m := _APPROX_PREFIX.match(s):
        approximate, s = True, s[m.end() :]
    negative = s[:1] in ("-", "−", "–")
    s = s[1:].lstrip() if negative else s
    money = percent = False
    if m := _MONEY_SUFFIX.search(s):
        money, s = True, s[: m.start()]
    if m := _PERCENT_SUFFIX.search(s):
        percent, s = True, s[: m.start()]
    if money and percent:
        raise unreadable(text)
    if "/" in s:
        if money or percent or negative:
            raise unreadable(text)
        return _parse_ratio(s, text, approximate)
    pieces = _SCALE_SPLIT.split(s)
    if len(pieces) > 1:
        if percent:
            raise unreadable(text)
        value = _read_money_words(pieces, text)
        kind, padded = "money", False
    else:
        num = read_numeral(s)
        value, padded = num.value, num.padded
        kind = (
            "percent" if percent else "money" if money else "decimal" if num.fractional else "count"
        )
    value = _final_value(-value if negative else value, text)
    return ParsedNumber(value, kind, approximate, padded=padded and kind == "count")


def _parse_ratio(s: str, text: str, approximate: bool) -> ParsedNumber:
    parts = [p.strip() for p in s.split("/")]
    if len(parts) != 2:
        raise unreadable(text)
    top, bottom = read_numeral(parts[0]), read_numeral(parts[1])
    if top.fractional or bottom.fractional:
        raise unreadable(text, "tỷ số phải là số nguyên")
    top_value = _final_value(top.value, text)
    return ParsedNumber(
        top_value, "ratio", approximate, top_value, _final_value(bottom.value, text), top.padded
    )


def _read_money_words(pieces: list[str], text: str) -> Decimal:
    """pieces alternate numeral, scale word, ..., remainder: "2 tỷ 300 triệu 500" ->
    ["2", "tỷ", "300", "triệu", "500"]. The remainder is written in full digits."""
    total, last, fractional = Decimal(0), None, False
    for numeral_text, word in zip(pieces[0:-1:2], pieces[1::2], strict=True):
        if not numeral_text or fractional:
            raise unreadable(text)  # "tỷ lệ", "2,5 tỷ 300 triệu"
        num, scale = read_numeral(numeral_text), SCALES[word]
        total, last, fractional = add_money_group(total, last, num, scale), scale, num.fractional
    if pieces[-1]:
        rest = read_numeral(pieces[-1])
        if fractional or rest.fractional or last is None or rest.value >= last:
            raise unreadable(text)
        total += rest.value
    return total


# -- find_numbers: every figure in running prose -------------------------------

# One number-like token. It may not continue a word, a code or another number
# ("QL37", "Z85A", "1..2"). Digits joined by . , : / - and narrow spaces stay one
# token, so dates, ranges and "ISO 9001:2015" are seen whole and judged whole.
# Letters glued after the digits are kept too: "19HD/UBKTTW", "239/KH-UBND",
# "1.050.761.000đ". [0-9], not \d: footnote marks ¹²³ are never digits.
# Possessive quantifiers: no backtracking, linear time on any input.
_TOKEN = re.compile(
    rf"(?<![^\W\u00b9\u00b2\u00b3\u2070-\u2079])(?<![.,/\-−–])"
    r"(?P<sign>[-−](?=[0-9]))?"
    r"(?P<body>[0-9]++(?:[.,:/\-–\u00a0\u202f][0-9]++)*+)"
    rf"(?P<glue>[/\-]?{context.LETTER}[\w/&\-]*+)?"
)
# "2025 - 2030", "2021 - 2025": a term of office or a plan period, never a figure.
_YEAR_RANGE = re.compile(
    r"(?<![0-9.,/])(?:1[89]|20)[0-9]{2}[ \u00a0]{0,3}[-–—][ \u00a0]{0,3}(?:1[89]|20)[0-9]{2}(?![0-9])"
)
_GAP = "[ \u00a0]"
_PERCENT_AFTER = re.compile(rf"{_GAP}{{0,2}}(?:%|phần trăm(?!\w))", re.IGNORECASE)
# "tỷ lệ" is "rate", not "billion": "đạt 85 tỷ lệ" must not become money.
_SCALE_AFTER = re.compile(rf"{_GAP}{{0,2}}({_SCALE_WORDS})(?!\w)(?!{_GAP}+lệ(?!\w))", re.IGNORECASE)
_NEXT_GROUP = re.compile(
    rf"{_GAP}{{1,2}}([0-9]{{1,3}}){_GAP}{{0,2}}({_SCALE_WORDS})(?!\w)(?!{_GAP}+lệ(?!\w))",
    re.IGNORECASE,
)
# "2 tỷ 300 triệu 500.123 đồng": a remainder joins the amount only before "đồng".
_REMAINDER = re.compile(
    rf"{_GAP}{{1,2}}([0-9]{{1,3}}(?:\.[0-9]{{3}})?)(?={_GAP}{{0,2}}(?:đồng|đ)(?!\w))", re.IGNORECASE
)
# "đồng chí" (comrade) counts people; "đ/c" is its abbreviation.
_MONEY_AFTER = re.compile(
    rf"{_GAP}{{0,2}}(?:{'|'.join(_MONEY_UNITS)})(?!\w)(?!/)(?!{_GAP}+(?:chí|bào|hồ)(?!\w))",
    re.IGNORECASE,
)
_GLUED_UNITS = frozenset(("km", "m", "m2", "m3", "m²", "m³", "ha", "kg", "tấn", "tạ"))


@dataclass
class _Reading:
    """A number being read from prose; becomes a NumberMatch."""

    start: int
    end: int
    value: Decimal
    kind: str
    padded: bool = False
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def find_numbers(text: str) -> list[NumberMatch]:
    """Every figure in a paragraph, in order, with its span. Dates, years, document
    numbers, road names and the numbers in names are left out (see context.py)."""
    skipped = [m.span() for m in _YEAR_RANGE.finditer(text)]
    skipped_starts = [s for s, _ in skipped]
    found: list[NumberMatch] = []
    read_up_to = 0
    for token in _TOKEN.finditer(text):
        if token.start() < read_up_to:
            continue  # part of a money phrase read already: "11 tỷ 15 triệu"
        i = bisect_right(skipped_starts, token.start()) - 1
        if i >= 0 and token.start() < skipped[i][1]:
            continue
        before = context.window_before(text, token.start())
        reading = _read_token(text, token, before)
        if reading is None or not _is_figure(text, reading, before):
            continue
        read_up_to = reading.end
        found.append(
            NumberMatch(
                reading.value,
                reading.kind,
                context.is_approximate(before),
                reading.numerator,
                reading.denominator,
                reading.padded,
                reading.start,
                reading.end,
                text[reading.start : reading.end],
            )
        )
    return found


def _read_token(text: str, token: re.Match[str], before: str) -> _Reading | None:
    body, glue = token["body"], token["glue"] or ""
    glued_money = False
    if glue:
        unit = glue.split("/")[0].lower()
        if glue[0] in "/-" or unit not in (_GLUED_UNITS | set(_MONEY_UNITS) | set(SCALES)):
            return None  # "239/KH-UBND", "72-NQ/TW", "19HD", "13h30": codes, not figures
        glued_money = unit in _MONEY_UNITS and "/" not in glue  # "01đ/c" is one comrade
    if ":" in body:
        return None  # "ISO 9001:2015", "13:30"
    if "/" in body:
        return _read_slash(token, before)
    if "-" in body or "–" in body:
        return None  # "2024-2025" (years), "Cấp 1-2-3" (a name), "2-3 ngày" (a range)
    try:
        num = read_numeral(body)
    except VNNumberError:
        return None  # "12,3,4", "20.11.2025": not one number
    value = -num.value if token["sign"] else num.value
    if abs(value) > LIMIT:
        return None
    reading = _Reading(token.start(), token.end("body"), value, "count", num.padded)
    if num.fractional:
        reading.kind, reading.padded = "decimal", False
    if m := _PERCENT_AFTER.match(text, reading.end):
        reading.kind, reading.end, reading.padded = "percent", m.end(), False
    elif _SCALE_AFTER.match(text, reading.end):
        return _read_money_phrase(text, reading, num)
    elif glued_money or _MONEY_AFTER.match(text, reading.end):
        reading.kind, reading.padded = "money", False
    return reading


def _read_money_phrase(text: str, reading: _Reading, first: Numeral) -> _Reading | None:
    """Extend "11" to "11 tỷ 15 triệu" as long as the next group fits."""
    m = _SCALE_AFTER.match(text, reading.end)
    assert m is not None
    last = SCALES[m.group(1).lower()]
    total = add_money_group(Decimal(0), None, first, last)
    reading.end = m.end()
    while not first.fractional and (m := _NEXT_GROUP.match(text, reading.end)) is not None:
        scale = SCALES[m.group(2).lower()]
        num = read_numeral(m.group(1))
        if scale >= last:
            break
        total, last, reading.end = add_money_group(total, last, num, scale), scale, m.end()
    if not first.fractional and (m := _REMAINDER.match(text, reading.end)) is not None:
        rest = read_numeral(m.group(1)).value
        if rest < last:
            total, reading.end = total + rest, m.end()
    if total > LIMIT:
        return None
    reading.value = _final_value(-total if reading.value < 0 else total, "")
    reading.kind, reading.padded = "money", False
    return reading


def _read_slash(token: re.Match[str], before: str) -> _Reading | None:
    """A ratio ("465/547"), or None for a date ("14/09/2025", "11/2025", "20/10")."""
    parts = token["body"].split("/")
    if len(parts) != 2 or any(sep in p for p in parts for sep in "-–"):
        return None  # "14/09/2025", "20/11/1982-20/11/2025"
    top_text, bottom_text = parts
    if _YEAR.fullmatch(bottom_text):
        return None  # "tháng 11/2025", "Nghị định 154/2025"
    try:
        top, bottom = read_numeral(top_text), read_numeral(bottom_text)
    except VNNumberError:
        return None
    if top.fractional or bottom.fractional or max(top.value, bottom.value) > LIMIT:
        return None
    if _could_be_day_month(top_text, bottom_text) and (
        top.value > bottom.value  # "Hội 14/10", "ngày 20/10": more than 100 % is no ratio
        or context.is_date_context(before)
    ):
        return None
    start = token.start("body")
    return _Reading(
        start, token.end("body"), top.value, "ratio", top.padded, top.value, bottom.value
    )


def _could_be_day_month(day: str, month: str) -> bool:
    if not (_DIGITS.fullmatch(day) and _DIGITS.fullmatch(month)):
        return False
    return len(day) <= 2 and len(month) <= 2 and 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def _is_figure(text: str, r: _Reading, before: str) -> bool:
    """Apply the context rules: label words to counts, decimals and ratios; outline
    and name rules to plain counts and decimals. Money and percentages always count."""
    if r.kind in ("money", "percent"):
        return True
    if context.is_label(before, abs(r.value)):
        return False
    if r.kind == "ratio":
        return True
    return not (
        context.is_outline_number(text, r.start, r.end)
        or context.is_name_number(text, r.start, r.end)
    )
