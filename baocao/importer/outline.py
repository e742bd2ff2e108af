"""The outline of a report as numbered in its text: parts (A., B.), sections (I., II.),
subsections (1., 1.2, a)), and the headings set off by bold or a bullet and a colon
("- Công tác phòng cháy, chữa cháy:", "*** Nội vụ:**").

Levels are not fixed by the kind of number: the first kind met nests under the
one before it, a kind met again closes what was opened since (the way a reader
follows ND 30/2020's numbering whatever the report uses). Bold and bullet
headings are the weakest: any numbered heading closes them. A DOCX heading style
("Heading 2") makes a heading of an unnumbered paragraph; its level nests it. Table
rows are never headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from baocao.importer.source import SourceText

_NUMBERED = [
    ("part", re.compile(r"\A(?P<n>[A-ZĐ])\.\s+(?P<t>\S.*)", re.S)),
    ("roman", re.compile(r"\A(?P<n>[IVXL]+)\.\s+(?P<t>\S.*)", re.S)),
    ("decimal", re.compile(r"\A(?P<n>[0-9]{1,2}(?:\.[0-9]{1,2})*)\.?\s+(?P<t>[^\W\d_].*)", re.S)),
    ("letter", re.compile(r"\A(?P<n>[a-zđ])\)\s+(?P<t>\S.*)", re.S)),
]
_BULLET = re.compile(r"\A(?P<n>[-+•*–])\s*")
_END_OF_BODY = re.compile(r"\A(?:Nơi nhận|Trên đây là)", re.I)
MAX_TITLE = 120
_WEAK = ("bold", "bullet")


@dataclass
class Section:
    number: str
    title: str
    kind: str  # part, roman, decimal.N, letter, heading.N (a DOCX style), bold, bullet
    start: int  # offset of the heading
    end: int = 0  # where the section ends (the next heading at its level or above)
    paragraph: int = 0  # index of the heading's paragraph
    children: list[Section] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "children": [c.as_json() for c in self.children],
        }


@dataclass
class Outline:
    sections: list[Section]
    paths: list[tuple[Section, ...]]  # for each paragraph of the source, its sections

    def as_json(self) -> list[dict]:
        return [s.as_json() for s in self.sections]

    def path_of(self, paragraph_index: int) -> tuple[Section, ...]:
        if 0 <= paragraph_index < len(self.paths):
            return self.paths[paragraph_index]
        return ()

    def walk(self) -> list[Section]:
        out: list[Section] = []
        stack = list(reversed(self.sections))
        while stack:
            s = stack.pop()
            out.append(s)
            stack.extend(reversed(s.children))
        return out


def heading_of(
    text: str, bold: list[tuple[int, int]], last_part: str = ""
) -> tuple[str, str, str] | None:
    """(kind, number, title) if the paragraph starts a section; offsets of `bold` are
    relative to the paragraph. "I." is a Roman one unless it follows part "H."."""
    for kind, pattern in _NUMBERED:
        m = pattern.match(text)
        if m:
            n = m.group("n")
            if kind == "part" and n in "IVXL" and chr(ord(n) - 1) != last_part:
                continue
            if kind == "decimal":
                kind = f"decimal.{m.group('n').count('.') + 1}"
            if kind == "part" and not _is_upper_title(m.group("t")):
                continue  # "A. Nguyễn Văn ..." starts a name, not a part
            return kind, m.group("n"), _title(m.group("t"))
    bullet = _BULLET.match(text)
    rest_at = bullet.end() if bullet else 0
    number = bullet.group("n") if bullet else ""
    lead_bold = [(s, e) for s, e in bold if s <= rest_at + 1 and e > rest_at]
    if lead_bold:
        end = lead_bold[0][1]
        title = text[rest_at:end].strip(" *:")
        title = re.sub(r"\A[-+•*–]\s*", "", title)  # "*** Nội vụ:**": the bullet is inside the bold
        if title and len(title) <= MAX_TITLE:
            return "bold", number or "", title.rstrip(":").strip()
    if bullet and text.rstrip().endswith(":") and len(text) <= MAX_TITLE:
        return "bullet", number, text[rest_at:].rstrip().rstrip(":").strip()
    return None


def _is_upper_title(title: str) -> bool:
    letters = [c for c in title[:40] if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.6 * len(letters)


def _title(rest: str) -> str:
    """The heading's words: all of a short heading, the run-in part before a colon
    ("Nông nghiệp: Hoàn thành ..."), else the first sentence, cut."""
    rest = " ".join(rest.split())
    colon = rest.find(":")
    if 0 < colon <= 80:
        return rest[:colon].strip()
    if len(rest) <= MAX_TITLE:
        return rest.rstrip(".:;").strip()
    sentence = re.split(r"(?<=[.;])\s", rest, maxsplit=1)[0]
    return sentence if len(sentence) <= MAX_TITLE else sentence[: MAX_TITLE - 1].rstrip() + "…"


def build_outline(source: SourceText) -> Outline:
    roots: list[Section] = []
    stack: list[Section] = []
    paths: list[tuple[Section, ...]] = []
    ended = False
    last_part = ""
    body_end = source.body_end
    for index, p in enumerate(source.paragraphs):
        if p.note is not None:
            paths.append(())  # given the anchor's path below
            continue
        text = source.text[p.start : p.end]
        ended = ended or bool(_END_OF_BODY.match(text))
        bold = [(s - p.start, e - p.start) for s, e in p.bold]
        heading = None if ended or p.table is not None else heading_of(text, bold, last_part)
        if heading is None and p.heading_level and not ended and p.table is None:
            heading = f"heading.{p.heading_level}", "", _title(text)
        if heading is not None:
            kind, number, title = heading
            last_part = number if kind == "part" else last_part
            section = Section(number, title, kind, p.start, paragraph=index)
            _place(section, stack, roots, p.start)
        elif ended:
            _close(stack, 0, p.start)
        paths.append(tuple(stack))
    _close(stack, 0, body_end)
    for index, p in enumerate(source.paragraphs):
        if p.note is not None:
            note = next((n for n in source.footnotes if n.key == p.note), None)
            if note is not None and note.anchor is not None:
                paths[index] = paths[source.paragraph_index(note.anchor)]
    return Outline(roots, paths)


def _place(section: Section, stack: list[Section], roots: list[Section], at: int) -> None:
    if section.kind not in _WEAK:
        while stack and stack[-1].kind in _WEAK:
            stack.pop().end = at
    kinds = [s.kind for s in stack]
    if section.kind.startswith(("decimal.", "heading.")):
        family, depth = section.kind.split(".")[0], int(section.kind.split(".")[1])
        for i in range(len(stack) - 1, -1, -1):  # "3.1" goes under "3.", Heading 2 under 1
            s = stack[i]
            if s.kind.startswith(f"{family}.") and int(s.kind.split(".")[1]) < depth:
                del kinds[i + 1 :]
                _close(stack, i + 1, at)
                break
    if section.kind in kinds:
        _close(stack, kinds.index(section.kind), at)
    (stack[-1].children if stack else roots).append(section)
    stack.append(section)


def _close(stack: list[Section], keep: int, at: int) -> None:
    while len(stack) > keep:
        stack.pop().end = at
