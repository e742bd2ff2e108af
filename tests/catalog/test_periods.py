from datetime import date

import pytest

from baocao.catalog.periods import CALENDAR, Period, PeriodError, month_range


def test_monthly_window_runs_from_15th_of_previous_month_to_14th():
    assert Period.parse("2025-11").window() == (date(2025, 10, 15), date(2025, 11, 14))


def test_january_window_starts_in_december_of_previous_year():
    assert Period.parse("2026-01").window() == (date(2025, 12, 15), date(2026, 1, 14))


def test_december_window_ends_on_14_december():
    assert Period.parse("2025-12").window() == (date(2025, 11, 15), date(2025, 12, 14))


def test_first_quarter_window_starts_15_december_of_previous_year():
    assert Period.parse("2026-Q1").window() == (date(2025, 12, 15), date(2026, 3, 14))


def test_fourth_quarter_window():
    assert Period.parse("2025-Q4").window() == (date(2025, 9, 15), date(2025, 12, 14))


def test_half_year_windows():
    assert Period.parse("2025-H1").window() == (date(2024, 12, 15), date(2025, 6, 14))
    assert Period.parse("2025-H2").window() == (date(2025, 6, 15), date(2025, 12, 14))


def test_nine_months_and_annual_windows():
    assert Period.parse("2025-9M").window() == (date(2024, 12, 15), date(2025, 9, 14))
    assert Period.parse("2025").window() == (date(2024, 12, 15), date(2025, 12, 14))


def test_calendar_mode_uses_whole_months():
    assert Period.parse("2024-02").window(CALENDAR) == (date(2024, 2, 1), date(2024, 2, 29))
    assert Period.parse("2025-12").window(CALENDAR) == (date(2025, 12, 1), date(2025, 12, 31))
    assert Period.parse("2025-Q4").window(CALENDAR) == (date(2025, 10, 1), date(2025, 12, 31))
    assert Period.parse("2025-H1").window(CALENDAR) == (date(2025, 1, 1), date(2025, 6, 30))


def test_vietnamese_labels():
    assert Period.parse("2025-11").label == "tháng 11 năm 2025"
    assert Period.parse("2025-Q4").label == "quý IV năm 2025"
    assert Period.parse("2025-H1").label == "6 tháng đầu năm 2025"
    assert Period.parse("2025-9M").label == "9 tháng năm 2025"
    assert Period.parse("2025").label == "năm 2025"
    assert Period.parse("2025-11").short_label == "tháng 11"


def test_next_period_crosses_the_year():
    assert Period.parse("2025-12").next().key == "2026-01"
    assert Period.parse("2025-Q4").next().key == "2026-Q1"
    assert Period.parse("2025-H2").next().key == "2026-H1"
    assert Period.parse("2025").next().key == "2026"
    assert Period.parse("2026-01").previous().key == "2025-12"


def test_same_period_last_year():
    assert Period.parse("2025-11").same_period_last_year().key == "2024-11"


def test_deadline_counts_working_days_after_cut_off():
    # Cut-off Friday 14/11/2025; two working days later is Tuesday 18/11.
    assert Period.parse("2025-11").deadline(working_days=2) == date(2025, 11, 18)


def test_month_range_is_inclusive():
    keys = [p.key for p in month_range(Period.parse("2024-11"), Period.parse("2025-11"))]
    assert len(keys) == 13 and keys[0] == "2024-11" and keys[-1] == "2025-11"


@pytest.mark.parametrize("bad", ["2025-13", "2025-00", "25-11", "2025-Q5", "tháng 11", ""])
def test_bad_period_text_gets_a_vietnamese_message(bad):
    with pytest.raises(PeriodError, match="kỳ báo cáo|Tháng không hợp lệ"):
        Period.parse(bad)
