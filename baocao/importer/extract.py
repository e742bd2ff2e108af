"""`extract(data, filename)`: a report file read into document, outline, facts,
numbers and findings: the JSON of `baocao extract FILE --json` (DESIGN.md).

Pure Python except `numeric_findings`, which asks the rules engine: over the rule
set it is given (`baocao extract` passes the rules shipped with baocao, without
Django), else over the database's rules when Django is set up (the same rules as for
reports entered in baocao), and gives nothing otherwise. Every refusal is an
ImportRefused with a Vietnamese message.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from baocao.importer import legacy, safety
from baocao.importer.checks import TextFinding, text_findings
from baocao.importer.document import DocumentInfo, read_document
from baocao.importer.facts import Fact, extract_facts, json_number
from baocao.importer.figures import find_figures
from baocao.importer.lexicon import key_text, load_lexicon
from baocao.importer.outline import Outline, build_outline
from baocao.importer.passages import counter_after
from baocao.importer.readers import read_any
from baocao.importer.source import SourceText
from baocao.vn import NumberMatch

if TYPE_CHECKING:
    from baocao.rules.engine import RuleSet


@dataclass
class Extraction:
    source: SourceText
    document: DocumentInfo
    outline: Outline
    facts: list[Fact]
    numbers: list[NumberMatch]
    findings: list[dict]

    def as_json(self) -> dict:
        document = self.document.as_json()
        document["kind"] = document_kind(self.source, self.document)
        if self.source.converted:
            document["converted_encoding"] = legacy.NAMES[self.source.converted]
        if self.source.converted_from:
            document["converted_from"] = self.source.converted_from
        return {
            "document": document,
            "outline": self.outline.as_json(),
            "facts": [f.as_json() for f in self.facts],
            "numbers": [number_json(self.source.text, n) for n in self.numbers],
            "findings": self.findings,
        }

    def values(self) -> dict[str, Decimal]:
        return {f.code: f.value for f in self.facts}


def extract(
    data: bytes,
    filename: str = "",
    *,
    max_bytes: int | None = None,
    rules: bool = True,
    ruleset: RuleSet | None = None,
) -> Extraction:
    source = read_any(data, filename, max_bytes=max_bytes)
    return extract_source(source, rules=rules, ruleset=ruleset)


def extract_file(
    path: str | Path,
    *,
    max_bytes: int | None = None,
    rules: bool = True,
    ruleset: RuleSet | None = None,
) -> Extraction:
    """Like extract, from a file on disk: a file over the limit is refused unread."""
    data = safety.read_file(path, max_bytes)
    return extract(data, Path(path).name, max_bytes=max_bytes, rules=rules, ruleset=ruleset)


def extract_source(
    source: SourceText, *, rules: bool = True, ruleset: RuleSet | None = None
) -> Extraction:
    outline = build_outline(source)
    document = read_document(source)
    numbers = find_figures(source.text)
    facts = extract_facts(source, outline, numbers=numbers)
    if source.ocr_confidence is not None:
        facts = [_with_confidence(f, source) for f in facts]
    findings = [f.as_json() for f in numeric_findings(facts, ruleset)] if rules else []
    findings += [f.as_json() for f in text_findings(source, outline, document)]
    return Extraction(source, document, outline, facts, numbers, findings)


def _with_confidence(fact: Fact, source: SourceText) -> Fact:
    """A figure read by OCR carries the lowest confidence Tesseract gave the words
    of its number: the reviewer sees how sure the reading is."""
    number = source.text[fact.number_start : fact.number_end]
    words = [w for w in number.split() if w]
    confidences = [
        c for word, c in source.ocr_confidence.items() if any(part in word for part in words)
    ]
    return dataclasses.replace(fact, confidence=min(confidences) if confidences else 0.0)


_NOTICE = re.compile(r"^\s*(THÔNG BÁO|GIẤY MỜI|KẾ HOẠCH|TỜ TRÌNH)\b", re.M)
_REPORT = re.compile(r"^\s*BÁO CÁO\b", re.M)
_PRESS = re.compile(r"^(SOURCE|TITLE):|https?://|\bbáo\s+\w+\s+đưa tin|\(ảnh[:\s]", re.I | re.M)


def document_kind(source: SourceText, document: DocumentInfo) -> str:
    """What the text is: "report" (a report with its header), "notice" (a notice,
    invitation or plan quoting figures), "press" (a write-up of a report) or "text".
    Every kind is read the same way; the kind tells the reviewer what it was."""
    head = source.text[:3000]
    if _REPORT.search(head) and (document.number or document.issuer):
        return "report"
    if _NOTICE.search(head):
        return "notice"
    if _REPORT.search(head):
        return "report"
    if _PRESS.search(head) or not document.number:
        return "press"
    return "text"


def numeric_findings(facts: list[Fact], ruleset: RuleSet | None = None) -> list:
    """The rules engine's findings on the facts: over `ruleset` when given, else over
    the database's rules when Django is set up; an empty list in pure use without a
    rule set. Each finding has as_json()."""
    if ruleset is None:
        from django.apps import apps

        if not apps.ready:  # pure use of the importer, without Django set up
            return []
    from baocao.rules.engine import check_values

    return list(check_values({f.code: f.value for f in facts}, ruleset))


_KIND_UNITS = {"money": "đồng", "percent": "%"}


def number_json(text: str, n: NumberMatch) -> dict:
    unit = _KIND_UNITS.get(n.kind)
    if unit is None:
        counter = counter_after(key_text(text[n.end : n.end + 30]), 0, load_lexicon().counters)
        if counter is not None:
            unit = text[n.end : n.end + counter[1]].strip()
    return {"value": json_number(n.value), "unit": unit, "start": n.start, "end": n.end}


__all__ = ["Extraction", "TextFinding", "extract", "extract_file", "numeric_findings"]
