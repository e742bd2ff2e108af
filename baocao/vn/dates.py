"""Dates as Vietnamese administrative documents write them.

ND 30/2020/NĐ-CP, Phụ lục I ("Địa danh và thời gian ban hành văn bản"): the date line reads "ngày 05 tháng
02 năm 2026"; days below 10 and the months 1 and 2 take a leading zero, other
months do not ("ngày 28 tháng 3 năm 2026").
"""

from __future__ import annotations

import re
from datetime import date

from baocao.vn.text import nfc


class VNDateError(ValueError):
    """A date that cannot be read. str(error) is a Vietnamese message for the user."""


def vn_date(d: date) -> str:
    """date(2026, 2, 5) -> "ngày 05 tháng 02 năm 2026"; date(2026, 3, 28) -> "ngày 28 tháng 3 năm 2026"."""
    # ND 30/2020 Phụ lục I: zero before days < 10 and before months 1 and 2 only.
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def short_date(d: date) -> str:
    """date(2026, 2, 5) -> "05/02/2026"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


_NUMERIC = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
_WORDED = re.compile(r"(?:ngày )?([0-9]{1,2}) tháng ([0-9]{1,2}),? năm ([0-9]{4})")


def parse_vn_date(text: str) -> date:
    """Read "14/09/2025", "5/3/2014", "05-02-2026" or "ngày 05 tháng 02 năm 2026"."""
    s = " ".join(nfc(text).split()).lower()
    if m := _NUMERIC.fullmatch(s):
        day, month, year = m.group(1), m.group(3), m.group(4)
    elif m := _WORDED.fullmatch(s):
        day, month, year = m.groups()
    else:
        raise VNDateError(f"Không đọc được ngày: «{text[:40]}» (viết như 14/09/2025)")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise VNDateError(f"Ngày không có thật: «{text[:40]}»") from None
