"""Control characters (from old files, pasted text) never break a document."""

import io

from docx import Document

from baocao.documents.services import render_report
from baocao.reports.editing import save_block
from baocao.reports.models import Block
from tests.factories import demo_draft

DIRTY = "Có ký tự\x0b điều khiển\x01 và\x1f nữa\x7f."


def test_a_stored_paragraph_with_control_characters_renders_to_docx_and_html(db):
    report = demo_draft()
    block = Block.objects.filter(section__report=report, kind=Block.PARAGRAPH).first()
    Block.objects.filter(pk=block.pk).update(text=DIRTY)  # as an older import stored it
    docx = Document(io.BytesIO(render_report(report, "docx", final=False)))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "Có ký tự điều khiển và nữa." in text
    html = render_report(report, "html", final=False).decode()
    assert "Có ký tự điều khiển và nữa." in html


def test_the_editor_stores_text_without_control_characters(db):
    report = demo_draft()
    block = Block.objects.filter(section__report=report, kind=Block.PARAGRAPH).first()
    saved = save_block(block=block, text=DIRTY, expected_version=block.version)
    assert saved.text == "Có ký tự điều khiển và nữa."
