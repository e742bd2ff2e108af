"""The styled blank page of each format (docx_page.blank_document) is made once and kept
under var/cache/, so a `baocao render` process does not set the styles up again; a
var/ that cannot be written only costs making it each time."""

from __future__ import annotations

import pytest

from baocao.documents import docx_page
from tests.documents.helpers import open_docx


@pytest.fixture
def fresh(settings, tmp_path):
    """No page made yet in this process, and var/ in a folder of the test's own."""
    settings.VAR_DIR = tmp_path
    docx_page.blank_document.cache_clear()
    yield tmp_path
    docx_page.blank_document.cache_clear()


def test_the_page_is_kept_under_var_cache_and_read_back_from_there(fresh):
    made = docx_page.blank_document(docx_page.ND30)
    kept = list((fresh / "cache").glob("docx-page-*.docx"))
    assert len(kept) == 1 and kept[0].read_bytes() == made
    assert open_docx(made).styles["Body Text"].font.size.pt == 14

    kept[0].write_bytes(b"what the next process finds")
    docx_page.blank_document.cache_clear()  # as a new process
    assert docx_page.blank_document(docx_page.ND30) == b"what the next process finds"


def test_each_format_has_its_own_page(fresh):
    docx_page.blank_document(docx_page.ND30)
    docx_page.blank_document(docx_page.HD36)
    assert len(list((fresh / "cache").glob("docx-page-*.docx"))) == 2


def test_a_var_that_cannot_be_written_still_gives_the_page(settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where var/ would be")
    settings.VAR_DIR = blocked
    docx_page.blank_document.cache_clear()
    try:
        page = docx_page.blank_document(docx_page.ND30)
    finally:
        docx_page.blank_document.cache_clear()
    assert open_docx(page).styles["Body Text"].font.size.pt == 14
