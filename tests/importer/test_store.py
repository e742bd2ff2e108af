"""store_extraction: an extracted report stored as a draft, and the round trip
seed → import → DOCX → import again."""

import re
from decimal import Decimal

import pytest

from baocao.documents.services import render_report
from baocao.importer.extract import extract, extract_file
from baocao.importer.store import store_extraction
from baocao.reports.errors import ReportError
from baocao.reports.models import AuditEntry, Block, Report
from tests.conftest import SHARED
from tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db
SEED_UBND = SHARED / "seeds" / "002_c69ecaed7d58e06f.txt"
SEED_DANG = SHARED / "seeds" / "000_a74f68ec347e13c9.txt"
_END = re.compile(r"\A(?:Nơi nhận|Trên đây là)", re.I)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# Where baocao writes a seed back in its own conventions: numbering computed from the
# outline (the Thạch Khôi seed has "1.2 Nông nghiệp" as the first subsection of 1.,
# whose "1.1" it never wrote), and list items as a Word list, whose "-" and "+" Word
# draws (so they are not in the text read back).
def conventional(text: str) -> str:
    text = re.sub(r"\A1\.2 Nông nghiệp:", "1.1 Nông nghiệp:", text)
    return re.sub(r"\A(?:[-–•](?:\s+\+)?|\+)\s+", "", text)


def body(extraction, heading: str, normal=None) -> tuple[str, list[tuple[int, str]]]:
    """The body from `heading` to the closing sentence, without whitespace, and each
    footnote as (where its mark stands in that body, its text); `normal` rewrites a
    paragraph's text before."""
    source = extraction.source
    first = next(p.start for p in source.paragraphs if source.text[p.start : p.end] == heading)
    parts, notes, length = [], [], 0
    for p in source.paragraphs:
        text = source.text[p.start : p.end]
        if p.note is not None or p.start < first:
            continue
        if _END.match(text):
            break
        written = normal(text) if normal else text
        shift = len(squeeze(written)) - len(squeeze(text))  # the rewrite is at the start
        for note in source.footnotes:
            if note.anchor is not None and p.start <= note.anchor <= p.end:
                at = len(squeeze(text[: note.anchor - p.start])) + shift
                notes.append((length + at, squeeze(note.text)))
        text = written
        parts.append(squeeze(text))
        length += len(parts[-1])
    return "".join(parts), notes


def fact_keys(extraction) -> list[tuple]:
    return sorted((f.code, f.value, f.unit, squeeze(f.quote)) for f in extraction.facts)


def test_import_stores_a_draft_with_placeholders_footnotes_and_audited_values():
    extraction = extract_file(SEED_UBND)
    unit, user = make_unit(), make_user()

    report = store_extraction(extraction, unit=unit, period="2026-05", user=user)

    assert report.status == Report.DRAFT and report.source == "import"
    assert report.template.code == "ubnd-monthly"
    assert report.values.count() == len(extraction.facts)
    assert report.values.get(indicator__code="ngansach.revenue").value == Decimal("11015000000")
    texts = list(Block.objects.filter(section__report=report).values_list("text", flat=True))
    joined = "\n".join(texts)
    assert "ước thực hiện {{ngansach.revenue|ty}} đồng" in joined
    assert "còn {{datdai.pending|pad}} hồ sơ" in joined
    assert "trên địa bàn[^1]." in joined
    note = Block.objects.get(section__report=report, kind=Block.FOOTNOTE, key="1")
    assert note.text.startswith("{{dkkd.dissolved}} hộ giải thể")
    assert "[^1]" in note.anchor.text
    assert report.tasks.exists()
    assert [s.number for s in report.sections.filter(parent=None)] == ["I", "II"]
    assert AuditEntry.objects.filter(report=report, action="value", user=user).count() == len(
        extraction.facts
    )


def test_a_second_import_of_the_same_period_is_refused_and_stores_nothing():
    extraction = extract_file(SEED_UBND)
    unit = make_unit()
    store_extraction(extraction, unit=unit, period="2026-05")

    with pytest.raises(ReportError, match="đã có"):
        store_extraction(extraction, unit=unit, period="2026-05")
    assert Report.objects.filter(unit=unit).count() == 1


def test_the_template_follows_the_issuer():
    report = store_extraction(extract_file(SEED_DANG), unit=make_unit(), period="2026-04")
    assert report.template.code == "dang-monthly"


@pytest.mark.parametrize("seed", [SEED_UBND, SEED_DANG], ids=["002", "000"])
def test_round_trip_seed_import_render_docx_read_back(seed):
    first = extract_file(seed)
    report = store_extraction(first, unit=make_unit(), period="2026-04")

    docx = render_report(report, "docx", final=False)  # a draft: final is for approved reports
    again = extract(docx, "bao-cao.docx")

    heading = first.source.text[first.outline.sections[0].start :].split("\n")[0]
    text, notes = body(first, heading, conventional)
    text_again, notes_again = body(again, heading)
    if text_again != text:
        at = next(i for i, (a, b) in enumerate(zip(text, text_again, strict=False)) if a != b)
        assert text_again[at - 80 : at + 80] == text[at - 80 : at + 80]
    assert text_again == text
    assert notes_again == notes
    assert len(again.source.footnotes) == len(first.source.footnotes)
    assert fact_keys(again) == fact_keys(first)
