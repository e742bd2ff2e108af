"""Working days with Vietnam's holidays and the government's moved days."""

from datetime import date

from baocao.catalog.models import MovedDay
from baocao.catalog.periods import Period
from baocao.catalog.workdays import day_off_reason, forget_moved_days, is_working_day


def test_tet_2026_is_not_worked(db):
    # Mùng 1 Tết Bính Ngọ is Tuesday 17/02/2026; the civil service is off 14/02-22/02.
    for day in range(14, 23):
        assert not is_working_day(date(2026, 2, day)), day
    assert is_working_day(date(2026, 2, 23))
    assert "Tết" in day_off_reason(date(2026, 2, 17))


def test_a_report_due_during_tet_is_due_after_it(db):
    # Tháng 2/2026: cut-off Saturday 14/02 (27 tháng Chạp); two working days after
    # Tết ends on 22/02 is Tuesday 24/02 (without holidays it would be 17/02, mùng 1).
    assert Period.parse("2026-02").deadline(working_days=2) == date(2026, 2, 24)


def test_hung_kings_day_is_lunar_and_its_sunday_is_compensated(db):
    assert not is_working_day(date(2025, 4, 7))  # 10/3 âm lịch 2025, a Monday
    assert not is_working_day(date(2026, 4, 27))  # 26/04/2026 is a Sunday: Monday off


def test_swapped_saturdays_are_working_days(db):
    assert is_working_day(date(2026, 1, 10))  # worked for Friday 02/01/2026
    assert not is_working_day(date(2026, 1, 2))
    assert is_working_day(date(2025, 4, 26))  # worked for Friday 02/05/2025
    assert not is_working_day(date(2025, 5, 2))
    # Tháng 12/2025 is cut off on Sunday 14/12: Monday 15, Tuesday 16.
    assert Period.parse("2025-12").deadline(working_days=2) == date(2025, 12, 16)


def test_an_admin_entry_moves_the_deadline(db):
    assert Period.parse("2025-11").deadline(working_days=2) == date(2025, 11, 18)
    MovedDay.objects.create(day=date(2025, 11, 17), kind=MovedDay.OFF, note="Nghỉ bù thử")
    assert Period.parse("2025-11").deadline(working_days=2) == date(2025, 11, 19)
    MovedDay.objects.filter(day=date(2025, 11, 17)).delete()
    forget_moved_days()
    assert Period.parse("2025-11").deadline(working_days=2) == date(2025, 11, 18)


def test_the_2025_and_2026_decisions_are_entered(db):
    days = set(MovedDay.objects.values_list("day", flat=True))
    assert {date(2025, 4, 26), date(2026, 1, 2), date(2026, 1, 10), date(2026, 8, 22)} <= days
