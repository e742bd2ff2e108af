"""nfc, fold and strip_accents: one spelling to match Vietnamese words on."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from baocao.vn import fold, nfc
from baocao.vn.text import strip_accents


def test_nfc_composes_decomposed_text():
    nfd = unicodedata.normalize("NFD", "hồ sơ")
    assert len(nfd) > len("hồ sơ")
    assert nfc(nfd) == "hồ sơ"


def test_fold_lowers_case_and_keeps_diacritics():
    assert fold("Hồ Sơ") == "hồ sơ"
    assert fold("hồ sơ") != fold("hộ")


def test_fold_moves_the_tone_of_oa_oe_uy_to_the_first_vowel():
    assert fold("hoà") == "hòa"
    assert fold("thuỷ") == "thủy"
    assert fold("khoẻ") == "khỏe"
    assert fold("Uỷ ban") == "ủy ban"
    assert fold("toà") == "tòa"
    assert fold("hoá") == "hóa"
    assert fold("tuỳ") == "tùy"
    assert fold("loạ") == "lọa"


def test_fold_keeps_the_tone_when_a_consonant_closes_the_syllable():
    assert fold("hoàng") == "hoàng"
    assert fold("huỳnh") == "huỳnh"
    assert fold("toán") == "toán"


def test_fold_leaves_qu_alone():
    # In "quý", "quà" the u belongs to the consonant "qu": the tone is already right.
    assert fold("quý") == "quý"
    assert fold("quà") == "quà"


def test_fold_maps_icelandic_eth_to_d_with_stroke():
    assert fold("Ðảm bảo") == "đảm bảo"
    assert fold("Ðảm bảo hoà bình, thuỷ lợi") == fold("Đảm bảo hòa bình, thủy lợi")


def test_fold_collapses_whitespace():
    assert fold("  hồ \t sơ\n\u00a0 ") == "hồ sơ"


def test_fold_reads_decomposed_text():
    assert fold(unicodedata.normalize("NFD", "Thuỷ lợi")) == "thủy lợi"


def test_strip_accents():
    assert strip_accents("Thạch Khôi") == "Thach Khoi"
    assert strip_accents("Đảng ủy") == "Dang uy"
    assert strip_accents("Ðại Sơn") == "Dai Son"


@given(st.text())
def test_fold_is_idempotent(s):
    assert fold(fold(s)) == fold(s)


@given(st.text())
def test_fold_equal_for_nfc_and_nfd(s):
    assert fold(unicodedata.normalize("NFD", s)) == fold(unicodedata.normalize("NFC", s))
