"""parse_vn_number: one number as a Vietnamese official types it."""

import contextlib
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.vn import ParsedNumber, VNNumberError, parse_vn_number


def value(text: str) -> Decimal:
    return parse_vn_number(text).value


def test_dots_group_thousands():
    assert value("1.050.761.000") == Decimal("1050761000")
    assert value("1.527") == 1527


def test_comma_is_the_decimal_mark():
    assert value("1.801,6") == Decimal("1801.6")
    assert value("1,527") == Decimal("1.527")
    assert parse_vn_number("0,51").kind == "decimal"


def test_plain_digits_are_a_count():
    assert parse_vn_number("1527") == ParsedNumber(Decimal(1527), "count")


def test_percent_with_comma_or_space():
    assert parse_vn_number("74,69%") == ParsedNumber(Decimal("74.69"), "percent")
    assert parse_vn_number("88,73 %") == ParsedNumber(Decimal("88.73"), "percent")
    assert parse_vn_number("100 %").value == 100


def test_dot_not_followed_by_three_digits_is_a_decimal_point():
    # "DVCTT đạt 99.51%" in a real report: a dot before two digits cannot group thousands.
    assert parse_vn_number("99.51%") == ParsedNumber(Decimal("99.51"), "percent")
    assert value("1.5") == Decimal("1.5")


def test_leading_zero_counts_are_padded():
    assert parse_vn_number("01") == ParsedNumber(Decimal(1), "count", padded=True)
    assert parse_vn_number("00") == ParsedNumber(Decimal(0), "count", padded=True)
    assert parse_vn_number("09").padded
    assert not parse_vn_number("9").padded
    assert not parse_vn_number("10").padded


def test_ratio_keeps_numerator_and_denominator():
    assert parse_vn_number("465/547") == ParsedNumber(
        Decimal(465), "ratio", numerator=Decimal(465), denominator=Decimal(547)
    )
    parsed = parse_vn_number("9215/9541")
    assert (parsed.value, parsed.denominator) == (9215, 9541)
    assert parse_vn_number("04/04").padded


def test_money_in_ty_and_trieu():
    assert parse_vn_number("11 tỷ 15 triệu đồng") == ParsedNumber(Decimal(11_015_000_000), "money")
    assert value("3 tỷ 882 triệu đồng") == 3_882_000_000
    assert value("2 tỷ 300 triệu 500 nghìn đồng") == 2_300_500_000


def test_zero_padded_trieu_group_reads_the_same():
    # "Chi đầu tư: 6 tỷ 080 triệu đồng" (seed 002): 080 triệu is 80 triệu.
    assert value("6 tỷ 080 triệu") == 6_080_000_000
    assert value("6 tỷ 80 triệu") == 6_080_000_000


def test_money_with_a_decimal_group():
    assert value("2,5 tỷ đồng") == 2_500_000_000
    assert value("1,5 triệu") == 1_500_000


def test_nghin_and_ngan_both_mean_thousand():
    assert value("500 nghìn đồng") == 500_000
    assert value("500 ngàn đồng") == 500_000


def test_ti_is_read_as_ty():
    assert value("2 tỉ") == 2_000_000_000


def test_remainder_in_digits_after_the_words():
    assert value("2 tỷ 300 triệu 500.123") == 2_300_500_123


def test_dong_and_d_make_money():
    assert parse_vn_number("1.050.761.000 đồng") == ParsedNumber(Decimal(1_050_761_000), "money")
    assert parse_vn_number("1.050.761.000đ").kind == "money"
    assert parse_vn_number("1.050.761.000 VNĐ").kind == "money"


def test_approximate_words():
    assert parse_vn_number("trên 2.500") == ParsedNumber(Decimal(2500), "count", approximate=True)
    assert parse_vn_number("gần 2.179").approximate
    for said in ("hơn", "khoảng", "ước", "xấp xỉ", "gần như"):
        assert parse_vn_number(f"{said} 100%").approximate, said
    assert not parse_vn_number("2.500").approximate


def test_negative():
    assert value("-45") == -45
    assert value("−45") == -45  # U+2212 MINUS SIGN


def test_space_groups_thousands():
    assert value("1 527") == 1527
    assert value("1\u00a0527") == 1527
    assert value("1\u202f050\u202f761\u202f000") == 1_050_761_000


def test_surrounding_spaces_are_ignored():
    assert value("  1.527 \n") == 1527


def test_words_in_any_case():
    assert value("11 TỶ 15 Triệu Đồng") == 11_015_000_000


def test_decomposed_text_is_read():
    nfd = unicodedata.normalize("NFD", "11 tỷ 15 triệu đồng")
    assert nfd != "11 tỷ 15 triệu đồng"
    assert value(nfd) == 11_015_000_000


@pytest.mark.parametrize(
    "text",
    ["abc", "", "   ", "1..2", "12,3,4", "1,2.3", "1.2.3", "0.500", "1234.567", "01.527", "1 52",
     "tỷ", "tỷ lệ 5", "1 tỷ 1.500 triệu", "15 triệu 2 tỷ", "2,5 tỷ 300 triệu", "5%đồng", "1/2/3",
     "1,5/2", "-3/4", "5 hồ sơ", "%", "1 triệu 2.000.000"],
)  # fmt: skip
def test_garbage_is_rejected(text):
    with pytest.raises(VNNumberError):
        parse_vn_number(text)


def test_error_message_is_vietnamese_and_quotes_the_input():
    with pytest.raises(VNNumberError) as error:
        parse_vn_number("abc")
    assert str(error.value) == "Không đọc được số: «abc»"


def test_numbers_above_ten_to_the_eighteenth_are_rejected():
    assert value("1" + "0" * 18) == 10**18
    with pytest.raises(VNNumberError, match="quá lớn"):
        parse_vn_number("1" + "0" * 18 + "1")
    with pytest.raises(VNNumberError):
        parse_vn_number("9" * 40)
    with pytest.raises(VNNumberError):
        parse_vn_number("1.000.000.001 tỷ")


def test_a_very_long_input_is_rejected_quickly():
    with pytest.raises(VNNumberError):
        parse_vn_number("1" * 100_000)
    with pytest.raises(VNNumberError):
        parse_vn_number("1." * 50_000 + "1")


@given(st.text())
def test_any_text_either_parses_or_raises_vn_number_error(text):
    with contextlib.suppress(VNNumberError):
        parse_vn_number(text)


@given(st.text(alphabet="0123456789.,/%- \u00a0tỷriệunghìnđồngvàtrên", max_size=30))
def test_number_like_text_either_parses_or_raises_vn_number_error(text):
    try:
        parsed = parse_vn_number(text)
    except VNNumberError:
        return
    assert abs(parsed.value) <= 10**18
    assert parsed.kind in ("count", "decimal", "percent", "ratio", "money")
