"""Numbers in Vietnamese words, for "bằng chữ" lines: 1001 -> "một nghìn không trăm linh một".

Choices, as written in administrative and accounting documents of the North:
- "linh" (not "lẻ") for a zero ten: 105 -> "một trăm linh năm";
- "nghìn" (not "ngàn"); "tỷ" (not "tỉ");
- "tư" for a unit 4 after "mươi": 24 -> "hai mươi tư" (but 14 -> "mười bốn", 104 -> "một
  trăm linh bốn"); "mốt" for a unit 1 after "mươi" (21 -> "hai mươi mốt", 11 -> "mười
  một"); "lăm" for a unit 5 after "mười/mươi" (15 -> "mười lăm", 105 -> "linh năm");
- a group after a higher one is read whole ("không trăm"), so the words say which
  group a digit is in: 1050761000 -> "một tỷ không trăm năm mươi triệu bảy trăm sáu mươi
  mốt nghìn"; an all-zero group is not read: 1000000001 -> "một tỷ không trăm linh một".
"""

from __future__ import annotations

import operator

from baocao.vn.numbers import LIMIT, VNNumberError

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9


def _tens_and_units(n: int) -> list[str]:
    """1..99."""
    tens, units = divmod(n, 10)
    if tens == 0:
        return [DIGITS[units]]
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 0:
        return words
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    else:
        words.append(DIGITS[units])
    return words


def _hundreds(n: int, whole: bool) -> list[str]:
    """1..999; whole=True reads "không trăm" for a group that follows a higher one."""
    hundreds, rest = divmod(n, 100)
    words = [DIGITS[hundreds], "trăm"] if hundreds or whole else []
    if rest and rest < 10 and words:
        return words + ["linh", DIGITS[rest]]
    return words + (_tens_and_units(rest) if rest else [])


def _below_billion(n: int, whole: bool) -> list[str]:
    words: list[str] = []
    for value, scale in ((n // 10**6, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")):
        if value:
            words += _hundreds(value, whole or bool(words))
            words += [scale] if scale else []
    return words


def _words(n: int) -> list[str]:
    """n >= 1. Above a billion the tỷ repeats: 10**12 -> "một nghìn tỷ"."""
    high, low = divmod(n, _BILLION)
    words = _words(high) + ["tỷ"] if high else []
    return words + (_below_billion(low, whole=bool(high)) if low else [])


def number_to_words(n: int) -> str:
    """0 -> "không", 2025 -> "hai nghìn không trăm hai mươi lăm", -5 -> "âm năm"."""
    if isinstance(n, bool):
        raise TypeError("a bool is not a number")
    n = operator.index(n)
    if abs(n) > LIMIT:
        raise VNNumberError("Số quá lớn để đọc thành chữ")
    if n == 0:
        return DIGITS[0]
    return " ".join((["âm"] if n < 0 else []) + _words(abs(n)))


def money_in_words(n: int) -> str:
    """The "bằng chữ" line of an amount: 1000 -> "Một nghìn đồng"."""
    words = number_to_words(n)
    return words[0].upper() + words[1:] + " đồng"
