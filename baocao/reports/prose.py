"""The prose syntax of report blocks (docs/placeholders.md): figures as
`{{code|format}}`, report facts as `{{unit}}`, footnotes as `[^key]`, and
`**bold**` / `*italic*`. The one parser every reader and writer of prose uses."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from baocao import vn

PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)\s*(?:\|\s*([a-z]+)\s*)?\}\}")
FOOTNOTE = re.compile(r"\[\^([^\]\s]{1,20})\]")
FORMATS = ("", "pad", "ty", "words")
FACTS = ("unit", "unit.name", "period", "period.year", "next_period", "next_period.year")
_TOKEN = re.compile(f"{PLACEHOLDER.pattern}|{FOOTNOTE.pattern}|\\*\\*|\\*")


class MissingValue(Exception):
    def __init__(self, code: str):
        super().__init__(f"Chưa có số liệu: {code}")
        self.code = code


@dataclass(frozen=True)
class Placeholder:
    code: str
    format: str
    start: int
    end: int

    @property
    def is_fact(self) -> bool:
        return self.code in FACTS


@dataclass(frozen=True)
class Run:
    """A piece of rendered text. A footnote reference is a Run with footnote set."""

    text: str
    bold: bool = False
    italic: bool = False
    footnote: str | None = None
    missing: bool = False  # a placeholder without a value, shown as a marker in drafts
    placeholder: Placeholder | None = None  # kept by runs(keep_placeholders=True), for editors


def placeholders(text: str) -> list[Placeholder]:
    return [
        Placeholder(m.group(1), m.group(2) or "", m.start(), m.end())
        for m in PLACEHOLDER.finditer(text)
    ]


def figure_codes(text: str) -> list[str]:
    """Indicator codes the text shows, in order (facts like {{unit}} excluded)."""
    return [p.code for p in placeholders(text) if not p.is_fact]


def footnote_keys(text: str) -> list[str]:
    return FOOTNOTE.findall(text)


def format_value(value: Decimal, fmt: str, *, money: bool = False) -> str:
    if fmt == "pad":
        return vn.format_count(value, pad=True)
    if fmt == "ty":
        return vn.format_money(value, style="ty")
    if fmt == "words":
        return vn.number_to_words(int(value))
    return vn.format_number(value)


Resolver = Callable[[Placeholder], str | None]


def resolver(
    values: Mapping[str, Decimal],
    facts: Mapping[str, str],
    money_codes: frozenset[str] = frozenset(),
) -> Resolver:
    """A resolver over a report's values and facts; None means the figure is missing."""

    def resolve(p: Placeholder) -> str | None:
        if p.is_fact:
            return facts.get(p.code)
        value = values.get(p.code)
        if value is None:
            return None
        return format_value(value, p.format, money=p.code in money_codes)

    return resolve


def runs(
    text: str, resolve: Resolver, *, final: bool = False, keep_placeholders: bool = False
) -> list[Run]:
    """Split prose into formatted runs with figures filled in.

    final=True raises MissingValue on the first figure without a value (a final
    document must not show a gap); otherwise the gap is marked visibly.
    keep_placeholders=True gives every placeholder a run of its own that keeps its
    Placeholder (a missing one with empty text), so an editor can show it as a field."""
    out: list[Run] = []
    bold = italic = False
    pos = 0
    for m in _tokens_balanced(text):
        if m.start() > pos:
            out.append(Run(text[pos : m.start()], bold, italic))
        token = m.group(0)
        if token == "**":
            bold = not bold
        elif token == "*":
            italic = not italic
        elif m.group(3):
            out.append(Run("", bold, italic, footnote=m.group(3)))
        else:
            p = Placeholder(m.group(1), m.group(2) or "", m.start(), m.end())
            shown = resolve(p)
            if keep_placeholders:
                out.append(Run(shown or "", bold, italic, missing=shown is None, placeholder=p))
            elif shown is None:
                if final:
                    raise MissingValue(p.code)
                out.append(Run(f"[chưa có số liệu: {p.code}]", bold, italic, missing=True))
            else:
                out.append(Run(shown, bold, italic))
        pos = m.end()
    if pos < len(text):
        out.append(Run(text[pos:], bold, italic))
    return _merge(out)


def plain(
    text: str,
    resolve: Resolver,
    *,
    final: bool = False,
    footnote_mark: Callable[[str], str] | None = None,
) -> str:
    """The text as a reader sees it, without emphasis; footnote markers dropped
    unless footnote_mark gives their visible form."""
    parts = []
    for run in runs(text, resolve, final=final):
        if run.footnote is not None:
            parts.append(footnote_mark(run.footnote) if footnote_mark else "")
        else:
            parts.append(run.text)
    return "".join(parts)


def _tokens_balanced(text: str) -> list[re.Match]:
    """Tokens, with emphasis markers that have no partner left as literal text."""
    tokens = list(_TOKEN.finditer(text))
    for marker in ("**", "*"):
        indexes = [i for i, m in enumerate(tokens) if m.group(0) == marker]
        if len(indexes) % 2:
            tokens.pop(indexes[-1])
    return tokens


def _merge(items: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in items:
        if run.footnote is None and not run.text and run.placeholder is None:
            continue
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.footnote is None
            and run.footnote is None
            and not last.missing
            and not run.missing
            and last.placeholder is None
            and run.placeholder is None
            and (last.bold, last.italic) == (run.bold, run.italic)
        ):
            merged[-1] = Run(last.text + run.text, last.bold, last.italic)
        else:
            merged.append(run)
    return merged
