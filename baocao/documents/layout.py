"""Small layout rules every output format shares, so the DOCX, the HTML file and the
web preview number headings, tasks and recipients the same way."""

from __future__ import annotations

from baocao.documents.model import DocumentModel, SectionOut

FONT = "Times New Roman"
# For browsers and LibreOffice without Times New Roman: metric-compatible faces with
# full Vietnamese coverage (libs.md §2: Liberation Serif 2, Tinos).
CSS_FONTS = "'Times New Roman', 'Liberation Serif', Tinos, serif"


def heading_text(section: SectionOut) -> str:
    """'I. KẾT QUẢ ...', '1. Lĩnh vực kinh tế', '3.1 Quản lý ...': a dot after a plain
    number or letter, none after a compound one, as the reports write them."""
    if not section.number:
        return section.title
    number = section.number if "." in section.number else f"{section.number}."
    return f"{number} {section.title}".strip()


def numbers_tasks(section: SectionOut) -> bool:
    """Tasks directly under a part (B. NHIỆM VỤ TRỌNG TÂM ...) are numbered 1., 2. ... as
    in the Party report; tasks under a numbered theme (II. ... > 1. Kinh tế) are plain
    paragraphs under that theme's number, as in the UBND report."""
    return section.level == 1 or not section.number[:1].isdigit()


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
