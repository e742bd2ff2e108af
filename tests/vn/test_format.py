"""Formatters: numbers as reports print them, and back through parse_vn_number."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.vn import (
    VNNumberError,
    format_count,
    format_money,
    format_number,
    format_percent,
    parse_vn_number,
)

AMOUNTS = st.integers(min_value=0, max_value=10**13)
RATES = st.decimals(min_value=0, max_value=100, places=2)
DECIMALS = st.integers(min_value=0, max_value=6).flatmap(
    lambda places: st.decimals(min_value=0, max_value=10**13, places=places)
)


def test_format_number_groups_thousands_with_dots():
    assert format_number(1_050_761_000) == "1.050.761.000"
    assert format_number(Decimal("14437309000")) == "14.437.309.000"
    assert format_number(999) == "999"


def test_format_number_writes_decimals_with_a_comma():
    assert format_number(Decimal("1801.6")) == "1.801,6"
    assert format_number(1801.6) == "1.801,6"
    assert format_number(Decimal("0.51")) == "0,51"


def test_format_number_drops_trailing_zeros_by_default():
    assert format_number(Decimal("96.50")) == "96,5"
    assert format_number(Decimal("100.00")) == "100"


def test_format_number_with_fixed_decimals_rounds_half_up():
    assert format_number(Decimal("88.725"), 2) == "88,73"
    assert format_number(Decimal("96.5"), 2) == "96,50"
    assert format_number(Decimal("74.749"), 1) == "74,7"
    assert format_number(Decimal("1527.5"), 0) == "1.528"


def test_format_number_signs():
    assert format_number(-45) == "-45"
    assert format_number(0) == "0"
    assert format_number(Decimal("-0.00")) == "0"
    assert format_number(Decimal("-0.4"), 0) == "0"


def test_format_number_refuses_what_is_not_a_number():
    with pytest.raises(TypeError):
        format_number("12")  # type: ignore[arg-type]
    with pytest.raises(VNNumberError):
        format_number(float("nan"))


def test_format_count_pads_under_ten():
    assert format_count(3) == "03"
    assert format_count(0) == "00"
    assert format_count(9) == "09"
    assert format_count(10) == "10"
    assert format_count(1527) == "1.527"


def test_format_count_without_padding():
    assert format_count(3, pad=False) == "3"


def test_format_count_writes_a_fraction_plainly():
    """Not a count, but stored before counts were checked: shown, never an error."""
    assert format_count(Decimal("2.5")) == "2,5"
    assert format_money(Decimal("2500000000.5"), "ty") == "2.500.000.000,5"


def test_format_money_full():
    assert format_money(1_050_761_000) == "1.050.761.000"


def test_format_money_in_ty_and_trieu():
    assert format_money(11_015_000_000, "ty") == "11 tỷ 15 triệu"
    assert format_money(3_882_000_000, "ty") == "3 tỷ 882 triệu"
    assert format_money(21_706_000_000, "ty") == "21 tỷ 706 triệu"
    assert format_money(7_000_000_000, "ty") == "7 tỷ"
    assert format_money(15_000_000, "ty") == "15 triệu"


def test_format_money_does_not_pad_the_trieu_group():
    assert format_money(6_080_000_000, "ty") == "6 tỷ 80 triệu"


def test_format_money_remainder_below_a_million():
    assert format_money(2_300_500_000, "ty") == "2 tỷ 300 triệu 500 nghìn"
    assert format_money(2_300_500_123, "ty") == "2 tỷ 300 triệu 500.123"
    assert format_money(1_000_500_000, "ty") == "1 tỷ 500 nghìn"


def test_format_money_below_a_million_stays_in_digits():
    assert format_money(999_999, "ty") == "999.999"
    assert format_money(0, "ty") == "0"


def test_format_money_above_a_thousand_ty():
    assert format_money(10**13, "ty") == "10.000 tỷ"


def test_format_money_has_no_unit_word():
    assert "đồng" not in format_money(11_015_000_000, "ty")


def test_format_money_refuses_an_unknown_style():
    with pytest.raises(ValueError):
        format_money(1, "words")


def test_format_percent():
    assert format_percent(Decimal("96.5")) == "96,5%"
    assert format_percent(Decimal("88.73")) == "88,73%"
    assert format_percent(100) == "100%"
    assert format_percent(Decimal("74.686"), 2) == "74,69%"


# -- every output reads back to the same value ------------------------------------


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_format_number_reads_back_integers(n):
    assert parse_vn_number(format_number(n)).value == n


@given(DECIMALS)
def test_format_number_reads_back_decimals(d):
    assert parse_vn_number(format_number(d)).value == d


@given(DECIMALS, st.integers(min_value=0, max_value=4))
def test_format_number_with_decimals_reads_back_the_rounded_value(d, places):
    text = format_number(d, places)
    assert parse_vn_number(text).value == d.quantize(Decimal(1).scaleb(-places), "ROUND_HALF_UP")


@given(AMOUNTS, st.booleans())
def test_format_count_reads_back(n, pad):
    parsed = parse_vn_number(format_count(n, pad))
    assert (parsed.value, parsed.kind) == (n, "count")
    assert parsed.padded == (pad and n < 10)


@given(AMOUNTS, st.sampled_from(["full", "ty"]))
def test_format_money_reads_back(n, style):
    assert parse_vn_number(format_money(n, style)).value == n


@given(AMOUNTS)
def test_format_money_in_ty_reads_back_in_prose_before_dong(n):
    from baocao.vn import find_numbers

    text = f"ước thực hiện {format_money(n, 'ty')} đồng"
    (match,) = find_numbers(text)
    assert (match.value, match.kind) == (n, "money")


@given(RATES)
def test_format_percent_reads_back(rate):
    parsed = parse_vn_number(format_percent(rate))
    assert (parsed.value, parsed.kind) == (rate, "percent")
