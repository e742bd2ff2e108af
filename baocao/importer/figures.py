"""The numbers of a report as the importer reads them: vn.find_numbers, with the
formats of older and press reports added.

- "10,18 ngàn hồ sơ": thousands written "ngàn/nghìn" before a counting word are a
  count (vn reads "ngàn" as money); "27,2 ngàn tỷ đồng" is 27,2 × 10¹² đồng.
- "970con", "1.430ha": a number glued to its unit word is still a number.
- "866 lượt/964 lượt người", "05 lượt đoàn/75 lượt người": a slash after a counting
  word pairs two counts of one event (visits and persons), not a fraction: the number
  after the slash is a figure of its own.
- "1,250 hồ sơ": a comma before exactly three digits, followed by a word for things
  that are counted whole (files, households, people), is a thousands separator as
  some press write it: no report has a fraction of a file.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from baocao.vn import NumberMatch, find_numbers

_THOUSAND_WORD = re.compile(r"\s*(?:ngàn|nghìn|ngan|nghin)\s*$", re.I)
_SCALE_AFTER = re.compile(r"\s+(tỷ|tỉ|triệu)(?![^\W\d_])", re.I)
_SCALES = {"tỷ": Decimal(10) ** 9, "tỉ": Decimal(10) ** 9, "triệu": Decimal(10) ** 6}
# Bounded: at most 15 digits and separators, a unit word from a closed list.
_GLUED = re.compile(
    r"(?<![\w.,/])(\d{1,3}(?:\.\d{3}){1,4}|\d{1,6})(?:,(\d{1,3}))?"
    r"(con|ha|hộ|người|tấn|tạ|hs|km|m2|m²|lượt|trường hợp)(?![^\W\d_])",
    re.I,
)

# Bounded: a counting word from a closed list, a slash, at most 15 digits and dots.
_AFTER_UNIT_SLASH = re.compile(
    r"(?<![^\W\d_])(?:lượt|người|đoàn|hồ sơ|hs|đơn|vụ|việc|hộ|trường hợp)[ \t]?/[ \t]?"
    r"(\d{1,3}(?:\.\d{3}){1,4}|\d{1,6})(?![\d.,]\d)",
    re.I,
)

_COMMA_THOUSANDS = re.compile(r"\d{1,3},\d{3}")
_WHOLE_UNIT = re.compile(
    r"[ \t]*(?:hồ sơ|hs|hộ|người|lượt|đơn|trường hợp|đối tượng|đảng viên|văn bản|nhân khẩu)"
    r"(?![^\W\d_])",
    re.I,
)

# "dịch vụ công trực tuyến mức độ 3, 4": levels, not figures
_LEVEL = re.compile(r"(?:mức độ|mức|cấp độ)\s*(?:\d\s*[,và]+\s*)*$", re.I)


def find_figures(text: str) -> list[NumberMatch]:
    found = [
        _comma_thousands(text, _thousands(text, n))
        for n in find_numbers(text)
        if not _LEVEL.search(text[max(0, n.start - 20) : n.start])
    ]
    taken = [(n.start, n.end) for n in found]
    for m in _GLUED.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        whole = m.group(1).replace(".", "")
        value = Decimal(whole + ("." + m.group(2) if m.group(2) else ""))
        kind = "decimal" if m.group(2) else "count"
        end = m.start(3)
        found.append(
            NumberMatch(
                value, kind, False, None, None, False, m.start(), end, text[m.start() : end]
            )
        )
    for m in _AFTER_UNIT_SLASH.finditer(text):
        start, end = m.span(1)
        if any(s < end and start < e for s, e in taken):
            continue
        value = Decimal(m.group(1).replace(".", ""))
        padded = len(m.group(1)) > 1 and m.group(1).startswith("0")
        found.append(NumberMatch(value, "count", False, None, None, padded, start, end, m.group(1)))
    return sorted(found, key=lambda n: n.start)


def _comma_thousands(text: str, n: NumberMatch) -> NumberMatch:
    if n.kind != "decimal" or not _COMMA_THOUSANDS.fullmatch(n.text):
        return n
    if not _WHOLE_UNIT.match(text, n.end):
        return n
    return replace(n, value=Decimal(n.text.replace(",", "")), kind="count")


def _thousands(text: str, n: NumberMatch) -> NumberMatch:
    if n.kind != "money" or not _THOUSAND_WORD.search(n.text):
        return n
    scale = _SCALE_AFTER.match(text, n.end)
    if scale:  # "27,2 ngàn tỷ"
        end = scale.end()
        value = n.value * _SCALES[scale.group(1).lower()]
        return replace(n, value=value, end=end, text=text[n.start : end])
    if re.match(r"\s*(?:đồng|đ\b)", text[n.end : n.end + 6]):
        return n  # "5 nghìn đồng": money indeed
    return replace(n, kind="count")
