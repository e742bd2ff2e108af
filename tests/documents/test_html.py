"""The standalone HTML file: the same content and numbering as the DOCX, footnotes at
the bottom, printable without anything from the server."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest

from baocao.documents.footnotes import footnotes_of
from baocao.documents.html import render_html
from tests.documents.helpers import demo_document, rendered, squeeze


class Reader(HTMLParser):
    """Collects the headings, the paragraphs and list items (without note numbers), the
    footnotes (without their back links) and every reference to something outside the
    file. A list item's text is its own, without the items nested in it."""

    def __init__(self):
        super().__init__()
        self.headings, self.paragraphs, self.notes, self.external = [], [], [], []
        self.refs = 0
        self._open: list[str] = []
        self._text: list[str] = []
        self._in_notes = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("link", "script", "img") or "//" in (attrs.get("href") or ""):
            self.external.append(tag)
        if tag == "ol" and attrs.get("class") == "footnotes":
            self._in_notes = True
        if tag == "ul" and self._open == ["item"]:  # a nested list: the item's text ends
            self.handle_endtag("item")
        if tag == "li" and not self._in_notes and not self._open:
            self._open.append("item")
            self._text = []
        elif tag == "sup":
            self.refs += 1
            self._open.append("skip")  # the note number: the DOCX keeps it as a reference
        elif tag in ("h2", "h3", "h4", "p", "li") and not self._open:
            self._open.append(tag)
            self._text = []
        elif tag == "a" and attrs.get("class") == "fnback":
            self._open.append("skip")

    def handle_endtag(self, tag):
        if tag == "li" and self._open == ["item"]:
            tag = "item"
        if self._open and self._open[-1] == "skip" and tag in ("a", "sup"):
            self._open.pop()
        elif self._open and tag == self._open[-1]:
            self._open.pop()
            text = squeeze("".join(self._text))
            kinds = {"li": self.notes, "p": self.paragraphs, "item": self.paragraphs}
            kinds.get(tag, self.headings).append(text)

    def handle_data(self, data):
        if self._open and self._open[-1] != "skip":
            self._text.append(data)


def read(html: str) -> Reader:
    reader = Reader()
    reader.feed(html)
    return reader


@pytest.fixture
def ubnd(db):
    return demo_document("11002", "2025-11", issued_on=date(2026, 2, 5))


def test_standalone_file_needs_nothing_from_the_server(ubnd):
    html = render_html(ubnd)
    assert html.startswith("<!doctype html>") and '<html lang="vi">' in html
    assert "<style>" in html and "@page { size: A4" in html
    assert read(html).external == []


def test_same_headings_and_numbering_as_the_docx(ubnd):
    document = rendered(ubnd)
    docx_headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert read(render_html(ubnd)).headings == docx_headings


def test_same_paragraphs_tasks_and_closing_as_the_docx(ubnd):
    document = rendered(ubnd)
    body = [squeeze(p.text) for p in document.paragraphs if p.style.name == "Body Text"]
    html = read(render_html(ubnd)).paragraphs
    assert html == body
    # The seed's "- **Công nghiệp ...:**" is a list item, its "-" the list's marker.
    assert html[0].startswith("Công nghiệp, thương mại, dịch vụ:")
    assert html[-1].startswith("Trên đây là Báo cáo")


def test_footnotes_at_the_bottom_in_order_with_their_references(ubnd):
    reader = read(render_html(ubnd))
    document = rendered(ubnd)
    assert reader.notes == [squeeze(n) for n in footnotes_of(document).values()]
    assert reader.refs == len(ubnd.footnotes) == 4
    html = render_html(ubnd)
    assert html.index('id="fnref4"') < html.index('<ol class="footnotes">') < html.index('id="fn4"')


def test_header_date_recipients_and_signature(ubnd):
    html = render_html(ubnd)
    for text in (
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG THẠCH KHÔI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thạch Khôi, ngày 05 tháng 02 năm 2026",
        "Nơi nhận:",
        "- UBND thành phố (để báo cáo);",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "Phạm Ngọc Sơn",
    ):
        assert text in html, text


def test_a_missing_figure_is_marked_in_the_draft(db):
    html = render_html(demo_document("11443", "2025-11"))  # Kiến An: tthc.received missing
    assert '<mark class="missing">[chưa có số liệu: tthc.received]</mark>' in html


def test_party_report_has_its_own_header_and_numbered_tasks(db):
    doc = demo_document("11086", "2025-10", "dang-monthly", issued_on=date(2025, 11, 28))
    html = render_html(doc)
    assert 'class="document doc-dang"' in html
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html and '<span class="star">*</span>' in html
    assert re.search(r"Số \d+-BC/ĐU", html)  # the approved demo report's register number
    assert "Đại Sơn, ngày 28 tháng 11 năm 2025" in html
    assert "CỘNG HÒA XÃ HỘI" not in html
    assert f'<p class="task">1. {doc.sections[-1].tasks[0]}</p>' in html
