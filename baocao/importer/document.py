"""A report's metadata read from its text: who issued it (UBND, Đảng ủy or other),
which unit (name, and the official code through the units list), the period and
the next period from the title, the number ("Số: 123/BC-UBND"), the place and
date line, and the signer.

The unit is the one the text names most often with its kind ("phường Thạch
Khôi", "xã Đại Sơn"): a report also names other units (a former commune, a
neighbour), and sometimes misspells its own. The code is given only when the
name is in the units list with the same kind and clearly leads; else null.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from pathlib import Path

from baocao.importer.source import SourceText
from baocao.vn.text import fold

UNITS_CSV = Path(__file__).resolve().parent.parent / "data" / "units-haiphong-2025.csv"
KINDS = ("xã", "phường", "đặc khu", "thị trấn")
_HEAD = 15  # paragraphs read for the header
_MENTION = re.compile(r"(?<!\w)(đặc khu|thị trấn|xã|phường)\s+", re.I)
_NAME_WORD = re.compile(r"[^\W\d_][^\W_]*")
_NOT_NAMES = {"hội", "viên", "luận"}  # "KINH TẾ - XÃ HỘI" in a heading is no commune
HEADER_WEIGHT = 3  # a mention in the header ("ỦY BAN NHÂN DÂN PHƯỜNG X") counts as three


@dataclass(frozen=True)
class Unit:
    code: str
    name: str  # as the list writes it: "Phường Thạch Khôi"
    kind: str  # "phường"
    short: str  # "Thạch Khôi"


@dataclass
class DocumentInfo:
    issuer: str  # "ubnd", "dang" or "other"
    unit_name: str | None
    unit_code: str | None
    period: str | None
    title: str | None
    next_period: str | None = None
    number: str | None = None
    place: str | None = None
    date: str | None = None  # ISO
    signer: str | None = None
    signer_title: str | None = None

    def as_json(self) -> dict:
        return asdict(self)


@cache
def load_units(path: Path = UNITS_CSV) -> tuple[Unit, ...]:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    units = []
    for row in rows:
        kind, _, short = _split_kind(row["name"])
        units.append(Unit(row["code"], row["name"], kind, short))
    return tuple(units)


@cache
def _folded_units() -> tuple[tuple[Unit, list[str]], ...]:
    return tuple((unit, fold(unit.short).split()) for unit in load_units())


def _split_kind(name: str) -> tuple[str, str, str]:
    folded = fold(name)
    for kind in KINDS:
        if folded.startswith(kind + " "):
            return kind, "", name[len(kind) + 1 :].strip()
    return "", "", name


def read_document(source: SourceText) -> DocumentInfo:
    body = [source.text[p.start : p.end] for p in source.paragraphs if p.note is None]
    title = _title(body)
    period, next_period = periods_of(title or "")
    unit, unit_name = find_unit(source.text)
    number, place, when = _header(body[:_HEAD])
    signer, signer_title = _signature(body)
    return DocumentInfo(
        issuer=issuer_of(body),
        unit_name=unit.name if unit else unit_name,
        unit_code=unit.code if unit else None,
        period=period,
        title=title,
        next_period=next_period,
        number=number,
        place=place,
        date=when,
        signer=signer,
        signer_title=signer_title,
    )


# -- issuer ------------------------------------------------------------------------------

# (marker, weight); matched on folded text of the header, the closing and the signature.
_DANG = (("đảng bộ", 2), ("đảng ủy", 1), ("t/m ban thường vụ", 4), ("tm. ban thường vụ", 4),
         ("t/m ban chấp hành", 4), ("tm. ban chấp hành", 4), ("bí thư", 2),
         ("đảng cộng sản việt nam", 4), ("-đu", 3), ("/bc-đu", 3), ("văn phòng đảng ủy", 1))  # fmt: skip
_UBND = (("ủy ban nhân dân", 2), ("ubnd", 1), ("tm. ủy ban nhân dân", 4), ("t/m ủy ban nhân dân", 4),
         ("tm. ubnd", 4), ("chủ tịch", 2), ("cộng hòa xã hội chủ nghĩa việt nam", 4),
         ("/bc-ubnd", 4))  # fmt: skip


def issuer_of(body: list[str]) -> str:
    """UBND or Đảng ủy, from the header, the closing sentence ("... của UBND phường")
    and the signature block ("TM. ỦY BAN NHÂN DÂN", "T/M BAN THƯỜNG VỤ")."""
    closing = [p for p in body if fold(p).startswith("trên đây là")]
    tail = body[-12:]
    text = fold("\n".join(body[:_HEAD] + closing + tail))
    dang = sum(w * text.count(m) for m, w in _DANG)
    ubnd = sum(w * text.count(m) for m, w in _UBND)
    for line in closing:  # "... tháng 11/2025 của UBND phường Thạch Khê./."
        folded = fold(line)
        dang += 3 * len(re.findall(r"của (?:ban thường vụ )?đảng (?:ủy|bộ)", folded))
        ubnd += 3 * len(re.findall(r"của (?:ubnd|ủy ban nhân dân)", folded))
    if dang > ubnd:
        return "dang"
    if ubnd > dang:
        return "ubnd"
    return "other"


# -- unit --------------------------------------------------------------------------------


def unit_mentions(text: str) -> list[tuple[str, str, int, int]]:
    """Every "<kind> <Capitalised Name>" in the text: (kind, name, start, end)."""
    found = []
    for m in _MENTION.finditer(text):
        words: list[str] = []
        at = m.end()
        end = at
        while len(words) < 5:
            w = _NAME_WORD.match(text, at)
            if not w or not w.group()[0].isupper():
                break
            words.append(w.group())
            end = w.end()
            at = end
            while at < len(text) and text[at] == " ":
                at += 1
        if words and fold(words[0]) not in _NOT_NAMES:
            found.append((m.group(1).lower(), " ".join(words), m.start(), end))
    return found


def match_unit(kind: str, words: str) -> Unit | None:
    """The unit of the list whose name is the longest leading part of `words`, same kind."""
    folded = fold(words).split()
    best: Unit | None = None
    for unit, name in _folded_units():
        longer = best is None or len(name) > len(fold(best.short).split())
        if unit.kind == kind and folded[: len(name)] == name and longer:
            best = unit
    return best


def find_unit(text: str) -> tuple[Unit | None, str | None]:
    """(the unit from the list, or None; the name as the text writes it)."""
    counts: Counter[tuple[str, str]] = Counter()
    known: dict[tuple[str, str], Unit] = {}
    header_end = _header_end(text)
    for kind, words, start, _ in unit_mentions(text):
        weight = HEADER_WEIGHT if start < header_end else 1
        unit = match_unit(kind, words)
        if unit is not None:
            counts[(kind, unit.short)] += weight
            known[(kind, unit.short)] = unit
        else:
            counts[
                (
                    kind,
                    " ".join(w.capitalize() for w in words.split()) if words.isupper() else words,
                )
            ] += weight
    if not counts:
        return None, None
    ranked = counts.most_common()
    (kind, name), top = ranked[0]
    clear = len(ranked) == 1 or top > ranked[1][1]
    unit = known.get((kind, name)) if clear and top >= 2 else None
    written = f"{kind.capitalize()} {name}" if clear else None
    return unit, unit.name if unit else written


def _header_end(text: str) -> int:
    """The header ends where the title "BÁO CÁO" starts (or after 400 characters)."""
    m = re.search(r"^\s*BÁO CÁO\s*$", text[:3000], re.M)
    return m.start() if m else min(len(text), 400)


# -- title and periods -------------------------------------------------------------------

_MONTH = re.compile(r"tháng\s+(\d{1,2})(?:\s*(?:/|năm)\s*(\d{4}))?")
_YEAR = re.compile(r"(?:năm|/)\s*(\d{4})")
_QUARTER = re.compile(r"quý\s+(i{1,3}|iv|[1-4])(?:\s*(?:/|năm)\s*(\d{4}))?")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _title(body: list[str]) -> str | None:
    """The words after "BÁO CÁO" ("Kết quả thực hiện nhiệm vụ tháng 11, ..."), else the
    first early paragraph that names a month."""
    for i, p in enumerate(body[:_HEAD]):
        if fold(p).rstrip(":") == "báo cáo" and i + 1 < len(body):
            return " ".join(body[i + 1].split())
        if fold(p).startswith("báo cáo ") and _MONTH.search(fold(p)):
            return " ".join(p.split()[2:])
    for p in body[:_HEAD]:
        if _MONTH.search(fold(p)) and len(p) < 300:
            return " ".join(p.split())
    return None


def periods_of(title: str) -> tuple[str | None, str | None]:
    """("2025-10", "2025-11") from "kết quả công tác tháng 10, nhiệm vụ trọng tâm tháng
    11/2025"; a year written once goes with every month, and "tháng 12 ... tháng 01
    năm 2026" is December 2025."""
    t = fold(title)
    months = [
        (int(m.group(1)), int(m.group(2)) if m.group(2) else None, m.end())
        for m in _MONTH.finditer(t)
    ]
    months = [m for m in months if 1 <= m[0] <= 12]
    if not months:
        q = _QUARTER.search(t)
        year = q and (q.group(2) or next(iter(_YEAR.findall(t[q.end() :])), None))
        if q and year:
            n = _ROMAN.get(q.group(1)) or int(q.group(1))
            return f"{year}-Q{n}", None
        return None, None
    years = []
    for _, year, end in months:
        years.append(year or next((int(y) for y in _YEAR.findall(t[end:])), None))
    month, year = months[0][0], years[0]
    if year is None:
        return None, None
    if (
        months[0][1] is None
        and len(months) > 1
        and months[1][1] is not None
        and month > months[1][0]
    ):
        year -= 1  # "tháng 12, ... tháng 01 năm 2026": the year is the next month's
    period = f"{year}-{month:02d}"
    if len(months) < 2:
        return period, None
    next_month = months[1][0]
    next_year = year + 1 if next_month < month else year
    return period, f"{next_year}-{next_month:02d}"


# -- header and signature ----------------------------------------------------------------

_NUMBER = re.compile(r"\ASố\s*:?\s*(.+)", re.I)
_DATE_LINE = re.compile(
    r"\A(?P<place>[^,\n]{2,40}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})",
    re.I,
)


def _header(head: list[str]) -> tuple[str | None, str | None, str | None]:
    number = place = when = None
    for p in head:
        for line in p.split("\n"):
            line = line.strip()
            if number is None and (m := _NUMBER.match(line)):
                number = m.group(1).strip()
            if place is None and (m := _DATE_LINE.match(line)):
                place = m.group("place").strip()
                if m.group("d") and m.group("m"):
                    try:
                        when = date(
                            int(m.group("y")), int(m.group("m")), int(m.group("d"))
                        ).isoformat()
                    except ValueError:
                        when = None
    return number, place, when


_PERSON = re.compile(r"\A(?:[^\W\d_][^\W\d_]*\s+){1,5}[^\W\d_]+\Z")


def _signature(body: list[str]) -> tuple[str | None, str | None]:
    """The signer's name is the last line of the body, written as a name; their title
    is the last line in capitals above it ("PHÓ CHỦ TỊCH")."""
    lines = [line.strip(" *") for p in body[-8:] for line in p.split("\n") if line.strip(" *")]
    if not lines:
        return None, None
    name = lines[-1]
    words = name.split()
    if not _PERSON.match(name) or not all(w[0].isupper() for w in words) or name.isupper():
        return None, None
    title = next((line for line in reversed(lines[:-1]) if line.isupper()), None)
    return name, title
