"""Checks on a report's prose (DESIGN.md §3): placeholders that point at nothing,
figures the text shows but nobody entered, footnote markers without their note.
A final document cannot be rendered with any of these, so they are errors."""

from __future__ import annotations

from collections import defaultdict

from baocao.catalog.models import Indicator
from baocao.reports import prose
from baocao.reports.models import Block, Report, Section
from baocao.rules.engine import Finding, check_report
from baocao.rules.models import Rule


def _where(section) -> str:
    return f"mục {section.number}" if section.number else f"mục «{section.title[:40]}»"


def check_text(
    report: Report,
    *,
    blocks: list[Block] | None = None,
    sections: dict[int, Section] | None = None,
    names: dict[str, str] | None = None,
    entered: set[str] | None = None,
) -> list[Finding]:
    """The checks; a caller that has already read the report's blocks, sections,
    catalog names or entered codes passes them, and nothing is read twice."""
    if blocks is None:
        blocks = list(Block.objects.filter(section__report=report).order_by("position", "pk"))
    if sections is None:
        sections = {s.pk: s for s in report.sections.only("id", "number", "title", "position")}
    if names is None:
        names = dict(Indicator.objects.values_list("code", "name"))
    values = (
        set(report.values.values_list("indicator__code", flat=True)) if entered is None else entered
    )
    blocks = sorted(blocks, key=lambda b: (sections[b.section_id].position, b.position, b.pk))
    notes: dict[int, set[str]] = defaultdict(set)
    for block in blocks:
        if block.kind == Block.FOOTNOTE and block.text.strip():
            notes[block.anchor_id].add(block.key)
    findings: list[Finding] = []
    seen_missing: set[str] = set()
    for block in blocks:
        where = _where(sections[block.section_id])
        for p in prose.placeholders(block.text):
            if p.is_fact:
                continue
            if p.code not in names:
                findings.append(
                    Finding(
                        Rule.ERROR,
                        "text.unknown_code",
                        f"Lời văn {where} dùng mã số liệu «{p.code}» không có trong danh mục.",
                        (p.code,),
                    )
                )
            elif p.code not in values and p.code not in seen_missing:
                seen_missing.add(p.code)
                findings.append(
                    Finding(
                        Rule.ERROR,
                        "text.missing_value",
                        f"Chưa nhập «{names[p.code]}»: lời văn {where} có số liệu này. "
                        "Nhập số hoặc bỏ số liệu khỏi lời văn.",
                        (p.code,),
                        {p.code: None},
                    )
                )
        if block.kind == Block.PARAGRAPH:
            for key in prose.footnote_keys(block.text):
                if key not in notes[block.pk]:
                    findings.append(
                        Finding(
                            Rule.ERROR,
                            "text.footnote_missing",
                            f"Chú thích [^{key}] ở {where} chưa có nội dung.",
                            (),
                        )
                    )
    return findings


def report_findings(report: Report, **already_read) -> list[Finding]:
    """Everything validation says about a report: the rules on its figures and the
    checks on its prose, errors first. already_read: see check_text."""
    findings = check_report(report) + check_text(report, **already_read)
    return sorted(findings, key=lambda f: f.severity != Rule.ERROR)
