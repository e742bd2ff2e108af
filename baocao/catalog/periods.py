"""Reporting periods and their data cut-off windows.

ND 09/2019/NĐ-CP Art. 12: a periodic report's figures run from the 15th of the
month before the period to the 14th of its last month (monthly: 15/10..14/11 for
"tháng 11"; annual: 15/12 of the previous year..14/12). Some report types use
calendar periods instead, so the window is chosen per template (`mode`).
Nine-month reports are not in ND 09; we use the common local rule 15/12..14/9.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHLY, QUARTERLY, HALF, NINE_MONTHS, ANNUAL = (
    "monthly",
    "quarterly",
    "half",
    "nine_months",
    "annual",
)
FREQUENCIES = (MONTHLY, QUARTERLY, HALF, NINE_MONTHS, ANNUAL)
ND09, CALENDAR = "nd09", "calendar"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

_KEY = re.compile(r"^(\d{4})(?:-(\d{2})|-Q([1-4])|-H([12])|-9M)?$")


class PeriodError(ValueError):
    """Bad period text; str() is a Vietnamese message."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    frequency: str
    number: int = 1  # month, quarter or half; 1 for nine-month and annual

    def __post_init__(self) -> None:
        limits = {MONTHLY: 12, QUARTERLY: 4, HALF: 2, NINE_MONTHS: 1, ANNUAL: 1}
        if self.frequency not in limits or not 1 <= self.number <= limits[self.frequency]:
            raise PeriodError(
                f"Kỳ báo cáo không hợp lệ: {self.frequency} {self.number}/{self.year}"
            )

    # --- names -----------------------------------------------------------------
    @classmethod
    def parse(cls, key: str) -> Period:
        """'2025-11', '2025-Q4', '2025-H1', '2025-9M', '2025'."""
        m = _KEY.match(key.strip())
        if not m:
            raise PeriodError(
                f"Không hiểu kỳ báo cáo «{key}». Ví dụ đúng: 2025-11, 2025-Q4, 2025-H1, 2025-9M, 2025."
            )
        year, month, quarter, half = m.group(1, 2, 3, 4)
        year = int(year)
        if month:
            if not 1 <= int(month) <= 12:
                raise PeriodError(f"Tháng không hợp lệ trong «{key}».")
            return cls(year, MONTHLY, int(month))
        if quarter:
            return cls(year, QUARTERLY, int(quarter))
        if half:
            return cls(year, HALF, int(half))
        if key.strip().endswith("9M"):
            return cls(year, NINE_MONTHS)
        return cls(year, ANNUAL)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(year, MONTHLY, month)

    @property
    def key(self) -> str:
        return {
            MONTHLY: f"{self.year}-{self.number:02d}",
            QUARTERLY: f"{self.year}-Q{self.number}",
            HALF: f"{self.year}-H{self.number}",
            NINE_MONTHS: f"{self.year}-9M",
            ANNUAL: f"{self.year}",
        }[self.frequency]

    @property
    def short_label(self) -> str:
        """'tháng 11', 'quý IV', '6 tháng đầu năm', '9 tháng', 'năm 2025'."""
        if self.frequency == MONTHLY:
            return f"tháng {self.number}"
        if self.frequency == QUARTERLY:
            return f"quý {ROMAN[self.number]}"
        if self.frequency == HALF:
            return "6 tháng đầu năm" if self.number == 1 else "6 tháng cuối năm"
        return "9 tháng" if self.frequency == NINE_MONTHS else f"năm {self.year}"

    @property
    def label(self) -> str:
        """'tháng 11 năm 2025', 'quý IV năm 2025', '6 tháng đầu năm 2025'."""
        if self.frequency == ANNUAL:
            return self.short_label
        if self.frequency == HALF:
            return f"{self.short_label} {self.year}"
        return f"{self.short_label} năm {self.year}"

    def __str__(self) -> str:
        return self.label

    # --- windows -------------------------------------------------------------------
    @property
    def months(self) -> tuple[int, int]:
        """First and last calendar month the period is named after."""
        return {
            MONTHLY: (self.number, self.number),
            QUARTERLY: (3 * self.number - 2, 3 * self.number),
            HALF: (6 * self.number - 5, 6 * self.number),
            NINE_MONTHS: (1, 9),
            ANNUAL: (1, 12),
        }[self.frequency]

    def window(self, mode: str = ND09) -> tuple[date, date]:
        """Inclusive first and last day of the data the report covers."""
        first, last = self.months
        if mode == CALENDAR:
            end_day = calendar.monthrange(self.year, last)[1]
            return date(self.year, first, 1), date(self.year, last, end_day)
        if mode != ND09:
            raise PeriodError(f"Cách tính kỳ không hợp lệ: {mode}")
        # ND 09/2019 Art. 12: from the 15th of the month before the first month
        # to the 14th of the last month.
        start_year, start_month = (self.year - 1, 12) if first == 1 else (self.year, first - 1)
        return date(start_year, start_month, 15), date(self.year, last, 14)

    def deadline(self, mode: str = ND09, working_days: int = 2) -> date:
        """Submission deadline: N working days after the cut-off (ND 09 Art. 8(5)(b):
        at least one working day between cut-off and deadline). Working days skip
        weekends, public holidays (Tết included) and the government's moved days
        (baocao.catalog.workdays), so a report due during Tết is due after it."""
        from baocao.catalog.workdays import add_working_days

        return add_working_days(self.window(mode)[1], working_days)

    # --- neighbours -----------------------------------------------------------------
    def next(self) -> Period:
        return self.shift(1)

    def previous(self) -> Period:
        return self.shift(-1)

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.frequency, self.number)

    def shift(self, steps: int) -> Period:
        per_year = {MONTHLY: 12, QUARTERLY: 4, HALF: 2, NINE_MONTHS: 1, ANNUAL: 1}[self.frequency]
        index = self.year * per_year + (self.number - 1) + steps
        return Period(index // per_year, self.frequency, index % per_year + 1)

    def contains(self, day: date, mode: str = ND09) -> bool:
        start, end = self.window(mode)
        return start <= day <= end


def month_range(first: Period, last: Period) -> list[Period]:
    """Every period from first to last inclusive (same frequency)."""
    if first.frequency != last.frequency:
        raise PeriodError("Hai kỳ phải cùng loại.")
    out, current = [], first
    while current <= last:
        out.append(current)
        current = current.next()
    return out
