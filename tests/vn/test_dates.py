"""Dates as ND 30/2020 writes them, and reading them back."""

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.vn import parse_vn_date, short_date, vn_date
from baocao.vn.dates import VNDateError

DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def test_vn_date_pads_days_below_ten_and_months_one_and_two():
    assert vn_date(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert vn_date(date(2026, 1, 9)) == "ngày 09 tháng 01 năm 2026"


def test_vn_date_does_not_pad_months_from_three():
    assert vn_date(date(2026, 3, 28)) == "ngày 28 tháng 3 năm 2026"
    assert vn_date(date(2025, 11, 28)) == "ngày 28 tháng 11 năm 2025"


def test_short_date():
    assert short_date(date(2026, 2, 5)) == "05/02/2026"
    assert short_date(date(2025, 11, 28)) == "28/11/2025"


def test_parse_numeric_dates():
    assert parse_vn_date("14/09/2025") == date(2025, 9, 14)
    assert parse_vn_date("5/3/2014") == date(2014, 3, 5)
    assert parse_vn_date(" 05-02-2026 ") == date(2026, 2, 5)
    assert parse_vn_date("05.02.2026") == date(2026, 2, 5)


def test_parse_worded_dates():
    assert parse_vn_date("ngày 05 tháng 02 năm 2026") == date(2026, 2, 5)
    assert parse_vn_date("Ngày 28 tháng 3 năm 2026") == date(2026, 3, 28)
    assert parse_vn_date("14 tháng 11 năm 2025") == date(2025, 11, 14)


@pytest.mark.parametrize(
    "text", ["", "abc", "14/09", "11/2025", "14/09/25", "14/09-2025", "32/01/2025"]
)
def test_parse_rejects_what_is_not_a_date(text):
    with pytest.raises(VNDateError):
        parse_vn_date(text)


def test_parse_rejects_a_day_that_does_not_exist_in_vietnamese():
    with pytest.raises(ValueError) as error:
        parse_vn_date("30/02/2026")
    assert str(error.value) == "Ngày không có thật: «30/02/2026»"


@given(DATES)
def test_vn_date_reads_back(d):
    assert parse_vn_date(vn_date(d)) == d


@given(DATES)
def test_short_date_reads_back(d):
    assert parse_vn_date(short_date(d)) == d


@given(st.text())
def test_parse_any_text_reads_or_raises_a_date_error(text):
    with contextlib.suppress(VNDateError):
        parse_vn_date(text)
