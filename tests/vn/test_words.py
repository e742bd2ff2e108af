"""number_to_words and money_in_words: the "bằng chữ" line."""

import pytest

from baocao.vn import VNNumberError, money_in_words, number_to_words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (1, "một"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (55, "năm mươi lăm"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
    ],
)
def test_below_a_thousand(n, words):
    assert number_to_words(n) == words


def test_groups_after_a_higher_group_read_their_hundreds():
    assert number_to_words(1001) == "một nghìn không trăm linh một"
    assert number_to_words(2025) == "hai nghìn không trăm hai mươi lăm"
    assert number_to_words(1050) == "một nghìn không trăm năm mươi"


def test_an_amount_in_words():
    assert number_to_words(1_050_761_000) == (
        "một tỷ không trăm năm mươi triệu bảy trăm sáu mươi mốt nghìn"
    )
    assert number_to_words(14_437_309_000) == (
        "mười bốn tỷ bốn trăm ba mươi bảy triệu ba trăm linh chín nghìn"
    )


def test_zero_groups_are_not_read():
    assert number_to_words(1_000_000) == "một triệu"
    assert number_to_words(1_000_000_001) == "một tỷ không trăm linh một"
    assert number_to_words(5_000_020_000) == "năm tỷ không trăm hai mươi nghìn"


def test_ty_repeats_above_a_billion():
    assert number_to_words(10**12) == "một nghìn tỷ"
    assert number_to_words(10**18) == "một tỷ tỷ"


def test_negative():
    assert number_to_words(-45) == "âm bốn mươi lăm"


def test_too_large_or_not_an_integer():
    with pytest.raises(VNNumberError):
        number_to_words(10**18 + 1)
    with pytest.raises(TypeError):
        number_to_words(1.5)  # type: ignore[arg-type]


def test_money_in_words_is_a_sentence_ending_in_dong():
    assert money_in_words(1_050_761_000) == (
        "Một tỷ không trăm năm mươi triệu bảy trăm sáu mươi mốt nghìn đồng"
    )
    assert money_in_words(1000) == "Một nghìn đồng"
    assert money_in_words(0) == "Không đồng"
