"""Text pasted from Word or a web page, as prose: bold, italic, underline and list
items (with their level) kept, everything else (fonts, colours, styles, images,
links) dropped. The HTML is sanitized with nh3 first, then read into blocks; nothing
from the browser is ever stored as HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3

from baocao import vn

# Word's clipboard marks a list paragraph with a style, not with <li>: "mso-list:l0 level2 lfo1".
_MSO_LIST = re.compile(
    r"<p\b[^>]*?mso-list:\s*l\d+\s+level(\d)[^>]*>(.*?)</p>", re.IGNORECASE | re.DOTALL
)
# ...and writes the bullet itself inside a conditional comment.
_MSO_BULLET = re.compile(r"<!\[if !supportLists\]>.*?<!\[endif\]>", re.IGNORECASE | re.DOTALL)
_WORD_BOLD = re.compile(r"font-weight:\s*(bold|[6-9]00)", re.IGNORECASE)
_WORD_ITALIC = re.compile(r"font-style:\s*italic", re.IGNORECASE)
_WORD_UNDERLINE = re.compile(r"text-decoration:[^;\"']*underline", re.IGNORECASE)
_BULLET_TEXT = re.compile(r"^\s*[-+•·o§▪◦]\s+")

TAGS = {"p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "div", "span"}
TAGS |= {"h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table", "tbody", "thead"}


@dataclass
class Pasted:
    kind: str  # "paragraph" | "item"
    level: int = 0
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(p if isinstance(p, str) else p[1] for p in self.parts))

    def open_mark(self, mark: str) -> None:
        self.parts.append(("open", mark))

    def close_mark(self, mark: str) -> None:
        """Close a mark; an empty pair vanishes, and spaces go outside it ("**a** b")."""
        if self.parts and self.parts[-1] == ("open", mark):
            self.parts.pop()
            return
        trailing = ""
        if self.parts and isinstance(self.parts[-1], str):
            last = self.parts[-1]
            stripped = last.rstrip()
            trailing = last[len(stripped) :]
            self.parts[-1] = stripped
        self.parts.append(("close", mark))
        if trailing:
            self.parts.append(trailing)

    def write(self, text: str) -> None:
        """Text; spaces right after opening marks go before them."""
        opened = 0
        while (
            opened < len(self.parts)
            and not isinstance(self.parts[-1 - opened], str)
            and (self.parts[-1 - opened][0] == "open")
        ):
            opened += 1
        stripped = text.lstrip()
        if opened and stripped != text:
            self.parts.insert(len(self.parts) - opened, text[: len(text) - len(stripped)])
            text = stripped
        if text:
            self.parts.append(text)


def clean(html: str) -> str:
    html = _MSO_BULLET.sub("", html or "")
    html = _MSO_LIST.sub(lambda m: f'<li data-level="{m.group(1)}">{m.group(2)}</li>', html)
    # Word writes emphasis as a span's style: the style stays on spans, to be read
    # below, and goes everywhere else.
    return nh3.clean(
        html,
        tags=TAGS,
        attributes={"li": {"data-level"}, "span": {"style"}},
        link_rel=None,
        clean_content_tags={"script", "style", "title", "head"},
    )


class _Reader(HTMLParser):
    MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*", "u": "__"}
    BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Pasted] = []
        self.current: Pasted | None = None
        self.depth = 0  # nesting of <ul>/<ol>
        self.open: list[str] = []  # marks open, innermost last
        self.spans: list[int] = []  # how many marks each open span opened

    def _block(self, kind: str = "paragraph", level: int = 0) -> Pasted:
        self._close_marks()
        self.current = Pasted(kind, level)
        self.blocks.append(self.current)
        self._reopen()
        return self.current

    def _close_marks(self):
        if self.current is not None:
            for mark in reversed(self.open):
                if mark:
                    self.current.close_mark(mark)

    def _reopen(self):
        for mark in self.open:
            if mark:
                self.current.open_mark(mark)

    def _write(self, text: str):
        if self.current is None:
            self._block()
        self.current.write(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("ul", "ol"):
            self.depth += 1
        elif tag == "li":
            level = int(attrs.get("data-level") or self.depth or 1)
            self._block("item", min(2, max(1, level)))
        elif tag in self.BLOCKS:
            self._block()
        elif tag in self.MARKS:
            self._mark(self.MARKS[tag])
        elif tag == "span":
            style = attrs.get("style") or ""
            marks = [
                mark
                for pattern, mark in (
                    (_WORD_BOLD, "**"),
                    (_WORD_ITALIC, "*"),
                    (_WORD_UNDERLINE, "__"),
                )
                if pattern.search(style)
            ]
            for mark in marks:
                self._mark(mark)
            self.spans.append(len(marks))

    def _mark(self, mark: str):
        if mark in self.open:  # already bold: a nested <b> adds nothing
            self.open.append("")
            return
        self.open.append(mark)
        if self.current is None:
            self._block()
            return  # _block reopened it
        self.current.open_mark(mark)

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            self.depth = max(0, self.depth - 1)
        elif tag in self.MARKS and self.open:
            mark = self.open.pop()
            if mark and self.current is not None:
                self.current.close_mark(mark)
        elif tag == "span" and self.spans:
            for _ in range(self.spans.pop()):
                if self.open:
                    mark = self.open.pop()
                    if mark and self.current is not None:
                        self.current.close_mark(mark)
        if tag in self.BLOCKS and tag != "br":
            self._close_marks()
            self.current = None

    def handle_data(self, data):
        if data.strip() or (self.current is not None and data):
            self._write(data.replace("\xa0", " "))


def html_to_blocks(html: str) -> list[Pasted]:
    """Pasted HTML as paragraphs and list items in the prose syntax."""
    reader = _Reader()
    reader.feed(clean(html))
    reader.close()
    out = []
    for block in reader.blocks:
        text = vn.nfc(block.text).strip()
        if not text or not re.sub(r"[*_\s]", "", text):
            continue
        if block.kind == "paragraph" and _BULLET_TEXT.match(text):
            # "- " / "+ " typed as text: the conventional markers, as list items.
            level = 2 if text.lstrip().startswith("+") else 1
            block = Pasted("item", level)
            text = _BULLET_TEXT.sub("", text)
        block.parts = [text]
        out.append(block)
    return out


def text_to_blocks(text: str) -> list[Pasted]:
    """Plain pasted text: one block per line, "- " and "+ " lines as list items."""
    out = []
    for line in vn.nfc(text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if _BULLET_TEXT.match(line):
            level = 2 if line.startswith("+") else 1
            out.append(Pasted("item", level, [_BULLET_TEXT.sub("", line)]))
        else:
            out.append(Pasted("paragraph", 0, [line]))
    return out


# A number as Vietnamese text writes it: "1.527", "74,69", "38".
_NUMBER = re.compile(
    r"(?<![\w.,{|])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w.,])|(?<![\w.,{|])\d+(?:,\d+)?(?![\w.,}])"
)


@dataclass
class Offer:
    """A number pasted as text that equals a figure of the section: it could be bound."""

    block: int
    literal: str
    code: str
    name: str


def bind_offers(texts: dict[int, str], values: dict, names: dict[str, str]) -> list[Offer]:
    """Numbers in the pasted texts (by block id) equal to one of the given figures
    (code → value). Years and numbers below 10 are left alone: too many would match."""
    from baocao.reports import prose

    offers: list[Offer] = []
    for block_id, text in texts.items():
        taken = [(m.start(), m.end()) for m in prose.PLACEHOLDER.finditer(text)]
        for m in _NUMBER.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            try:
                number = vn.parse_vn_number(m.group(0)).value
            except vn.VNNumberError:
                continue
            if number < 10 or (1900 <= number <= 2100 and "." not in m.group(0)):
                continue
            for code, value in values.items():
                if value == number:
                    offers.append(Offer(block_id, m.group(0), code, names.get(code, code)))
    return offers[:8]
