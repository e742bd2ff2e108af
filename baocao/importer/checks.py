"""Checks on the wording of an imported report, the findings no figure rule can see:
- the unit's name is spelled the same everywhere ("Thạch Khôi" and "Thạch Khê");
- the months in the headings and the closing sentence agree with the title
  ("PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 11" under a title announcing tháng 12);
- one data cut-off window for the whole report (ND 09/2019 Art. 12: a report's
  figures share one period; "Từ 20/9/2025 đến 19/10/2025" and "Từ ngày 20/9/2025
  đến ngày 16/10/2025" in one report are two).
All are warnings: they need a human look, they do not block a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

from baocao.importer.document import DocumentInfo, match_unit, periods_of, unit_mentions
from baocao.importer.outline import Outline
from baocao.importer.source import SourceText
from baocao.vn.text import fold, strip_accents

WARNING = "warning"


@dataclass(frozen=True)
class TextFinding:
    severity: str
    rule: str
    message: str
    codes: tuple[str, ...] = ()
    quotes: tuple[str, ...] = field(default=(), compare=False)

    def as_json(self) -> dict:
        return {
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "codes": list(self.codes),
        }


def text_findings(
    source: SourceText, outline: Outline, document: DocumentInfo
) -> list[TextFinding]:
    return [
        *unit_name_findings(source.text, document),
        *heading_month_findings(source, outline, document),
        *window_findings(source.text),
    ]


# -- the unit's name ---------------------------------------------------------------------


def _plain(name: str) -> str:
    return strip_accents(fold(name))


def unit_name_findings(text: str, document: DocumentInfo) -> list[TextFinding]:
    """Names written like the unit's but not the same, and not another unit of the list."""
    if not document.unit_name:
        return []
    kind, _, name = document.unit_name.partition(" ")
    kind = kind.lower()
    if kind == "đặc":  # "Đặc khu Cát Hải"
        kind, name = "đặc khu", name.partition(" ")[2]
    size = len(name.split())
    variants: dict[str, int] = {}
    for mention_kind, words, _, _ in unit_mentions(text):
        written = " ".join(words.split()[:size])
        if fold(written) == fold(name) or match_unit(mention_kind, words) is not None:
            continue
        similar = SequenceMatcher(None, _plain(written), _plain(name)).ratio()
        if similar >= 0.7:
            label = f"{mention_kind} {written}"
            variants[label] = variants.get(label, 0) + 1
    return [
        TextFinding(
            WARNING,
            "text.unit_name",
            f"Tên đơn vị viết không thống nhất: báo cáo của «{kind} {name}» nhưng có "
            f"{count} chỗ viết «{variant}».",
            quotes=(variant,),
        )
        for variant, count in variants.items()
    ]


# -- months in headings ------------------------------------------------------------------

_MONTH = re.compile(r"tháng\s+(\d{1,2})(?!\d)")
_PLAN = ("phương hướng", "nhiệm vụ", "kế hoạch")
_RESULT = ("kết quả", "tình hình", "đánh giá")


def _month(period: str | None) -> int | None:
    return int(period[5:7]) if period and len(period) == 7 and period[4] == "-" else None


def heading_month_findings(
    source: SourceText, outline: Outline, document: DocumentInfo
) -> list[TextFinding]:
    findings: list[TextFinding] = []
    period, next_period = _month(document.period), _month(document.next_period)
    for section in outline.walk():
        title = fold(section.title)
        m = _MONTH.search(title)
        if not m:
            continue
        month = int(m.group(1))
        heading = f"{section.number}. {section.title}" if section.number else section.title
        if title.startswith(_PLAN) and next_period and month != next_period:
            findings.append(
                TextFinding(
                    WARNING,
                    "text.heading_month",
                    f"Mục «{heading}» ghi tháng {month}, nhưng tiêu đề báo cáo là phương hướng, "
                    f"nhiệm vụ tháng {next_period}.",
                    quotes=(section.title,),
                )
            )
        elif title.startswith(_RESULT) and period and month != period:
            findings.append(
                TextFinding(
                    WARNING,
                    "text.heading_month",
                    f"Mục «{heading}» ghi tháng {month}, nhưng báo cáo là của tháng {period}.",
                    quotes=(section.title,),
                )
            )
    findings.extend(_closing_findings(source, document))
    return findings


def _closing_findings(source: SourceText, document: DocumentInfo) -> list[TextFinding]:
    """ "Trên đây là báo cáo ... tháng 11/2025 và nhiệm vụ tháng 12" against the title."""
    for p in source.paragraphs:
        text = source.text[p.start : p.end]
        if p.note is None and fold(text).startswith("trên đây là"):
            period, next_period = periods_of(text)
            wrong = (period and document.period and period != document.period) or (
                next_period and document.next_period and next_period != document.next_period
            )
            if wrong:
                return [
                    TextFinding(
                        WARNING,
                        "text.heading_month",
                        "Câu kết «Trên đây là báo cáo…» ghi kỳ khác với tiêu đề báo cáo "
                        f"({period or '?'} / {next_period or '?'} so với "
                        f"{document.period or '?'} / {document.next_period or '?'}).",
                    )
                ]
    return []


# -- data cut-off windows ----------------------------------------------------------------

_DAY = r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?"
_WINDOW = re.compile(
    rf"(?:tính\s+)?từ\s+(?:ngày\s+)?{_DAY}\s*(?:đến|tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?{_DAY}"
)


def data_windows(text: str) -> list[tuple[date, date, int, int]]:
    """ "Từ ngày 20/9/2025 đến ngày 16/10/2025", "(từ ngày 15/10/2025 - 20/11/2025)"."""
    found = []
    key = fold(text)
    if len(key) != len(text):
        key = text.lower()
    for m in _WINDOW.finditer(key):
        d1, m1, y1, d2, m2, y2 = m.groups()
        year2 = int(y2 or y1 or 0)
        year1 = int(y1 or (year2 - 1 if int(m1) > int(m2) else year2))
        if not year2:
            continue
        try:
            found.append(
                (date(year1, int(m1), int(d1)), date(year2, int(m2), int(d2)), m.start(), m.end())
            )
        except ValueError:
            continue
    return found


def window_findings(text: str) -> list[TextFinding]:
    windows = data_windows(text)
    distinct = sorted({(a, b) for a, b, _, _ in windows})
    if len(distinct) < 2:
        return []
    listed = "; ".join(f"{a:%d/%m/%Y}–{b:%d/%m/%Y}" for a, b in distinct)
    return [
        TextFinding(
            WARNING,
            "text.data_window",
            f"Kỳ số liệu không thống nhất trong cùng báo cáo: {listed}.",
            quotes=tuple(text[s:e] for _, _, s, e in windows),
        )
    ]
