"""`extract(data, filename)`: a report file read into document, outline, facts,
numbers and findings: the JSON of `baocao extract FILE --json` (DESIGN.md).

Pure Python except `numeric_findings`, which asks the rules engine when Django is
set up (the same rules as for reports entered in baocao), and gives nothing
otherwise. Every refusal is an ImportRefused with a Vietnamese message.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from baocao.importer import safety
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


@dataclass
class Extraction:
    source: SourceText
    document: DocumentInfo
    outline: Outline
    facts: list[Fact]
    numbers: list[NumberMatch]
    findings: list[dict]

    def as_json(self) -> dict:
        return {
            "document": self.document.as_json(),
            "outline": self.outline.as_json(),
            "facts": [f.as_json() for f in self.facts],
            "numbers": [number_json(self.source.text, n) for n in self.numbers],
            "findings": self.findings,
        }

    def values(self) -> dict[str, Decimal]:
        return {f.code: f.value for f in self.facts}


def extract(
    data: bytes, filename: str = "", *, max_bytes: int | None = None, rules: bool = True
) -> Extraction:
    source = read_any(data, filename, max_bytes=max_bytes)
    return extract_source(source, rules=rules)


def extract_file(
    path: str | Path, *, max_bytes: int | None = None, rules: bool = True
) -> Extraction:
    """Like extract, from a file on disk: a file over the limit is refused unread."""
    data = safety.read_file(path, max_bytes)
    return extract(data, Path(path).name, max_bytes=max_bytes, rules=rules)


def extract_source(source: SourceText, *, rules: bool = True) -> Extraction:
    outline = build_outline(source)
    document = read_document(source)
    numbers = find_figures(source.text)
    facts = extract_facts(source, outline, numbers=numbers)
    findings = [f.as_json() for f in numeric_findings(facts)] if rules else []
    findings += [f.as_json() for f in text_findings(source, outline, document)]
    return Extraction(source, document, outline, facts, numbers, findings)


def numeric_findings(facts: list[Fact]) -> list:
    """The rules engine's findings on the facts, when it can run (Django set up with
    the catalog's rules); an empty list in pure use. Each finding has as_json()."""
    from django.apps import apps

    if not apps.ready:  # pure use of the importer, without Django set up
        return []
    from baocao.rules.engine import check_values

    return list(check_values({f.code: f.value for f in facts}))


_KIND_UNITS = {"money": "đồng", "percent": "%"}


def number_json(text: str, n: NumberMatch) -> dict:
    unit = _KIND_UNITS.get(n.kind)
    if unit is None:
        counter = counter_after(key_text(text[n.end : n.end + 30]), 0, load_lexicon().counters)
        if counter is not None:
            unit = text[n.end : n.end + counter[1]].strip()
    return {"value": json_number(n.value), "unit": unit, "start": n.start, "end": n.end}


__all__ = ["Extraction", "TextFinding", "extract", "extract_file", "numeric_findings"]
