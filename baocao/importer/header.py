"""The administrative parts of a report read from its source, for the Report fields:
the header (issuer, "Số: 125/BC-UBND" or "Số 12-BC/ĐU", place and date) and the end
(the closing sentence, Nơi nhận, the signer). A text file has them one line each; a
DOCX reader gives a table row as one line with its cells joined by " | " and a
cell's paragraphs joined by spaces ("Số: /BC-UBND | Thạch Khôi, ngày   tháng 11
năm 2025"; "Nơi nhận: - UBND thành phố (để báo cáo); - ... | TM. ỦY BAN NHÂN DÂN
... PHÓ CHỦ TỊCH Phạm Ngọc Sơn"): both are read here.

What the source says is kept as written: a blank number stays blank, the list of
recipients keeps its words and emphasis ("xã", "(*để báo cáo*)")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from baocao.importer.source import SourceText

HEAD_PARAGRAPHS = 15
_MOTTOS = re.compile(
    r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|"
    r"Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc|ĐẢNG CỘNG SẢN VIỆT NAM|[-_*]{2,}",
)
# "Số: 125/BC-UBND", "Số: /BC-UBND", "Số 12-BC/ĐU", "Số   -BC/ĐU": a symbol in capitals.
_NUMBER = re.compile(
    r"\bSố\s*:?\s*(?P<number>\d+)?\s*(?P<sep>[/-])\s*(?P<symbol>[A-ZĐ]{2,}[A-ZĐ0-9/-]*)"
)
_DATE = re.compile(
    r"(?P<place>[^,|]{2,60}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})",
    re.I,
)
_RECIPIENTS = re.compile(r"\A[*_]*Nơi nhận[*_]*\s*:?[*_]*\s*", re.I)
_ITEM = re.compile(r"(?:\A|(?<=[;,.]))\s*[-–•]\s+")
_CLOSING = re.compile(r"\ATrên đây là", re.I)
_AUTHORITY = re.compile(r"\A(?:TM|T/M|KT|Q|TL|TUQ)\b\.?", re.I)


@dataclass
class Header:
    issuer: str | None = None  # "ubnd" | "dang"
    number: str = ""  # "125"; blank until the office registers the document
    symbol: str = ""  # "BC-UBND", "BC/ĐU"
    place: str | None = None
    issued_on: date | None = None
    closing: str | None = None
    recipients: list[str] = field(default_factory=list)
    signer_name: str = ""
    signer_title: str = ""


def read_header(source: SourceText) -> Header:
    paragraphs = [p for p in source.paragraphs if p.note is None]
    body = [source.text[p.start : p.end] for p in paragraphs]
    header = Header()
    _read_head(body[:HEAD_PARAGRAPHS], header)
    _read_end(body, header, [_with_italics(source.text, p) for p in paragraphs])
    return header


def _with_italics(text: str, paragraph) -> str:
    """The paragraph with its italic spans written back as "*…*", so a recipient keeps
    the italic "(*để báo cáo*)" that the legal format asks for."""
    out, at = [], paragraph.start
    for start, end in sorted(paragraph.italic):
        if start < at or end > paragraph.end or start >= end:
            continue
        out += [text[at:start], "*", text[start:end], "*"]
        at = end
    out.append(text[at : paragraph.end])
    return "".join(out)


def _cells(paragraph: str) -> list[str]:
    return [cell.strip() for line in paragraph.split("\n") for cell in line.split(" | ")]


def _read_head(head: list[str], header: Header) -> None:
    for paragraph in head:
        folded = paragraph.upper()
        if header.issuer is None:
            if "ỦY BAN NHÂN DÂN" in folded or "UBND" in folded:
                header.issuer = "ubnd"
            elif "ĐẢNG ỦY" in folded or "ĐẢNG BỘ" in folded:
                header.issuer = "dang"
        for cell in _cells(paragraph):
            cell = _MOTTOS.sub(" ", cell).strip(" *")
            if not header.symbol and (m := _NUMBER.search(cell)):
                header.number = m.group("number") or ""
                header.symbol = m.group("symbol")
                cell = cell[: m.start()] + " " + cell[m.end() :]
            if header.place is None and (m := _DATE.search(cell)):
                header.place = " ".join(m.group("place").split()).strip(" *")
                if m.group("d") and m.group("m"):
                    try:
                        header.issued_on = date(int(m["y"]), int(m["m"]), int(m["d"]))
                    except ValueError:
                        header.issued_on = None
        if paragraph.strip(" *").upper() == "BÁO CÁO":
            break  # the title: the header is over


def _read_end(body: list[str], header: Header, marked: list[str]) -> None:
    start = next(
        (i for i in range(len(body) - 1, -1, -1) if _RECIPIENTS.match(body[i].strip())), None
    )
    closing = [p for p in body if _CLOSING.match(p.strip())]
    if closing:
        header.closing = closing[-1].strip()
    if start is None:
        return
    recipients: list[str] = []
    signature: list[str] = []
    for paragraph in marked[start:]:
        left, _, right = paragraph.partition(" | ")
        if right:  # a DOCX footer row: Nơi nhận | signature
            signature.extend(_signature_words(right))
        for line in left.split("\n"):
            line = _RECIPIENTS.sub("", line.strip()).strip()
            if not line:
                continue
            items = [i.strip() for i in _ITEM.split(line) if i.strip()]
            starts_item = bool(_ITEM.match(line))
            if starts_item or (not recipients and not signature and len(items) > 1):
                recipients.extend(items)
            elif recipients and not signature and _continues(recipients[-1], line):
                recipients[-1] = f"{recipients[-1]} {line}"  # a recipient over two lines
            else:
                signature.append(line.strip("* "))
    header.recipients = recipients
    _read_signature(signature, header)


def _continues(previous: str, line: str) -> bool:
    """A recipient's second line: the first does not end its item and this one is
    not the signature's capitals."""
    return not previous.rstrip("*_ ").endswith((";", ",", ".")) and not line.isupper()


def _signature_words(cell: str) -> list[str]:
    """A DOCX signature cell read as one line: the capitals (authority and title) and
    the name after them ("... PHÓ CHỦ TỊCH Phạm Ngọc Sơn")."""
    words = cell.replace("*", " ").split()
    cut = len(words)
    while cut > 0 and words[cut - 1][:1].isupper() and not words[cut - 1].isupper():
        cut -= 1
    lines = [" ".join(words[:cut])] if cut else []
    if cut < len(words):
        lines.append(" ".join(words[cut:]))
    return lines


def _read_signature(lines: list[str], header: Header) -> None:
    lines = [line.strip("*_ ") for line in lines if line.strip("*_ ")]
    if not lines:
        return
    name = lines[-1]
    words = name.split()
    if 2 <= len(words) <= 6 and all(w[:1].isupper() for w in words) and not name.isupper():
        header.signer_name = name
        titles = [line for line in lines[:-1] if not _AUTHORITY.match(line)]
        header.signer_title = titles[-1] if titles else ""


def apply_header(report, source: SourceText) -> None:
    """Store what the source's header and end say on the imported `report`: number,
    date, signer and the report's own Nơi nhận."""
    header = read_header(source)
    report.number = header.number
    report.issued_on = header.issued_on
    if header.signer_name:
        report.signer_name = header.signer_name[:100]
    report.recipients = header.recipients
    report.closing = header.closing or ""
    report.save(update_fields=["number", "issued_on", "signer_name", "recipients", "closing"])
