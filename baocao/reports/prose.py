"""The prose syntax of report blocks (docs/placeholders.md): figures as
`{{code|format}}`, report facts as `{{unit}}`, footnotes as `[^key]`, and
`**bold**` / `*italic*` / `__underline__`. The one parser every reader and writer of
prose uses; it reads a text in one pass (linear time, whatever the input)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from baocao import vn
from baocao.vn.format import format_change

PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)\s*(?:\|\s*([a-z]+)\s*)?\}\}")
FOOTNOTE = re.compile(r"\[\^([^\]\s]{1,20})\]")
FORMATS = ("", "pad", "ty", "words", "change")  # change: "giảm 20" (issue 17)
FACTS = ("unit", "unit.name", "period", "period.year", "next_period", "next_period.year")
_TOKEN = re.compile(f"{PLACEHOLDER.pattern}|{FOOTNOTE.pattern}|\\*\\*|\\*|__")
MARKS = ("**", "*", "__")


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
    underline: bool = False


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
        return vn.format_words(value)
    if fmt == "change":
        return format_change(value)
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
    state = dict.fromkeys(MARKS, False)
    pos = 0

    def run(text: str, **kw) -> Run:
        return Run(text, state["**"], state["*"], underline=state["__"], **kw)

    for m in _tokens_balanced(text):
        if m.start() > pos:
            out.append(run(text[pos : m.start()]))
        token = m.group(0)
        if token in state:
            state[token] = not state[token]
        elif m.group(3):
            out.append(run("", footnote=m.group(3)))
        else:
            p = Placeholder(m.group(1), m.group(2) or "", m.start(), m.end())
            shown = resolve(p)
            if keep_placeholders:
                out.append(run(shown or "", missing=shown is None, placeholder=p))
            elif shown is None:
                if final:
                    raise MissingValue(p.code)
                out.append(run(f"[chưa có số liệu: {p.code}]", missing=True))
            else:
                out.append(run(shown))
        pos = m.end()
    if pos < len(text):
        out.append(run(text[pos:]))
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
    """Tokens, with emphasis markers that have no partner, or enclose nothing ("____"
    of a form to fill in), left as literal text. One pass over the tokens: markers of
    a kind pair in order, first with second, third with fourth."""
    tokens = list(_TOKEN.finditer(text))
    literal: set[int] = set()
    open_at: dict[str, int] = {}
    for i, m in enumerate(tokens):
        marker = m.group(0)
        if marker not in MARKS:
            continue
        if marker not in open_at:
            open_at[marker] = i
            continue
        start = open_at.pop(marker)
        if tokens[start].end() == m.start():
            literal.update((start, i))
    literal.update(open_at.values())
    return [m for i, m in enumerate(tokens) if i not in literal]


# C0 control characters (but tab and newline) and DEL: pasted or imported from old files,
# invisible, and refused by the XML of a DOCX. Dropped from what is shown.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(text: str) -> str:
    return _CONTROL.sub("", text)


def _merge(items: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in items:
        if _CONTROL.search(run.text):
            run = replace(run, text=_CONTROL.sub("", run.text))
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
            and (last.bold, last.italic, last.underline) == (run.bold, run.italic, run.underline)
        ):
            merged[-1] = Run(last.text + run.text, last.bold, last.italic, underline=last.underline)
        else:
            merged.append(run)
    return merged
