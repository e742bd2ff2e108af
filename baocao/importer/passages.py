"""Where a figure stands: its sentence, its clause, the words before and after it,
and the topic its passage is about. facts.py reads a figure through these.

Clauses are cut the way officials punctuate lists of figures: "Tổng số hồ sơ
tiếp nhận :1.527 hồ sơ trong đó: tiếp nhận trực tuyến 1.356 hồ sơ; trực tiếp 159,
kỳ trước chuyển qua 12 hồ sơ". The words before a figure run back to the figure
before it, a ";", a bracket, a breakdown word ("trong đó", "gồm") after an
earlier figure, or a colon that is not the figure's own label ("Chi đầu tư: 6 tỷ").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from baocao.importer.lexicon import Lexicon, Phrases

# A sentence ends at . ! ? before a capital, a digit, a bullet or a quote, and at a line end.
# Linear: a run of marks is tried once, from its start, and the spaces after it are
# not given back ("." * 20000 + " " * 20000 took two minutes before).
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]++(?=\s++(\S))|\n")
# A table row reads "Hồ sơ tiếp nhận | hồ sơ | 1.527": cells do not cut a label off its figure.
_BEFORE_STOPS = re.compile(r"[;()]|\s[-–]\s|:")
_AFTER_STOPS = re.compile(r"[;()|.:]|\s[-–]\s")
_OWN_STOPS = re.compile(r"[;()|,.:]|\s[-–]\s")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def sentences_of(text: str, start: int, end: int) -> list[Span]:
    """The sentences of text[start:end], a paragraph."""
    spans: list[Span] = []
    at = start
    for m in _SENTENCE_END.finditer(text, start, end):
        following = m.group(1)
        if following is not None and not (
            following.isupper() or following.isdigit() or following in '-+•(“"'
        ):
            continue
        if m.end() - at > 1:
            spans.append(Span(at, m.end()))
        at = m.end()
    if end > at:
        spans.append(Span(at, end))
    return [s for s in spans if text[s.start : s.end].strip()]


def before_start(
    key: str, lo: int, number_start: int, breakdown: Phrases, after_number: bool
) -> int:
    """Where the words before a figure begin (see the module docstring)."""
    start = lo
    for m in _BEFORE_STOPS.finditer(key, lo, number_start):
        if m.group() == ":" and not key[m.end() : number_start].strip():
            continue  # "Chi đầu tư: 6 tỷ": the figure's own label
        start = m.end()
    if after_number:
        for m in breakdown.find_all(key, start, number_start):
            start = max(start, m.end())
    return start


def after_end(key: str, number_end: int, next_start: int, hi: int, breakdown: Phrases) -> int:
    """Where the words read with a figure end: the next stop, breakdown word or figure.
    A comma does not end them ("39 trường hợp thay đổi, cải chính hộ tịch;"), but a
    phrase must start before the first comma to be the figure's (`own_stop`)."""
    end = min(hi, next_start, number_end + LIMIT)
    m = _AFTER_STOPS.search(key, number_end, end)
    if m:
        end = m.start()
    b = breakdown.search(key, number_end, end)
    return b.start() if b else end


def own_stop(key: str, number_end: int, end: int) -> int | None:
    """The first comma or stop after a figure, before `end`: the words after it belong
    to the next figure ("03 hồ sơ, đề nghị cấp phép xây dựng mới là 10 hồ sơ")."""
    m = _OWN_STOPS.search(key, number_end, end)
    return m.start() if m else None


def owned_end(key: str, number_end: int, next_start: int, unit_end: int | None) -> int:
    """Where the next figure's words may start: after this one's first stop or comma
    ("21 TTHC chưa cung cấp DVC toàn trình, 137 TTHC ..."), else after its unit."""
    stop = own_stop(key, number_end, next_start)
    if stop is not None:
        return stop
    return unit_end if unit_end is not None else number_end


LIMIT = 100


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    topic: str


NEAR_CUES = 40


class TopicFinder:
    """Cue words of every topic, found once over the whole text."""

    def __init__(self, key: str, lexicon: Lexicon):
        self.lexicon = lexicon
        found: list[Cue] = []
        for topic in lexicon.topics.values():
            found.extend(Cue(m.start(), m.end(), topic.name) for m in topic.cues.find_all(key))
        self.cues = sorted(found, key=lambda c: c.start)
        self._starts = [c.start for c in self.cues]
        self.key = key
        self._titles: dict[str, list[Cue]] = {}

    def in_span(self, start: int, end: int) -> list[Cue]:
        i = bisect_left(self._starts, start)
        out = []
        while i < len(self.cues) and self.cues[i].start < end:
            if self.cues[i].end <= end:
                out.append(self.cues[i])
            i += 1
        return out

    def near(self, start: int, end: int, at: int) -> list[Cue]:
        """The cues of a span nearest `at`, at most NEAR_CUES on each side: a sentence
        of thousands of cues is not ranked again for each of its figures (quadratic);
        a real sentence names far fewer."""
        i = bisect_left(self._starts, at)
        lo = max(bisect_left(self._starts, start), i - NEAR_CUES)
        hi = min(bisect_left(self._starts, end), i + NEAR_CUES)
        return [c for c in self.cues[lo:hi] if c.end <= end]

    def ranked(self, cues: list[Cue], at: int) -> list[str]:
        """Topics named in one place, best first: specific ones before general ones
        ("thủ tục hành chính trong lĩnh vực hộ tịch" is hộ tịch), nearest first."""

        def rank(c: Cue) -> tuple[bool, int]:
            distance = min(abs(c.start - at), abs(c.end - at))
            return self.lexicon.topics[c.topic].general, distance

        out: list[str] = []
        for cue in sorted(cues, key=rank):
            if cue.topic not in out:
                out.append(cue.topic)
        return out

    def _general(self, topic: str) -> bool:
        return self.lexicon.topics[topic].general

    def topics(self, spans: list[Span], at: int, titles: list[str]) -> list[str]:
        """The topics named around a figure, nearest first: in its clause, sentence,
        paragraph, footnote anchor, then the section titles from the innermost."""
        out: list[str] = []
        scopes = [self.ranked(self.near(s.start, s.end, at), at) for s in spans]
        scopes += [self.ranked(self._title_cues(title), len(title)) for title in titles]
        for i, ranked in enumerate(scopes):
            if ranked and i + 1 < len(scopes) and all(self._general(t) for t in ranked):
                # "Về quản lý cư trú: Tiếp nhận 239 hồ sơ qua dịch vụ công": a general
                # topic in the clause gives way to a specific one in the sentence.
                ranked = [t for t in scopes[i + 1] if not self._general(t)] + ranked
            out.extend(t for t in ranked if t not in out)
        return out

    def _title_cues(self, title: str) -> list[Cue]:
        # Asked for every figure under a heading: each heading is searched once.
        cues = self._titles.get(title)
        if cues is None:
            cues = self._titles[title] = [
                Cue(m.start(), m.end(), t.name)
                for t in self.lexicon.topics.values()
                for m in t.cues.find_all(title)
            ]
        return cues


def counter_after(key: str, at: int, counters: tuple[str, ...]) -> tuple[str, int] | None:
    """The counting word right after a figure ("hồ sơ", "hộ", "tạ/ha") and where it ends."""
    i = at
    while i < len(key) and key[i] in " \u00a0":
        i += 1
    for word in counters:  # longest first
        if key.startswith(word, i):
            end = i + len(word)
            if end >= len(key) or not (key[end].isalnum() or key[end] == "_"):
                return word, end
    return None
