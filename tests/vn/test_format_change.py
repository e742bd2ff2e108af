"""Signed changes as officials write them: "giảm 20 hộ", not "tăng (+)/giảm (-) -20 hộ"."""

from decimal import Decimal

import pytest

from baocao.reports import prose
from baocao.vn.format import format_change


@pytest.mark.parametrize(
    "value, text",
    [(Decimal("-20"), "giảm 20"), (20, "tăng 20"), (Decimal("-45.0000"), "giảm 45"),
     (Decimal("1.5"), "tăng 1,5"), (-1250, "giảm 1.250"), (0, "tăng 0")],
)  # fmt: skip
def test_a_change_is_a_word_and_a_magnitude(value, text):
    assert format_change(value) == text


def test_the_change_format_in_prose():
    resolve = prose.resolver({"giamngheo.poor_change": Decimal("-20")}, {})
    text = "số hộ nghèo là 51 hộ, {{giamngheo.poor_change|change}} hộ"
    assert prose.plain(text, resolve) == "số hộ nghèo là 51 hộ, giảm 20 hộ"
    assert "change" in prose.FORMATS
