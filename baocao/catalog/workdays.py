"""Working days: Monday to Friday, except Vietnam's public holidays (the `holidays`
package, country VN: Tết Nguyên đán and the Hùng Kings' day by the lunar calendar,
30/4, 1/5, Quốc khánh, the substitute days it knows) and except the days the
government moves each year (catalog.MovedDay, edited in the admin): a compensatory
day off is not a working day, a Saturday worked in exchange is one."""

from __future__ import annotations

import time
from datetime import date, timedelta
from functools import lru_cache

_TTL = 60.0  # seconds a process trusts its copy of the moved days (admin edits)
_moved: dict[str, object] = {"at": 0.0, "days": {}}


@lru_cache(maxsize=32)
def public_holidays(year: int) -> dict[date, str]:
    import holidays  # here, not at the top: catalog's ready() imports this module (start-up)

    return dict(holidays.country_holidays("VN", years=year, language="vi"))


def moved_days() -> dict[date, str]:
    """{day: "off" | "work"} from the admin's table; empty when the database cannot
    be read (before migrate, or code that runs without one)."""
    now = time.monotonic()
    if now - _moved["at"] > _TTL:
        from django.db import DatabaseError

        from baocao.catalog.models import MovedDay

        try:
            _moved["days"] = dict(MovedDay.objects.values_list("day", "kind"))
        except (DatabaseError, RuntimeError):  # RuntimeError: a test without the database
            return {}
        _moved["at"] = now
    return _moved["days"]


def forget_moved_days(**kwargs) -> None:
    """Signal receiver: the admin changed the table."""
    _moved["at"] = 0.0


def is_working_day(day: date) -> bool:
    moved = moved_days().get(day)
    if moved is not None:
        return moved == "work"
    return day.weekday() < 5 and day not in public_holidays(day.year)


def day_off_reason(day: date) -> str:
    """Why a day is not worked, in Vietnamese ('' for a working day)."""
    if is_working_day(day):
        return ""
    if day in public_holidays(day.year):
        return public_holidays(day.year)[day]
    if moved_days().get(day) == "off":
        return "Ngày nghỉ bù, hoán đổi"
    return "Thứ Bảy" if day.weekday() == 5 else "Chủ nhật"


def add_working_days(day: date, count: int) -> date:
    """The count-th working day after `day`."""
    remaining = max(1, count)
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
