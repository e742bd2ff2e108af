"""render_report: the one entry point of the command, the web download and the API."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

import pytest

from baocao.documents.docx import render_docx
from baocao.documents.errors import DocumentError
from baocao.documents.model import build_document
from baocao.documents.services import finish_docx, render_report
from baocao.reports.models import Block
from tests.documents.helpers import approved, open_docx
from tests.factories import demo_report

# Phường Kiến An did not report tthc.received for tháng 11/2025 (baocao/demo/load.py).
INCOMPLETE = ("11443", "2025-11")


def all_xml_text(data: bytes) -> str:
    with zipfile.ZipFile(BytesIO(data)) as package:
        return "".join(
            package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        )


def parts(data: bytes) -> dict[str, bytes]:
    """Every part of a DOCX as bytes; the created and modified times blanked."""
    with zipfile.ZipFile(BytesIO(data)) as package:
        out = {name: package.read(name) for name in package.namelist()}
    times = rb"(<dcterms:(created|modified)[^>]*>)[^<]*"
    out["docProps/core.xml"] = re.sub(times, rb"\1", out["docProps/core.xml"])
    return out


def test_the_page_finished_before_the_one_save_is_the_file_finished_after_saving(db):
    """render_report finishes the page (end kept with the signature, Nơi nhận, the draft
    mark) in memory and saves once; the file is byte for byte, part by part, the one
    of saving the content, opening it again, finishing and saving (issue 18)."""
    report = demo_report("11002", "2025-11")  # a draft, with footnotes and lists
    report.signer_name = ""  # an empty run, written <w:t/> either way
    data = render_report(report, "docx", final=False)
    doc = build_document(report)
    document = open_docx(render_docx(doc))
    finish_docx(document, doc, draft=True)
    saved = BytesIO()
    document.save(saved)
    assert parts(data) == parts(saved.getvalue())
    assert b"<w:t/>" in parts(data)["word/document.xml"]


def test_a_final_document_shows_no_placeholder_syntax(db, tmp_path):
    report = approved(demo_report("11560", "2025-11"))
    target = tmp_path / "bao-cao.docx"
    data = render_report(report, target, final=True)
    assert target.read_bytes() == data
    xml = all_xml_text(data)
    for syntax in ("{{", "}}", "[^", "chưa có số liệu"):
        assert syntax not in xml
    assert len(open_docx(data).paragraphs) > 40


def test_a_final_document_with_a_missing_figure_is_refused_with_the_list(db, tmp_path):
    report = approved(demo_report(*INCOMPLETE))
    target = tmp_path / "kien-an.docx"
    with pytest.raises(DocumentError) as refused:
        render_report(report, target, final=True)
    message = str(refused.value)
    assert message.startswith("Báo cáo còn thiếu 1 số liệu nên chưa xuất được bản chính thức")
    assert "tthc.received (Tổng số hồ sơ tiếp nhận)" in message
    assert not target.exists()


def test_the_same_report_renders_as_a_draft_with_the_gap_marked(db):
    data = render_report(demo_report(*INCOMPLETE), "docx", final=False)
    assert "[chưa có số liệu: tthc.received]" in all_xml_text(data)


def test_placeholder_syntax_the_parser_does_not_take_blocks_a_final_document(db):
    report = approved(demo_report("11560", "2025-11"))
    block = Block.objects.filter(section__report=report, kind=Block.PARAGRAPH).first()
    block.text += " Tổng số {{ TTHC.Received }} hồ sơ."  # upper case: not a placeholder
    block.save()
    with pytest.raises(DocumentError, match="Lời văn còn mã chưa thay được"):
        render_report(report, "docx", final=True)
    assert "{{ TTHC.Received }}" in all_xml_text(render_report(report, "docx", final=False))


@pytest.mark.parametrize("target", ["bao-cao.txt", "odt", "bao-cao"])
def test_an_unknown_format_is_refused(db, target):
    with pytest.raises(DocumentError, match="chỉ có .docx, .pdf và .html"):
        render_report(demo_report("11560", "2025-11"), target, final=False)


def test_html_by_suffix_is_the_standalone_file(db):
    data = render_report(approved(demo_report("11560", "2025-11")), ".html", final=True)
    assert data.decode("utf-8").startswith("<!doctype html>")


def test_pdf_without_libreoffice_says_how_to_install_it(db, monkeypatch):
    monkeypatch.setenv("BAOCAO_SOFFICE", "/khong/co/soffice")
    with pytest.raises(DocumentError) as refused:
        render_report(demo_report("11560", "2025-11"), "pdf", final=False)
    assert "Chưa cài LibreOffice nên không xuất được PDF" in str(refused.value)
    assert "apt-get install libreoffice-writer-nogui" in str(refused.value)
