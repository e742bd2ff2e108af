"""Vietnamese numbers, money, dates and text, as commune reports write them.
Pure Python: no Django, nothing else of baocao; parse and format round-trip.
Start at numbers.py (reading), format.py (writing), context.py (figures in prose)."""

from baocao.vn.dates import parse_vn_date, short_date, vn_date
from baocao.vn.format import (
    format_count,
    format_money,
    format_number,
    format_percent,
    format_words,
    money_in_words,
    number_to_words,
)
from baocao.vn.numbers import (
    NumberMatch,
    ParsedNumber,
    VNNumberError,
    find_numbers,
    parse_vn_number,
)
from baocao.vn.text import fold, nfc

__all__ = [
    "NumberMatch",
    "ParsedNumber",
    "VNNumberError",
    "find_numbers",
    "fold",
    "format_count",
    "format_money",
    "format_number",
    "format_percent",
    "format_words",
    "money_in_words",
    "nfc",
    "number_to_words",
    "parse_vn_date",
    "parse_vn_number",
    "short_date",
    "vn_date",
]
