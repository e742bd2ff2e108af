"""Text normalisation for matching Vietnamese words typed in different ways.

Imported text is not uniform: Unikey's "tổ hợp" mode and cp1258 give decomposed
(NFD) text, older keyboards put the tone on the other vowel ("hoà" for "hòa"),
and some fonts or converters give the Icelandic "Ð" for "Đ". These helpers give
one spelling to compare on; they never change the text we store or show.
"""

from __future__ import annotations

import re
import unicodedata

# Tone marks as combining characters (NFD): huyền, sắc, hỏi, ngã, nặng.
_TONES = "\u0300\u0301\u0309\u0303\u0323"

# A letter: \w minus digits, underscore and the superscript digits used as
# footnote marks (¹²³ are \w and not \d in Python).
_LETTER = r"[^\W\d_\u00b9\u00b2\u00b3\u2070-\u2079]"

# "oa", "oe", "uy" closing a syllable with the tone on the second vowel ("hoà",
# "khoẻ", "thuỷ") -> tone on the first vowel ("hòa", "khỏe", "thủy"), the
# placement of the documents we read (Ủy ban, hòa, thủy lợi, hóa). With a final
# consonant both styles agree ("hoàng", "huỳnh"), so the pair must end the
# syllable. After "q" the "u" belongs to the consonant ("quý", "quà"): no change.
_OLD_TONE = re.compile(
    rf"(?<![qQ])([oO])([àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ])(?!{_LETTER})"
    rf"|(?<![qQ])([uU])([ỳýỷỹỵỲÝỶỸỴ])(?!{_LETTER})"
)

_SPACES = re.compile(r"\s+")


def nfc(s: str) -> str:
    """The text in Unicode NFC, the one form that `in`, regex and case work on."""
    return unicodedata.normalize("NFC", s)


def _move_tone(m: re.Match[str]) -> str:
    first = m.group(1) or m.group(3)
    base, *marks = unicodedata.normalize("NFD", m.group(2) or m.group(4))
    tone = next(c for c in marks if c in _TONES)  # the regex matched a toned vowel
    marks.remove(tone)
    return nfc(first + tone) + nfc(base + "".join(marks))


def unify_tone_placement(s: str) -> str:
    """Put the tone of a closing "oa", "oe", "uy" on the first vowel: "hoà" -> "hòa"."""
    return nfc(_OLD_TONE.sub(_move_tone, nfc(s)))


def fold(s: str) -> str:
    """A key to match words on: NFC, lower case, one tone placement, "Ð" as "Đ",
    single spaces. Diacritics are kept: "hồ sơ" and "hộ" must stay different."""
    s = nfc(s).replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")  # Ð ð -> Đ đ
    s = unify_tone_placement(s.lower())
    return _SPACES.sub(" ", s).strip()


def strip_accents(s: str) -> str:
    """The text without diacritics, for search boxes typed without accents:
    "Thạch Khôi" -> "Thach Khoi". "đ" is a letter of its own, so it is mapped by hand."""
    s = nfc(s).translate(str.maketrans("ĐđÐð", "DdDd"))
    decomposed = unicodedata.normalize("NFD", s)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return nfc(kept)
