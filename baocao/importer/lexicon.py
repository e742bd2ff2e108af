"""The lexicon: how reports write each indicator, as data (baocao/data/lexicon.yaml).

This module only loads and checks that file and gives the matching helpers;
the reading of a report is facts.py. Phrases are compiled to regular expressions
over "key text" (`key_text`): the report's text folded the way vn.fold folds it,
but with the same length, so that a match's offsets are offsets into the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from baocao.cache import kept
from baocao.vn import text as text_module
from baocao.vn.text import unify_tone_placement

DATA = Path(__file__).resolve().parent.parent / "data"
ANY = "any"


def key_text(text: str) -> str:
    """Lower case, "Ð" as "đ", one tone placement, each space as " ": same length as
    `text` (NFC), so offsets carry over."""
    key = unify_tone_placement(text.lower().replace("\u00f0", "\u0111"))
    if len(key) != len(text):  # a character whose lower case is longer: fold it alone
        key = "".join(c.lower()[:1] or c for c in text)
    return re.sub(r"\s", " ", key)


def phrase_key(phrase: str) -> str:
    return " ".join(key_text(phrase).split())


# Short forms reports use for a word of the lexicon: "4.561 HS", "57.689 bộ hồ sơ".
ALIASES = {"hồ sơ": ("hs", "bộ hồ sơ", "bộ")}


def _with_aliases(phrases) -> list[str]:
    out = list(phrases)
    for phrase in phrases:
        key = phrase_key(phrase)
        for word, short in ALIASES.items():
            if re.search(rf"(?<!\w){word}(?!\w)", key):
                out += [re.sub(rf"(?<!\w){word}(?!\w)", s, key) for s in short[:1]]
                if key == word:
                    out += list(short[1:])
    return out


class Phrases:
    """A set of phrases, matched at word boundaries, longest first."""

    def __init__(self, phrases: list[str] | tuple[str, ...]):
        phrases = _with_aliases(phrases)
        self.phrases = tuple(sorted({phrase_key(p) for p in phrases}, key=len, reverse=True))

    @cached_property
    def regex(self) -> re.Pattern[str] | None:
        # Compiled when first used: a report needs a third of the lexicon's 1,200 sets,
        # and compiling them all was a tenth of `baocao extract`'s start-up.
        body = "|".join(r"\s+".join(map(re.escape, p.split(" "))) for p in self.phrases)
        return re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])") if self.phrases else None

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def find_all(self, key: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
        if self.regex is None:
            return []
        return list(self.regex.finditer(key, start, len(key) if end is None else end))

    def search(self, key: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        if self.regex is None:
            return None
        return self.regex.search(key, start, len(key) if end is None else end)


@dataclass(frozen=True)
class Pattern:
    before: Phrases
    after: Phrases
    near: Phrases
    all: tuple[Phrases, ...]
    unit: tuple[str, ...]
    context: Phrases
    after_fact: tuple[str, ...]
    also: tuple[str, ...]
    without: Phrases  # none of these in the figure's paragraph


@dataclass(frozen=True)
class Entry:
    code: str
    topic: str
    kind: str  # "count", "money" or "percent", from the catalog unit
    unit: str  # the catalog unit, as facts report it
    units: tuple[str, ...]
    patterns: tuple[Pattern, ...]
    none: Phrases
    # other things measured the same way ("ngô" for rice): the nearest named before
    # the figure, or one right after it, must not be a rival (`own` names the thing)
    rivals: Phrases
    own: Phrases
    scale: tuple[tuple[str, int], ...]  # a counting word -> factor to the catalog unit
    not_context: Phrases
    denominator: str | None
    sign: tuple[tuple[str, int], ...]
    zero: Phrases
    parent: str | None  # the total this code is a part of (catalog `parts`)

    def accepts(self, number_kind: str) -> bool:
        if self.kind == "percent":
            return number_kind == "percent"
        if self.kind == "money":
            return number_kind == "money"
        return number_kind in ("count", "decimal", "ratio")


@dataclass(frozen=True)
class Topic:
    name: str
    cues: Phrases
    general: bool


@dataclass(frozen=True)
class Lexicon:
    topics: dict[str, Topic]
    entries: dict[str, Entry]
    counters: tuple[str, ...]  # longest first
    blockers: Phrases
    breakdown: Phrases
    plan_sections: tuple[str, ...]
    negations: Phrases
    unit_topics: dict[str, str]  # the topic of a counting word when the text names none
    subsets: Phrases  # a paragraph opened by these gives a part of the whole's figures
    comparisons: Phrases  # after a figure: it is compared with another period
    earlier: Phrases  # right before a figure: it is the earlier value ("tăng từ")
    changes: Phrases  # right before a figure: it is a change ("giảm 46 lượt")
    # total -> a list of two or more of its kinds ("khiếu nại, tố cáo, kiến nghị")
    kind_lists: dict[str, KindList]
    targets: Phrases  # before a figure in its sentence: a target, not a result

    def ancestors(self, code: str) -> list[str]:
        out: list[str] = []
        parent = self.entries[code].parent if code in self.entries else None
        while parent and parent not in out:
            out.append(parent)
            parent = self.entries[parent].parent if parent in self.entries else None
        return out

    def for_topic(self, topic: str | None) -> list[Entry]:
        return [e for e in self.entries.values() if e.topic in (topic, ANY)]


class LexiconError(ValueError):
    """lexicon.yaml does not fit the catalog; raised at load, for the developer."""


def _kind(unit: str) -> str:
    return {"%": "percent", "đồng": "money"}.get(unit, "count")


@cache
def load_catalog(path: Path = DATA / "indicators.yaml") -> dict[str, dict]:
    """indicators.yaml, flattened: code -> {name, unit, kind, parts, ...}."""
    import yaml  # not at start-up: the lexicon is kept read (load_lexicon)

    groups = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return {code: spec for group in groups.values() for code, spec in group.items()}


@cache
def load_lexicon(path: Path = DATA / "lexicon.yaml") -> Lexicon:
    """The lexicon, kept under var/cache/ (read in 3 ms instead of 45: a tenth of
    `baocao extract`), made again when its files or the code that reads them change."""
    sources = (path, DATA / "indicators.yaml", Path(__file__), Path(text_module.__file__))
    return kept("lexicon", sources, lambda: read_lexicon(path))


def read_lexicon(path: Path = DATA / "lexicon.yaml") -> Lexicon:
    import yaml

    # libyaml's loader: ~10× faster than the pure-Python one, a tenth of a CLI's start.
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    catalog = load_catalog()
    parents = {part: code for code, spec in catalog.items() for part in spec.get("parts", [])}
    topics = {
        name: Topic(name, Phrases(spec["cues"]), bool(spec.get("general")))
        for name, spec in data["topics"].items()
    }
    entries: dict[str, Entry] = {}
    for code, spec in data["indicators"].items():
        if code not in catalog:
            raise LexiconError(f"lexicon.yaml: {code} is not in indicators.yaml")
        if spec["topic"] not in topics and spec["topic"] != ANY:
            raise LexiconError(f"lexicon.yaml: {code}: unknown topic {spec['topic']}")
        unit = catalog[code]["unit"]
        entries[code] = Entry(
            code=code,
            topic=spec["topic"],
            kind=_kind(unit),
            unit=unit,
            units=tuple(phrase_key(u) for u in _with_aliases(spec.get("units", [unit]))),
            patterns=tuple(_pattern(code, p) for p in spec["patterns"]),
            none=Phrases(spec.get("none", [])),
            rivals=Phrases(spec.get("rivals", [])),
            own=Phrases(spec.get("own", [])),
            scale=tuple((phrase_key(u), int(x)) for u, x in spec.get("scale", {}).items()),
            not_context=Phrases(spec.get("not_context", [])),
            denominator=spec.get("denominator"),
            sign=tuple((phrase_key(w), int(s)) for w, s in spec.get("sign", {}).items()),
            zero=Phrases(spec.get("zero", [])),
            parent=parents.get(code),
        )
    missing = set(catalog) - set(entries)
    if missing:
        raise LexiconError(f"lexicon.yaml has no entry for {sorted(missing)}")
    for entry in entries.values():
        for other in (
            entry.denominator,
            *(c for p in entry.patterns for c in p.after_fact + p.also),
        ):
            if other is not None and other not in entries:
                raise LexiconError(f"lexicon.yaml: {entry.code} refers to unknown {other}")
    return Lexicon(
        topics=topics,
        entries=entries,
        counters=tuple(
            sorted({phrase_key(c) for c in _with_aliases(data["counters"])}, key=len, reverse=True)
        ),
        blockers=Phrases(data["blockers"]),
        breakdown=Phrases(data["breakdown"]),
        plan_sections=tuple(phrase_key(p) for p in data["plan_sections"]),
        negations=Phrases(data["negations"]),
        subsets=Phrases(data.get("subsets", [])),
        comparisons=Phrases(data.get("comparisons", [])),
        earlier=Phrases(data.get("earlier", [])),
        changes=Phrases(data.get("changes", [])),
        kind_lists={code: KindList(groups) for code, groups in data.get("kinds", {}).items()},
        targets=Phrases(data.get("targets", [])),
        unit_topics={
            phrase_key(alias): topic
            for unit, topic in data.get("unit_topics", {}).items()
            for alias in _with_aliases([unit])
        },
    )


class KindList:
    """Words of the kinds of a total, one group a kind ([kiến nghị, phản ánh] are one
    kind of petition); a list names the total when it joins words of two kinds."""

    def __init__(self, groups: list[list[str]]):
        self.group_of = {phrase_key(w): i for i, group in enumerate(groups) for w in group}
        words = sorted(self.group_of, key=len, reverse=True)
        one = "|".join(r"\s+".join(map(re.escape, w.split(" "))) for w in words)
        # Linear: literal alternatives, possessive separators (a comma, "và", "hoặc",
        # "/", "-" or spaces only).
        sep = r"[ \t]*+(?:,|và|hoặc|/|-)?[ \t]*+"
        self.word = re.compile(rf"(?<![^\W_])(?:{one})(?![^\W_])")
        self.run = re.compile(rf"(?<![^\W_])(?:{one})(?:{sep}(?:{one}))+(?![^\W_])")

    def search(self, key: str, start: int, end: int) -> bool:
        for m in self.run.finditer(key, start, end):
            kinds = {
                self.group_of[" ".join(w.group().split())]
                for w in self.word.finditer(key, m.start(), m.end())
            }
            if len(kinds) > 1:
                return True
        return False


_PATTERN_KEYS = {
    "before", "after", "near", "all", "unit", "context", "after_fact", "also", "without"
}  # fmt: skip


def _pattern(code: str, spec: dict) -> Pattern:
    unknown = set(spec) - _PATTERN_KEYS
    if unknown:
        raise LexiconError(f"lexicon.yaml: {code}: unknown pattern keys {sorted(unknown)}")
    return Pattern(
        before=Phrases(spec.get("before", [])),
        after=Phrases(spec.get("after", [])),
        near=Phrases(spec.get("near", [])),
        all=tuple(Phrases(group) for group in spec.get("all", [])),
        unit=tuple(phrase_key(u) for u in _with_aliases(spec.get("unit", []))),
        context=Phrases(spec.get("context", [])),
        after_fact=tuple(spec.get("after_fact", [])),
        also=tuple(spec.get("also", [])),
        without=Phrases(spec.get("without", [])),
    )
