"""The source's closing sentence is kept word for word: the Thạch Khôi seed closes with
"…của UBND phường Thạch Khê./." and the document must not silently correct it."""

import pytest

from baocao.documents.model import build_document
from baocao.importer.extract import extract_file
from baocao.importer.store import store_extraction
from tests.conftest import SHARED
from tests.factories import make_unit

pytestmark = pytest.mark.django_db
SEED_UBND = SHARED / "seeds" / "002_c69ecaed7d58e06f.txt"


def test_the_imported_closing_sentence_is_printed_as_the_source_wrote_it():
    report = store_extraction(extract_file(SEED_UBND), unit=make_unit(), period="2026-05")
    assert report.closing.endswith("của UBND phường Thạch Khê./.")
    document = build_document(report)
    assert document.closing == report.closing


def test_a_report_without_its_own_closing_prints_the_template_sentence():
    report = store_extraction(extract_file(SEED_UBND), unit=make_unit(), period="2026-05")
    report.closing = ""
    report.save()
    closing = build_document(report).closing
    assert closing.startswith("Trên đây là Báo cáo tình hình thực hiện nhiệm vụ")
    assert "Thạch Khê./." not in closing
