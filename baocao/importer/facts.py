"""Figures to facts: each number found by vn.find_numbers is given a catalog code
when the lexicon (lexicon.yaml) recognises how it is written, else left unmapped.

For each figure: the topic of its passage (passages.TopicFinder) narrows the
candidate indicators; each candidate's patterns are scored on the words around
the figure; the best wins if no other code scores the same. Breakdowns are
followed: after "1.527 hồ sơ, trong đó: ..." or "(...)", or in a footnote hung on
a total, a code that is a part of that total is preferred, and a part of another
total is refused ("7 hồ sơ đính chính" under files resolved is not a part of files
received). Figures in the next period's tasks are targets, not results: skipped.
One value per code: when a code is found twice, the better-scored one stays.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal

from baocao.importer.figures import find_figures
from baocao.importer.lexicon import Entry, Lexicon, Pattern, key_text, load_lexicon
from baocao.importer.outline import Outline
from baocao.importer.passages import (
    Span,
    TopicFinder,
    after_end,
    before_start,
    counter_after,
    own_stop,
    owned_end,
    sentences_of,
)
from baocao.importer.source import SourceText
from baocao.vn import NumberMatch

_UNIT_CELL = re.compile(r"\|\s*([^|\d]{1,15}?)\s*\|\s*\Z")
PARENT_BONUS = 20
AFTER_FACT_BONUS = 10
UNIT_BONUS = 4
FALLBACK = 1500  # characters before a paragraph where its topic may have been named
HEADLINE = 400
CLEARLY_BETTER = (
    2  # score points (1 = 8 characters nearer): a later statement must beat the first clearly
)
SUBSET_PENALTY = 50
COMMA_PENALTY = 4
PERIOD_UNITS = ("tháng", "năm", "ngày", "tuần")  # "9 tháng", "6 tháng đầu năm"
OPENING = 300  # targets and sub-levels are named where a sentence or paragraph opens


@dataclass(frozen=True)
class Fact:
    code: str
    value: Decimal
    unit: str
    quote: str
    start: int  # the quote's span in the text
    end: int
    number_start: int = field(default=0, compare=False)  # the figure's own span
    number_end: int = field(default=0, compare=False)
    score: float = field(default=0.0, compare=False)
    confidence: float | None = field(default=None, compare=False)  # OCR: 0-100; None: typed text

    def as_json(self) -> dict:
        out = {
            "code": self.code,
            "value": json_number(self.value),
            "unit": self.unit,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
        }
        if self.confidence is not None:
            out["ocr_confidence"] = round(self.confidence, 1)
        return out


def json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class _Figure:
    """A number in its sentence, with the windows the patterns look at."""

    n: NumberMatch
    sentence: Span
    paragraph: Span
    before: int  # start of the words before it
    after: int  # end of the words after it
    own: int  # a phrase after it must start before this (its first comma or stop)
    clause: Span  # uncut: from the figure before to the figure after (for the topic)
    unit: tuple[str, int] | None  # the counting word after it and where that ends
    kind: str  # the number's kind, or "percent"/"money" from a unit cell of its table row


@dataclass
class _Match:
    entry: Entry
    pattern: Pattern
    score: float
    start: int  # quote span
    end: int


@dataclass
class _Context:
    """What a sentence carries from one figure to the next."""

    anchor: list[Span]  # for a footnote: the sentence and paragraph it hangs on
    titles: list[str]
    stack: list[tuple[str | None, str | None]]  # breakdowns: (total's code, closing mark)
    facts: list[Fact] = field(default_factory=list)


def extract_facts(
    source: SourceText,
    outline: Outline,
    *,
    numbers: list[NumberMatch] | None = None,
    lexicon: Lexicon | None = None,
) -> list[Fact]:
    return _Reader(source, outline, numbers, lexicon or load_lexicon()).read()


class _Reader:
    def __init__(self, source, outline, numbers, lexicon: Lexicon):
        self.source = source
        self.outline = outline
        self.lexicon = lexicon
        self.text = source.text
        self.key = _short_brackets_open(key_text(source.text))
        self.numbers = find_figures(source.text) if numbers is None else numbers
        self._starts = [n.start for n in self.numbers]
        self.topics = TopicFinder(self.key, lexicon)
        self.facts: list[Fact] = []
        self._found: dict[tuple[int, int, int], bool] = {}

    # -- the walk over paragraphs and sentences --------------------------------------

    def read(self) -> list[Fact]:
        paragraphs = list(enumerate(self.source.paragraphs))
        for index, p in [*[x for x in paragraphs if x[1].note is None],
                         *[x for x in paragraphs if x[1].note is not None]]:  # fmt: skip
            path = self.outline.path_of(index)
            if path and path[0].title and self._is_plan(path[0].title):
                continue
            titles = [key_text(s.title) for s in reversed(path)]
            anchor, stack = self._note_context(p.note)
            span = Span(p.start, p.end)
            for sentence in sentences_of(self.text, p.start, p.end):
                context = _Context(anchor, titles, list(stack))
                self._sentence(sentence, span, context)
        return _one_per_code(self.facts)

    def _is_plan(self, title: str) -> bool:
        return any(key_text(title).startswith(word) for word in self.lexicon.plan_sections)

    def _in(self, phrases, start: int, end: int) -> bool:
        """Whether a phrase occurs in a sentence or paragraph, searched once per span:
        a paragraph of thousands of figures is not searched again for each of them."""
        key = (id(phrases), start, end)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = phrases.search(self.key, start, end) is not None
        return found

    def _note_context(self, key: str | None) -> tuple[list[Span], list[tuple[str | None, None]]]:
        """A footnote reads in the light of the sentence its mark follows, and breaks
        down the total stated just before the mark (the nearest that has parts)."""
        note = next((n for n in self.source.footnotes if n.key == key), None)
        if note is None or note.anchor is None:
            return [], []
        p = self.source.paragraphs[self.source.paragraph_index(note.anchor)]
        sentence = next(
            (s for s in sentences_of(self.text, p.start, p.end) if s.start <= note.anchor <= s.end),
            Span(p.start, p.end),
        )
        anchor = [sentence, Span(p.start, p.end)]
        before = [n for n in self._numbers_in(sentence.start, note.anchor)]
        if not before:
            return anchor, []
        facts = [f for f in self.facts if sentence.start <= f.number_start < note.anchor]
        totals = [f for f in facts if self._has_parts(f.code)]
        chosen = (totals or facts or [None])[-1]
        return anchor, [(chosen.code if chosen else None, None)]

    def _has_parts(self, code: str) -> bool:
        return any(e.parent == code for e in self.lexicon.entries.values())

    def _numbers_in(self, start: int, end: int) -> list[NumberMatch]:
        i = bisect_left(self._starts, start)
        out = []
        while i < len(self.numbers) and self.numbers[i].start < end:
            out.append(self.numbers[i])
            i += 1
        return out

    def _sentence(self, sentence: Span, paragraph: Span, context: _Context) -> None:
        numbers = self._numbers_in(sentence.start, sentence.end)
        previous_end = owned = sentence.start
        for i, n in enumerate(numbers):
            gap = self.key[previous_end : n.start]
            for _ in range(gap.count(")")):
                _close(context.stack)
            if ";" in gap and context.stack and context.stack[-1][1] is None:
                self._close_list(context, gap.rindex(";") + previous_end, n.start)
            next_start = numbers[i + 1].start if i + 1 < len(numbers) else sentence.end
            figure = self._figure(n, sentence, paragraph, owned, next_start, i > 0)
            stated = len(context.facts)
            self._map(figure, context)
            self._open(n, next_start, context)
            previous_end = n.end
            if figure.unit and figure.unit[0] in PERIOD_UNITS and len(context.facts) == stated:
                continue  # "Thu ngân sách 9 tháng ước đạt 4,82 tỷ": a span of time, not a figure
            owned = owned_end(self.key, n.end, next_start, figure.unit[1] if figure.unit else None)
        self._zeros(sentence, paragraph, context)

    def _figure(self, n, sentence, paragraph, owned, next_start, after_number) -> _Figure:
        breakdown = self.lexicon.breakdown
        before = before_start(self.key, owned, n.start, breakdown, after_number)
        after = after_end(self.key, n.end, next_start, sentence.end, breakdown)
        own = own_stop(self.key, n.end, after)
        return _Figure(
            n=n,
            sentence=sentence,
            paragraph=paragraph,
            before=before,
            after=after,
            own=after if own is None else own,
            clause=Span(before, after),
            unit=counter_after(self.key, n.end, self.lexicon.counters) or self._unit_cell(n),
            kind=self._kind(n),
        )

    def _close_list(self, context: _Context, semicolon: int, number_start: int) -> None:
        """After a ";", an item that names another total of the same topic ends the
        list: "trong đó trực tuyến 590 hồ sơ; đã giải quyết 615 hồ sơ"."""
        top = context.stack[-1][0]
        if top is None or top not in self.lexicon.entries:
            return
        topic = self.lexicon.entries[top].topic
        for entry in self.lexicon.entries.values():
            if (
                entry.topic != topic
                or entry.code == top
                or top in self.lexicon.ancestors(entry.code)
            ):
                continue
            if not self._has_parts(entry.code):
                continue
            if any(p.before.search(self.key, semicolon, number_start) for p in entry.patterns):
                while context.stack and context.stack[-1][1] is None:
                    context.stack.pop()
                return

    def _unit_cell(self, n: NumberMatch) -> tuple[str, int] | None:
        """In a table row "Hồ sơ tiếp nhận | hồ sơ | 1.527" the unit is the cell before."""
        m = _UNIT_CELL.search(self.key, max(0, n.start - 30), n.start)
        if m and m.group(1) in self.lexicon.counters:
            return m.group(1), n.end
        return None

    def _kind(self, n: NumberMatch) -> str:
        m = _UNIT_CELL.search(self.key, max(0, n.start - 30), n.start)
        if n.kind in ("count", "decimal") and m:
            return {"%": "percent", "đồng": "money", "đ": "money"}.get(m.group(1), n.kind)
        return n.kind

    def _open(self, n: NumberMatch, next_start: int, context: _Context) -> None:
        """A bracket or a breakdown word after a figure opens its breakdown."""
        gap = self.key[n.end : next_start]
        code = (
            context.facts[-1].code
            if context.facts and context.facts[-1].number_start == n.start
            else None
        )
        if gap.count("(") > gap.count(")"):
            context.stack.append((code, ")"))
        elif self.lexicon.breakdown.search(gap):
            context.stack.append((code, None))

    # -- one figure --------------------------------------------------------------------

    def _map(self, f: _Figure, context: _Context) -> None:
        opening = min(f.n.start, f.sentence.start + OPENING)
        if self.lexicon.targets.search(self.key, f.sentence.start, opening) or _YEAR_TARGET.search(
            self.key, f.sentence.start, opening
        ):
            return  # "phấn đấu thu ngân sách đạt 40,6 tỷ đồng": a target
        # A topic named in a later sentence of the paragraph does not set this one's
        # ("... toàn bộ là của Văn phòng Đăng ký đất đai" after the centre's totals).
        spans = [f.clause, f.sentence, Span(f.paragraph.start, f.sentence.end), *context.anchor]
        matches: list[_Match] = []
        for topic in self._topics(spans, f, context):
            matches = [
                m for e in self.lexicon.for_topic(topic) if (m := self._score(e, f, context))
            ]
            if matches:
                break
        if not matches:
            return
        matches.sort(key=lambda m: m.score, reverse=True)
        best = matches[0]
        if (
            len(matches) > 1
            and matches[1].score == best.score
            and matches[1].entry.code != best.entry.code
        ):
            return  # two readings as good as each other: left to the reviewer
        self._add(best, f, context)

    def _topics(self, spans: list[Span], f: _Figure, context: _Context) -> list[str]:
        """The topics named around the figure, then, for a press write-up whose
        paragraphs do not repeat the topic ("Trung tâm tiếp nhận 13.188 hồ sơ"), the
        topic named last in the paragraphs before, and the one in the headline."""
        topics = self.topics.topics(spans, f.n.start, context.titles)
        if topics:
            return topics
        total = context.stack[-1][0] if context.stack else None
        if total in self.lexicon.entries:  # "..., trong đó: trước hạn: 900": the total's topic
            return [self.lexicon.entries[total].topic]
        before = self.topics.in_span(max(0, f.paragraph.start - FALLBACK), f.paragraph.start)
        headline = self.topics.in_span(0, min(len(self.key), HEADLINE))
        for cue in [*reversed(before), *headline]:
            if cue.topic not in topics:
                topics.append(cue.topic)
        if not topics and f.unit is not None:  # "đã tiếp nhận 659.245 hồ sơ", no field named
            topics += [t for t in [self.lexicon.unit_topics.get(f.unit[0])] if t]
        if not topics:  # "Tổng số hồ sơ đã giải quyết: 1.200": the counting word in the label
            label = self.key[f.before : f.n.start].split()
            topics += [
                t for w, t in self.lexicon.unit_topics.items() if _has_words(label, w.split())
            ][:1]
        return topics

    def _score(self, entry: Entry, f: _Figure, context: _Context) -> _Match | None:
        n = f.n
        if not entry.accepts(f.kind):
            return None
        if entry.kind == "count" and f.unit is not None and f.unit[0] not in entry.units:
            return None
        # The words that void a reading are those of the figure's own comma-clause:
        # "rà soát hộ nghèo, hộ cận nghèo ..., toàn tỉnh còn 9.604 hộ nghèo".
        own_start = max(f.before, self.key.rfind(",", f.before, n.start) + 1)
        listed = self._kinds_listed(entry, f)
        if listed == "part":
            return None  # "tiếp nhận 25 đơn khiếu nại, tố cáo, kiến nghị": all kinds, not one
        if listed != "total" and (
            entry.none.search(self.key, own_start, n.start)
            or entry.none.search(self.key, n.end, f.own)
        ):
            return None
        if self._in(entry.not_context, f.sentence.start, f.sentence.end):
            return None
        if entry.rivals and self._rival(entry, f):
            return None
        if not entry.sign and self._comparison(f):
            return None
        bonus = 0.0
        if context.stack:
            total = context.stack[-1][0]
            if total == entry.code:
                return None  # "thu 449,5 tỷ (trong đó thu ngân sách nhà nước 17,3 tỷ)": a part
            ancestors = self.lexicon.ancestors(entry.code)
            if (
                entry.parent is not None
                and total not in ancestors
                and (total is None or not self._names_own_total(entry, f, own_start))
            ):
                return None  # a part of another total
            if total is not None and total in ancestors:
                bonus += PARENT_BONUS
        if f.unit is not None and f.unit[0] in entry.units:
            bonus += UNIT_BONUS
        best: _Match | None = None
        for pattern in entry.patterns:
            m = self._pattern(entry, pattern, f, context)
            if m is not None and (best is None or m.score > best.score):
                best = m
        if best is None:
            return None
        best.score += bonus
        return best

    def _rival(self, entry: Entry, f: _Figure) -> bool:
        """Maize, cassava or pigs measured in tạ/ha, tấn or ha are not rice or the
        winter crop: "cây ngô năng suất 48 tạ/ha", "vụ đông trồng 85 ha ngô". The
        thing named last before the figure in its sentence decides; a rival right
        after the figure's unit takes it too."""
        key, n = self.key, f.n
        after_from = f.unit[1] if f.unit else n.end
        if entry.rivals.search(key, after_from, min(f.own, after_from + 12)):
            return True
        rivals = entry.rivals.find_all(key, f.sentence.start, n.start)
        if not rivals:
            return False
        own = entry.own.find_all(key, f.sentence.start, n.start) if entry.own else []
        return not own or own[-1].start() < rivals[-1].start()

    def _kinds_listed(self, entry: Entry, f: _Figure) -> str | None:
        """ "total" when the figure's words list two or more kinds of this total
        ("đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh", "trực tuyến và trực
        tiếp"): the figure counts them all, so the kinds' words do not void it;
        "part" for a kind of such a total; else None."""
        lists = self.lexicon.kind_lists
        for code in (entry.code, *self.lexicon.ancestors(entry.code)):
            kinds = lists.get(code)
            if kinds is None:
                continue
            if kinds.search(self.key, f.before, f.n.start) or kinds.search(
                self.key, f.n.end, f.after
            ):
                return "total" if code == entry.code else "part"
        return None

    def _names_own_total(self, entry: Entry, f: _Figure, own_start: int) -> bool:
        """Reports list outcomes under the files received: "tiếp nhận 6.192 hồ sơ,
        trong đó đã giải quyết trước hạn 3.807 hồ sơ, ...". A part whose own words
        name its total's stage ("giải quyết" for files resolved early) is that total's
        part, not a part of the total being broken down; "7 hồ sơ đính chính" under
        files resolved names no stage and stays refused."""
        for code in self.lexicon.ancestors(entry.code):
            for p in self.lexicon.entries[code].patterns:
                if p.before and p.before.search(self.key, own_start, f.n.start):
                    return True
        return False

    def _comparison(self, f: _Figure) -> bool:
        """A figure compared with another period is a change or the earlier value:
        "tăng 9,3% so với cùng kỳ", "tăng từ 18,9% trong tháng 9 lên 21,5%", "giảm 46
        lượt"."""
        lex, key = self.lexicon, self.key
        after = lex.comparisons.search(key, f.n.end, min(f.sentence.end, f.n.end + 40))
        if after and not re.search(r"\d", key[f.n.end : after.start()]):
            return True
        if lex.earlier.search(key, max(f.before, f.n.start - 12), f.n.start):
            return True
        # "giảm 46 lượt", "(giảm 7,79%)": the figure right after the verb is the change;
        # "giảm còn 2,1%", "tăng lên 420" name the level and are not in the list.
        window = max(f.before, f.n.start - 14)
        return any(
            not key[m.end() : f.n.start].strip()
            for m in lex.changes.find_all(key, window, f.n.start)
        )

    def _pattern(self, entry: Entry, p: Pattern, f: _Figure, context: _Context) -> _Match | None:
        n, key = f.n, self.key
        score, start, end = 0.0, n.start, n.end
        if f.unit is not None:
            end = f.unit[1]
        if p.after_fact:
            previous = context.facts[-1].code if context.facts else None
            if previous not in p.after_fact:
                return None
            score += AFTER_FACT_BONUS
        if p.unit and (f.unit is None or f.unit[0] not in p.unit):
            return None
        if p.without and self._in(p.without, f.paragraph.start, f.paragraph.end):
            return None
        found_any = False
        for phrases, side in ((p.before, "before"), (p.after, "after"), (p.near, "near")):
            if not phrases:
                continue
            hit = self._nearest(phrases, f, side, entry)
            if hit is None:
                return None
            found_any = True
            score += hit[0]
            start, end = min(start, hit[1]), max(end, hit[2])
        for group in p.all:
            hits = group.find_all(key, f.before, n.start) + [
                h for h in group.find_all(key, n.end, f.after) if h.start() < f.own
            ]
            if not hits:
                return None
            found_any = True
            score += max(len(h.group()) for h in hits)
        if p.context:  # in the sentence (or the one a note hangs on) counts more
            near = [f.sentence, *context.anchor[:1]]
            if any(self._in(p.context, s.start, s.end) for s in near):
                score += 2
            elif any(self._in(p.context, s.start, s.end) for s in [f.paragraph, *context.anchor]):
                score += 1
            else:
                return None
        if not found_any:
            score += 1  # a pattern of unit, context or after_fact only
        return _Match(entry, p, score, start, end)

    def _nearest(
        self, phrases, f: _Figure, side: str, entry: Entry
    ) -> tuple[float, int, int] | None:
        """The best phrase on a side: long and close; a verb in between voids it. A
        phrase after the figure but not right after it (or its unit) needs the unit to
        be the indicator's: "2 nhà đại đoàn kết cho hộ nghèo" counts no poor households."""
        n, key = f.n, self.key
        right_after = f.unit[1] if f.unit else n.end
        unit_ok = entry.kind != "count" or (f.unit is not None and f.unit[0] in entry.units)
        best: tuple[float, int, int] | None = None
        if side in ("before", "near"):
            for m in phrases.find_all(key, f.before, n.start):
                if self.lexicon.blockers.search(key, m.end(), n.start):
                    continue
                score = len(m.group()) - (n.start - m.end()) / 8
                if "," in key[m.end() : n.start]:  # the phrase is of an earlier clause
                    score -= COMMA_PENALTY
                if best is None or score > best[0]:
                    best = (score, m.start(), m.end())
        if side in ("after", "near"):
            for m in phrases.find_all(key, n.end, f.after):
                if m.start() >= f.own:
                    break
                if not unit_ok and key[min(right_after, m.start()) : m.start()].strip(" :"):
                    continue
                score = len(m.group()) - (m.start() - n.end) / 8
                if best is None or score > best[0]:
                    best = (score, m.start(), m.end())
        return best

    def _add(self, m: _Match, f: _Figure, context: _Context) -> None:
        n, entry = f.n, m.entry
        if n.kind == "ratio" and not entry.denominator:
            # "512/799 hồ sơ có phí" read as the files with a fee: the pair is the
            # paid files over those with a fee, the numerator the paid ones
            numerator = next(
                (e for e in self.lexicon.entries.values() if e.denominator == entry.code), None
            )
            if numerator is not None:
                entry = numerator
                m = _Match(numerator, m.pattern, m.score, m.start, m.end)
        value = n.value
        for word, sign in entry.sign:
            if word in self.key[f.before : n.start].split():
                value = abs(value) * sign
        for unit, factor in entry.scale:
            if f.unit is not None and f.unit[0] == unit:
                value *= factor  # "6,2 tấn/ha" is 62 tạ/ha
        quote_start, quote_end = m.start, m.end
        score = m.score
        if self.lexicon.subsets.search(
            self.key, f.paragraph.start, min(n.start, f.paragraph.start + OPENING)
        ):
            score -= SUBSET_PENALTY  # "Với cấp xã, ... tiếp nhận 264.610 hồ sơ": a part
        new = [self._fact(entry.code, value, quote_start, quote_end, n, score)]
        if n.kind == "ratio" and entry.denominator and n.denominator is not None:
            new.append(
                self._fact(entry.denominator, n.denominator, quote_start, quote_end, n, score)
            )
        stated = {fact.code for fact in context.facts}
        for code in m.pattern.also:
            if code not in stated:
                new.append(self._fact(code, value, quote_start, quote_end, n, score - 5))
        context.facts.extend(new)
        self.facts.extend(new)

    def _fact(
        self, code: str, value: Decimal, start: int, end: int, n: NumberMatch, score: float
    ) -> Fact:
        quote = self.text[start:end].strip(" ,;:")
        start = self.text.find(quote, start) if quote else start
        unit = self.lexicon.entries[code].unit
        return Fact(code, value, unit, quote, start, start + len(quote), n.start, n.end, score)

    # -- "không có phản ánh": a zero stated in words ---------------------------------------

    def _zeros(self, sentence: Span, paragraph: Span, context: _Context) -> None:
        stated = {f.code for f in context.facts}
        for neg in self.lexicon.negations.find_all(self.key, sentence.start, sentence.end):
            window_end = min(sentence.end, neg.end() + 40)
            spans = [sentence, paragraph, *context.anchor]
            hits: list[tuple[int, Entry, re.Match[str]]] = []
            entries: list[Entry] = []
            for topic in self.topics.topics(spans, neg.start(), context.titles):
                entries = self.lexicon.for_topic(topic)
                for entry in entries:
                    m = entry.zero.search(self.key, neg.end(), window_end) if entry.zero else None
                    if m and len(self.key[neg.end() : m.start()].split()) <= 3:
                        hits.append((len(m.group()), entry, m))
                if hits:
                    break
            hits.sort(key=lambda h: h[0], reverse=True)
            if not hits or (len(hits) > 1 and hits[1][0] == hits[0][0]):
                continue
            _, first, m = hits[0]
            for zero, end in [(first, m.end()), *self._zero_list(m, entries, sentence.end)]:
                if zero.code in stated:
                    continue
                stated.add(zero.code)
                quote = self.text[neg.start() : end]
                fact = Fact(
                    zero.code, Decimal(0), zero.unit, quote, neg.start(), end, neg.start(), end,
                    1.0,
                )  # fmt: skip
                context.facts.append(fact)
                self.facts.append(fact)

    def _zero_list(self, m: re.Match[str], entries: list[Entry], end: int):
        """ "không có đơn khiếu nại, tố cáo": the noun ("đơn") is shared by the next
        words of the list, each a zero of its own indicator."""
        head = m.group().split()[0]
        pos, out = m.end(), []
        while (sep := _LIST_SEP.match(self.key, pos, end)) is not None:
            found = None
            for entry in entries:
                for phrase in entry.zero.phrases:
                    words = phrase.split()
                    if len(words) < 2 or words[0] != head or entry in (e for e, _ in out):
                        continue
                    tail = " ".join(words[1:])
                    stop = sep.end() + len(tail)
                    if (
                        self.key.startswith(tail, sep.end())
                        and not self.key[stop : stop + 1].isalnum()
                    ):
                        found = (entry, stop)
                        break
                if found:
                    break
            if found is None:
                break
            out.append(found)
            pos = found[1]
        return out


# "Năm 2026, phường phấn đấu ...", "Năm 2025 phấn đấu giảm ...": a year's targets.
# Bounded: at most three words between the year and the verb.
_YEAR_TARGET = re.compile(r"năm \d{4},?[ \t]+(?:[^\W\d_]+[ \t]+){0,3}?phấn đấu")
_LIST_SEP = re.compile(r"[ \t]*(?:,|và|hoặc)[ \t]*")
_SHORT_BRACKET = re.compile(r"\(([^()\d;:]{1,24})\)")


def _short_brackets_open(key: str) -> str:
    """A bracket holding a short name or acronym ("thủ tục hành chính (TTHC)", "hồ sơ
    (HS)", "số hóa đầu ra (kết quả giải quyết)", "(không kể thu bổ sung)") does not
    cut a label off its figure:
    its marks read as spaces."""

    def blank(m: re.Match[str]) -> str:
        inner = m.group(1)
        return f" {inner} " if len(inner.split()) <= 5 else m.group()

    return _SHORT_BRACKET.sub(blank, key)


def _has_words(words: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def _close(stack: list[tuple[str | None, str | None]]) -> None:
    """A ")" closes the innermost bracket, and the breakdown words opened inside it."""
    while stack:
        _, closer = stack.pop()
        if closer == ")":
            return


def _one_per_code(facts: list[Fact]) -> list[Fact]:
    """The first statement of a code stays: reports give the unit's own figure first,
    then sub-totals by level or office ("Ở cấp huyện, ... tiếp nhận mới 18.477 hồ
    sơ"); a later one replaces it only when read much more surely."""
    best: dict[str, Fact] = {}
    for fact in facts:
        if fact.code not in best or fact.score > best[fact.code].score + CLEARLY_BETTER:
            best[fact.code] = fact
    return sorted(best.values(), key=lambda f: (f.number_start, f.code))
