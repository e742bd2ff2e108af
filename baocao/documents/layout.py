"""Small layout rules every output format shares, so the DOCX, the HTML file and the
web preview number headings, tasks and recipients the same way."""

from __future__ import annotations

import functools
import unicodedata

from baocao.documents.model import DocumentModel, SectionOut

FONT = "Times New Roman"
# For browsers and LibreOffice without Times New Roman: metric-compatible faces with
# full Vietnamese coverage (libs.md §2: Liberation Serif 2, Tinos).
CSS_FONTS = "'Times New Roman', 'Liberation Serif', Tinos, serif"
TEXT_WIDTH_PT = (210 - 30 - 15) / 25.4 * 72  # A4 less the left and right margins
TITLE_PT = 14


def heading_text(section: SectionOut) -> str:
    """'I. KẾT QUẢ ...', '1. Lĩnh vực kinh tế', '3.1 Quản lý ...' (the number computed
    by model.py); empty for a run-in section, whose heading opens its first paragraph."""
    if section.style == "runin":
        return ""
    return f"{section.number} {section.title}".strip() if section.title else ""


def numbers_tasks(section: SectionOut) -> bool:
    """Tasks directly under a part (B. NHIỆM VỤ TRỌNG TÂM ...) are numbered 1., 2. ... as
    in the Party report; tasks under a numbered theme (II. ... > 1. Kinh tế) are plain
    paragraphs under that theme's number, as in the UBND report."""
    return section.level == 1 or not section.number[:1].isdigit()


def list_marker(item) -> str:
    """'-' for a first-level list item, '+' for a second-level one."""
    return item.marker


def task_lines(section: SectionOut) -> list[str]:
    if numbers_tasks(section):
        return [f"{i}. {task}" for i, task in enumerate(section.tasks, 1)]
    return list(section.tasks)


def recipient_lines(doc: DocumentModel) -> list[str]:
    """'- UBND thành phố (để báo cáo);' one recipient a line (ND 30 Phụ lục I)."""
    return [r if r.startswith("-") else f"- {r}" for r in doc.recipients]


def issuer_lines(doc: DocumentModel) -> list[str]:
    return [line for line in doc.issuer_name.split("\n") if line.strip()]


def is_party(doc: DocumentModel) -> bool:
    return doc.issuer == "dang"


def title_lines(
    title: str, size_pt: float = TITLE_PT, width_pt: float = TEXT_WIDTH_PT
) -> list[str]:
    """A title too long for one line, broken into two lines of about equal width, as a
    clerk breaks it by hand, rather than left to wrap one word onto a line of its own;
    a break after a comma is preferred. A title that fits, or needs three lines, is
    returned whole."""
    total = text_width_pt(title, size_pt)
    if total <= width_pt or total > 2 * width_pt:
        return [title]
    words = title.split(" ")
    best: tuple[float, list[str]] | None = None
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        widths = text_width_pt(first, size_pt), text_width_pt(second, size_pt)
        if max(widths) > width_pt:
            continue
        score = abs(widths[0] - widths[1]) - (0.15 * width_pt if first.endswith(",") else 0)
        if best is None or score < best[0]:
            best = (score, [first, second])
    return best[1] if best else [title]


# Advance widths of Times New Roman Bold in 1/2048 em (measured on Liberation Serif
# Bold 2.1, which is metric-compatible). Vietnamese letters take their base letter's
# width, as the fonts draw them; enough to size rules and break titles.
_BOLD_WIDTHS = dict(
    zip(
        " ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.,:/*()",
        [512, 1479, 1366, 1479, 1479, 1366, 1251, 1593, 1593, 797, 1024, 1593, 1366, 1933,
         1479, 1593, 1251, 1593, 1479, 1139, 1366, 1479, 1479, 2048, 1479, 1479, 1366,
         1024, 1139, 909, 1139, 909, 682, 1024, 1139, 569, 682, 1139, 569, 1706, 1139,
         1024, 1139, 1139, 909, 797, 682, 1139, 1024, 1479, 1024, 1024, 909,
         *[1024] * 10, 682, 512, 512, 682, 569, 1024, 682, 682],
        strict=True,
    )
)  # fmt: skip


def text_width_pt(text: str, size_pt: float) -> float:
    """The printed width of `text` set in Times New Roman Bold at `size_pt`."""
    return sum(_char_width(char) for char in text) * size_pt / 2048


@functools.cache
def _char_width(char: str) -> int:
    base = unicodedata.normalize("NFD", char)[0]
    base = {"Đ": "D", "đ": "d"}.get(base, base)
    return _BOLD_WIDTHS.get(base, 1024)
