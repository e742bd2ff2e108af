"""Context rules: is a number found in prose a figure, or part of a name or a date?

Officials write figures after a verb and before a counting word ("tiếp nhận
1.527 hồ sơ"), and write numbers that are not figures after a word that names
something ("tháng 11", "Nghị quyết số 226", "Quốc lộ 37", "Ban Công tác 35").
`find_numbers` reads a number, then asks these rules about the words around it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from baocao.vn.text import fold

# A letter: \w minus digits, underscore and the superscript digits of footnote
# marks ("phương¹": ¹ is \w but not \d in Python).
LETTER = r"[^\W\d_\u00b9\u00b2\u00b3\u2070-\u2079]"


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# -- Words after which a number is a date part, if its value can be one ---------
# "tháng 11" is a month, but "Số đơn tiếp nhận trong tháng 14 đơn" is a figure (no 14th month).
DATE_PARTS = {"ngày": (1, 31), "tháng": (1, 12), "quý": (1, 4), "năm": (1900, 2100)}

# -- Words after which a number is an ordinal, a number in a name or a reference -
ORDINAL_WORDS = ("khóa", "lần", "lần thứ", "thứ", "đợt", "nhiệm kỳ", "kỳ họp")
REFERENCE_WORDS = ("mục", "điều", "khoản", "điểm", "chương", "phần", "phụ lục", "tiết")
# Roads: "QL 37", "đường tỉnh 391", "đường 391"; standards: "ISO 9001", "TCVN 5687".
ROAD_AND_STANDARD_WORDS = (
    "đường", "đường tỉnh", "đường huyện", "tỉnh lộ", "quốc lộ", "huyện lộ",
    "ql", "đt", "tl", "đh", "iso", "tcvn",
)  # fmt: skip
PLACE_WORDS = ("tầng", "mức", "ngã", "trung đoàn", "tiểu đoàn", "sư đoàn", "lữ đoàn", "quân khu")
# Documents named by a number without "số": "Đề án 06", "Nghị định 154/2025/NĐ-CP".
# Words that are also verbs ("hướng dẫn 20 hộ", "báo cáo 3 vụ") only count with "số".
DOCUMENT_NOUNS = (
    "nghị quyết", "nghị định", "thông tư", "chỉ thị", "công văn", "công điện",
    "tờ trình", "đề án", "chương trình",
)  # fmt: skip
DOCUMENT_VERBS = (
    "quyết định", "kế hoạch", "hướng dẫn", "thông báo", "báo cáo", "quy định",
    "kết luận", "văn bản",
)  # fmt: skip

_LABEL_BEFORE = re.compile(
    rf"(?<!{LETTER})(?:{_alternation(ORDINAL_WORDS + REFERENCE_WORDS + ROAD_AND_STANDARD_WORDS + PLACE_WORDS + DOCUMENT_NOUNS)})"
    r" ?:?\Z"
)
_DOCUMENT_NUMBER_BEFORE = re.compile(
    rf"(?<!{LETTER})(?:{_alternation(DOCUMENT_NOUNS + DOCUMENT_VERBS)}) số ?:?\Z"
)
_DATE_PART_BEFORE = re.compile(rf"(?<!{LETTER})({_alternation(tuple(DATE_PARTS))}) ?\Z")
# "ngày 11/11", "từ 01/12", "đến 30/11": a day/month that could also read as a ratio.
_DATE_CONTEXT_BEFORE = re.compile(
    rf"(?<!{LETTER})(?:ngày|từ|đến|tới|hết|đợt|dịp|trước|sau|hạn) ?\Z"
)

# Said before a number, these make it approximate: "trên 2.500 lượt", "gần 2.179",
# "ước thực hiện: 14.437.309.000 đồng" (an estimate is not an exact figure).
_APPROXIMATE_BEFORE = re.compile(
    rf"(?<!{LETTER})(?:trên dưới|gần như|xấp xỉ|khoảng|trên|hơn|gần|chừng|tầm|ngót"
    r"|ước(?: (?:tính|đạt|thực hiện|khoảng|là))*) ?:?\Z"
)

# Counting words that follow a figure: after a name-like phrase they show that the
# number is still a count ("Tổ trật tự phường ra quân 10 lượt").
COUNTERS = (
    "hồ sơ", "hộ", "người", "lượt", "trường hợp", "đơn", "vụ", "cuộc", "buổi",
    "cơ sở", "đối tượng", "đồng chí", "đ/c", "đảng viên", "ý kiến", "văn bản",
    "tin", "bài", "lần", "đợt", "ngày", "tháng", "năm", "giờ", "phút", "tấn",
    "tạ", "ha", "km", "học sinh", "cá nhân", "tập thể", "đơn vị", "công chức",
    "viên chức", "thôn", "tổ", "chi bộ", "giải", "suất", "môn", "xe", "con",
)  # fmt: skip
_COUNTER_AFTER = re.compile(rf" ?(?:{_alternation(COUNTERS)})(?!{LETTER})")

# Heads of named bodies written with a number: "Ban Công tác 35", "Tổ cộng tác viên 35",
# "Đội kiểm tra liên ngành 178". The name ends at a function word ("Tổ ... ra quân 10").
BODY_HEADS = ("Ban", "Tổ", "Đội", "Nhóm", "Đoàn")
NAME_BREAKERS = frozenset(
    ("đã", "đang", "sẽ", "có", "là", "gồm", "được", "bị", "với", "cho", "của", "và",
     "ra", "vào", "tại", "ở", "trong", "đến", "từ", "đạt", "còn", "chức")
)  # fmt: skip
_MAX_NAME_WORDS = 4

_WORDS_OR_MARKS = re.compile(rf"{LETTER}+|\S")
_LINE_LEAD = " \t-+*•–"
_OUTLINE_AFTER = re.compile(r"[.)]?[ \t]+(\S)")

WINDOW = 80  # characters read before a number for the words of a name
WORD_WINDOW = 32  # enough for the longest marker before a number: "nghị quyết số", "ước thực hiện:"


def window_before(text: str, start: int) -> str:
    """The folded text just before a number (lower case, single spaces, no trailing space)."""
    return fold(text[max(0, start - WORD_WINDOW) : start])


def is_approximate(before: str) -> bool:
    return _APPROXIMATE_BEFORE.search(before) is not None


def is_date_context(before: str) -> bool:
    return _DATE_CONTEXT_BEFORE.search(before) is not None


def is_label(before: str, value: Decimal) -> bool:
    """The number follows a word that makes it a date part, an ordinal, a reference or a
    name: "tháng 11", "lần thứ 2", "Chỉ thị số 05", "đường tỉnh 391", "ISO 9001"."""
    if _LABEL_BEFORE.search(before) or _DOCUMENT_NUMBER_BEFORE.search(before):
        return True
    m = _DATE_PART_BEFORE.search(before)
    if m:
        low, high = DATE_PARTS[m.group(1)]
        return low <= value <= high
    return False


def _is_title(word: str) -> bool:
    # "Mocha", "Quốc": a capital then lower case. All-caps acronyms ("GPMB 03 hộ",
    # "mã QR 1555 TTHC") are followed by figures, so they are not names here.
    return word[:1].isupper() and word[1:].islower()


def _trailing_words(text: str, start: int) -> tuple[list[str], bool]:
    """The words right before a number, up to a punctuation mark, and whether the
    first of them starts a clause (so its capital says nothing)."""
    tokens = _WORDS_OR_MARKS.findall(text[max(0, start - WINDOW) : start])
    run: list[str] = []
    while tokens and tokens[-1][0].isalpha():
        run.insert(0, tokens.pop())
    clause_start = bool(tokens) or start <= WINDOW
    return run, clause_start


def is_name_number(text: str, start: int, end: int) -> bool:
    """A number that is part of a proper name, not a count: "nhóm Mocha 35", "Hội chợ
    Mùa Thu 2025", "đường tránh Quốc Lộ 37", "Trung đoàn 836", "Ban Công tác 35",
    "Đội kiểm tra liên ngành 178". A counting word after the number overrides it."""
    if _COUNTER_AFTER.match(fold(text[end : end + 20])):
        return False
    run, clause_start = _trailing_words(text, start)
    if not run:
        return False
    not_first = len(run) >= 2 or not clause_start
    # A capitalised word right before, not the first of the clause ("Chuyển 1 cụm loa").
    if _is_title(run[-1]) and not_first:
        return True
    # A capitalised word and one more: "Quốc lộ 37", "Trung đoàn 836", "Ban Công tác 35".
    if len(run) >= 3 and _is_title(run[-2]) and run[-1].islower():
        return True
    return _follows_named_body(run)


def _follows_named_body(run: list[str]) -> bool:
    for i in range(len(run) - 1, max(-1, len(run) - 2 - _MAX_NAME_WORDS), -1):
        if run[i] in BODY_HEADS:
            name = run[i + 1 :]
            return bool(name) and not any(w.lower() in NAME_BREAKERS for w in name)
    return False


def is_outline_number(text: str, start: int, end: int) -> bool:
    """A heading number at the start of a line ("1. Lĩnh vực kinh tế", "3.1 Quản lý"):
    it numbers a section, it is not a figure. Headings start with a capital letter."""
    lead_start = max(0, start - 8)
    lead = text[lead_start:start]
    if "\n" in lead:
        lead = lead.rsplit("\n", 1)[1]
    elif lead_start > 0:
        return False
    if lead.strip(_LINE_LEAD):
        return False
    m = _OUTLINE_AFTER.match(text, end)
    return m is not None and m.group(1).isupper()
