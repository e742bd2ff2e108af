"""Real footnotes in the report DOCX: written, saved, opened again from bytes and checked."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import PartFactory
from docx.oxml import parse_xml
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from baocao.documents.footnotes import (
    add_footnote,
    ensure_footnote_styles,
    footnote_references,
    footnotes_of,
)

_PLAIN_PARSER = etree.XMLParser(resolve_entities=False)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

NOTE_HO_KINH_DOANH = "11 hộ giải thể, phá sản, xóa tên hộ kinh doanh; 01 tạm ngừng hoạt động"
NOTE_THU_NGAN_SACH = "Trong đó: thu thuế ngoài quốc doanh 1.050.761.000 đồng."
NOTE_TTHC = "Trực tuyến 198 hồ sơ, trực tiếp 47 hồ sơ; đúng hạn 100%."

BEFORE_NOTE_1 = "1. Về kinh tế: trên địa bàn xã có 12 hộ kinh doanh thay đổi trạng thái"
BEFORE_NOTE_2 = "; thu ngân sách đạt 11 tỷ 15 triệu đồng"
AFTER_NOTE_2 = ", bằng 85,3% dự toán huyện giao."
BEFORE_NOTE_3 = "2. Về cải cách hành chính: tiếp nhận 245 hồ sơ"


# -- helpers: making documents and reading the saved package ---------------------------


def make_report_with_three_notes():
    """A title, then two body paragraphs carrying notes 1, 2 and 3 where the prose puts them."""
    document = Document()
    document.add_paragraph("BÁO CÁO Kết quả công tác tháng 10 năm 2025")
    first = document.add_paragraph(BEFORE_NOTE_1)
    add_footnote(first, NOTE_HO_KINH_DOANH)
    first.add_run(BEFORE_NOTE_2)
    add_footnote(first, NOTE_THU_NGAN_SACH)
    first.add_run(AFTER_NOTE_2)
    second = document.add_paragraph(BEFORE_NOTE_3)
    add_footnote(second, NOTE_TTHC)
    second.add_run(", giải quyết đúng hạn toàn bộ.")
    return document


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def reopened(data: bytes):
    return Document(io.BytesIO(data))


def part_xml(data: bytes, name: str):
    """A part of the saved package as plain lxml elements, not python-docx's classes."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name), _PLAIN_PARSER)


def with_parts_replaced(data: bytes, replacements: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, replacements.get(item.filename, source.read(item.filename)))
    return out.getvalue()


def renumbered(data: bytes, new_ids: dict[int, int], separator_ids: tuple[int, int]) -> bytes:
    """The same document with its note ids changed as another writer numbers them.

    pandoc starts real notes at 9; LibreOffice uses 0 and 1 for the separators and
    starts real notes at 2.
    """
    footnotes = part_xml(data, "word/footnotes.xml")
    body = part_xml(data, "word/document.xml")
    special = dict(zip(("separator", "continuationSeparator"), separator_ids, strict=True))
    for note in footnotes.iter(f"{W}footnote"):
        kind = note.get(f"{W}type")
        old = int(note.get(f"{W}id"))
        note.set(f"{W}id", str(special[kind] if kind else new_ids[old]))
    for reference in body.iter(f"{W}footnoteReference"):
        reference.set(f"{W}id", str(new_ids[int(reference.get(f"{W}id"))]))
    return with_parts_replaced(
        data,
        {
            "word/footnotes.xml": _xml(footnotes),
            "word/document.xml": _xml(body),
        },
    )


def _xml(element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


# -- the footnotes part ----------------------------------------------------------------


def test_saved_document_has_notes_1_to_n_in_order_with_their_text():
    data = saved(make_report_with_three_notes())

    assert footnotes_of(reopened(data)) == {
        1: NOTE_HO_KINH_DOANH,
        2: NOTE_THU_NGAN_SACH,
        3: NOTE_TTHC,
    }
    notes = part_xml(data, "word/footnotes.xml").findall(f"{W}footnote")
    real = [n for n in notes if n.get(f"{W}type") is None]
    assert [n.get(f"{W}id") for n in real] == ["1", "2", "3"]
    assert "".join(real[0].itertext()).strip() == NOTE_HO_KINH_DOANH


def test_footnotes_part_has_the_separator_notes_word_writes():
    data = saved(make_report_with_three_notes())

    notes = part_xml(data, "word/footnotes.xml").findall(f"{W}footnote")

    assert [(n.get(f"{W}id"), n.get(f"{W}type")) for n in notes[:2]] == [
        ("-1", "separator"),
        ("0", "continuationSeparator"),
    ]
    assert notes[0].find(f".//{W}separator") is not None
    assert notes[1].find(f".//{W}continuationSeparator") is not None


def test_add_footnote_returns_the_new_note_id():
    document = Document()
    paragraph = document.add_paragraph("Nội dung")

    assert [add_footnote(paragraph, f"Ghi chú {n}") for n in range(3)] == [1, 2, 3]


def test_formatted_runs_make_the_note_text():
    document = Document()
    paragraph = document.add_paragraph("Thu ngân sách")
    add_footnote(
        paragraph,
        "",
        runs=[("Trong đó: ", {"bold": True}), ("thu thuế 1.050.761.000 đồng.", {"italic": True})],
    )

    data = saved(document)

    assert footnotes_of(reopened(data)) == {1: "Trong đó: thu thuế 1.050.761.000 đồng."}
    note = part_xml(data, "word/footnotes.xml").find(f"{W}footnote[@{W}id='1']")
    bold_text = [
        r.findtext(f"{W}t") for r in note.iter(f"{W}r") if r.find(f"{W}rPr/{W}b") is not None
    ]
    assert bold_text == ["Trong đó: "]


def test_unknown_run_format_is_refused():
    paragraph = Document().add_paragraph("Nội dung")

    with pytest.raises(ValueError, match="boldd"):
        add_footnote(paragraph, "", runs=[("x", {"boldd": True})])


def test_footnote_in_a_header_is_refused():
    document = Document()
    header_paragraph = document.sections[0].header.paragraphs[0]

    with pytest.raises(ValueError, match="body"):
        add_footnote(header_paragraph, "Không hợp lệ")


# -- the references in the body --------------------------------------------------------


def test_each_reference_sits_right_after_the_text_it_follows():
    document = reopened(saved(make_report_with_three_notes()))

    references = footnote_references(document)

    first_offset_2 = len(BEFORE_NOTE_1) + len(BEFORE_NOTE_2)
    assert references == [
        (1, 1, len(BEFORE_NOTE_1)),
        (2, 1, first_offset_2),
        (3, 2, len(BEFORE_NOTE_3)),
    ]
    first_text = document.paragraphs[1].text
    assert first_text[: len(BEFORE_NOTE_1)].endswith("thay đổi trạng thái")
    assert first_text[first_offset_2:] == AFTER_NOTE_2


def test_offsets_count_tabs_and_hyperlink_text_like_paragraph_text():
    document = Document()
    paragraph = document.add_paragraph("Mục\t1")
    paragraph._p.append(
        parse_xml(
            '<w:hyperlink xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:r><w:t>liên kết</w:t></w:r></w:hyperlink>"
        )
    )
    add_footnote(paragraph, "Ghi chú")

    assert footnote_references(document) == [(1, 0, len("Mục\t1liên kết"))]
    assert document.paragraphs[0].text == "Mục\t1liên kết"


def test_reference_runs_carry_the_footnote_reference_style():
    data = saved(make_report_with_three_notes())

    body = part_xml(data, "word/document.xml")
    references = list(body.iter(f"{W}footnoteReference"))

    assert [r.get(f"{W}id") for r in references] == ["1", "2", "3"]
    for reference in references:
        style = reference.getparent().find(f"{W}rPr/{W}rStyle")
        assert style.get(f"{W}val") == "FootnoteReference"


def test_notes_mark_their_number_with_the_footnote_reference_style():
    data = saved(make_report_with_three_notes())

    marks = list(part_xml(data, "word/footnotes.xml").iter(f"{W}footnoteRef"))

    assert len(marks) == 3
    for mark in marks:
        assert mark.getparent().find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"
        paragraph_style = mark.getparent().getparent().find(f"{W}pPr/{W}pStyle")
        assert paragraph_style.get(f"{W}val") == "FootnoteText"


# -- styles, content types, relationships, settings -------------------------------------


def test_styles_part_defines_superscript_reference_and_12pt_note_text():
    data = saved(make_report_with_three_notes())

    styles = part_xml(data, "word/styles.xml")
    reference = styles.find(f"{W}style[@{W}styleId='FootnoteReference']")
    text = styles.find(f"{W}style[@{W}styleId='FootnoteText']")

    assert reference.get(f"{W}type") == "character"
    assert reference.find(f"{W}rPr/{W}vertAlign").get(f"{W}val") == "superscript"
    assert text.get(f"{W}type") == "paragraph"
    assert text.find(f"{W}rPr/{W}sz").get(f"{W}val") == "24"  # half-points
    fonts = text.find(f"{W}rPr/{W}rFonts")
    assert {fonts.get(f"{W}{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    assert text.find(f"{W}pPr/{W}jc").get(f"{W}val") == "both"
    assert text.find(f"{W}pPr/{W}spacing").get(f"{W}line") == "240"


def test_content_types_has_the_footnotes_override():
    data = saved(make_report_with_three_notes())

    types = part_xml(data, "[Content_Types].xml")
    overrides = {
        o.get("PartName"): o.get("ContentType")
        for o in types.iter(
            "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
        )
    }

    assert overrides["/word/footnotes.xml"] == CT.WML_FOOTNOTES


def test_document_relationships_point_at_the_footnotes_part():
    data = saved(make_report_with_three_notes())

    rels = part_xml(data, "word/_rels/document.xml.rels")
    targets = {r.get("Type"): r.get("Target") for r in rels}

    assert targets[RT.FOOTNOTES] == "footnotes.xml"


def test_settings_get_no_footnote_properties_word_does_not_need():
    data = saved(make_report_with_three_notes())

    assert part_xml(data, "word/settings.xml").find(f"{W}footnotePr") is None


def test_stale_settings_separator_ids_follow_the_new_separators():
    document = Document()
    document.settings.element.append(
        parse_xml(
            '<w:footnotePr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:footnote w:id="5"/><w:footnote w:id="6"/></w:footnotePr>'
        )
    )
    add_footnote(document.add_paragraph("Nội dung"), "Ghi chú")

    footnote_pr = part_xml(saved(document), "word/settings.xml").find(f"{W}footnotePr")

    assert [n.get(f"{W}id") for n in footnote_pr.findall(f"{W}footnote")] == ["-1", "0"]


def test_ensure_footnote_styles_is_idempotent():
    document = Document()

    ensure_footnote_styles(document)
    ensure_footnote_styles(document, text_size_pt=10)
    add_footnote(document.add_paragraph("Nội dung"), "Ghi chú")

    styles = part_xml(saved(document), "word/styles.xml")
    ids = [s.get(f"{W}styleId") for s in styles.findall(f"{W}style")]
    assert ids.count("FootnoteText") == 1
    assert ids.count("FootnoteReference") == 1
    text = styles.find(f"{W}style[@{W}styleId='FootnoteText']")
    assert text.find(f"{W}rPr/{W}sz").get(f"{W}val") == "24"  # the first call won


def test_custom_font_and_size_for_note_text():
    document = Document()

    ensure_footnote_styles(document, font_name="Arial", text_size_pt=11)

    text = document.styles["Footnote Text"]
    assert (text.font.name, text.font.size.pt) == ("Arial", 11)


# -- documents that already have notes ---------------------------------------------------


def test_reload_add_save_keeps_old_notes_and_numbers_the_new_one_after_them():
    document = reopened(saved(make_report_with_three_notes()))

    new_paragraph = document.add_paragraph("3. Về hộ tịch: đăng ký khai sinh 14 trường hợp")
    new_id = add_footnote(new_paragraph, "Trong đó: khai sinh đúng hạn 14 trường hợp.")
    data = saved(document)

    assert new_id == 4
    assert footnotes_of(reopened(data)) == {
        1: NOTE_HO_KINH_DOANH,
        2: NOTE_THU_NGAN_SACH,
        3: NOTE_TTHC,
        4: "Trong đó: khai sinh đúng hạn 14 trường hợp.",
    }
    assert [r[0] for r in footnote_references(reopened(data))] == [1, 2, 3, 4]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.namelist().count("word/footnotes.xml") == 1


def test_pandoc_numbering_from_9_is_read_and_continued():
    data = renumbered(saved(make_report_with_three_notes()), {1: 9, 2: 10, 3: 11}, (-1, 0))
    document = reopened(data)

    assert footnotes_of(document) == {9: NOTE_HO_KINH_DOANH, 10: NOTE_THU_NGAN_SACH, 11: NOTE_TTHC}
    assert add_footnote(document.add_paragraph("Thêm"), "Ghi chú mới") == 12


def test_libreoffice_separators_0_and_1_are_not_notes():
    data = renumbered(saved(make_report_with_three_notes()), {1: 2, 2: 3, 3: 4}, (0, 1))
    document = reopened(data)

    assert footnotes_of(document) == {2: NOTE_HO_KINH_DOANH, 3: NOTE_THU_NGAN_SACH, 4: NOTE_TTHC}
    assert [r[0] for r in footnote_references(document)] == [2, 3, 4]
    assert add_footnote(document.add_paragraph("Thêm"), "Ghi chú mới") == 5


def test_document_opened_before_the_module_registered_its_part_is_still_editable(monkeypatch):
    data = saved(make_report_with_three_notes())
    monkeypatch.delitem(PartFactory.part_type_for, CT.WML_FOOTNOTES)
    document = reopened(data)  # footnotes.xml arrives as an opaque blob part
    monkeypatch.undo()

    add_footnote(document.add_paragraph("Thêm"), "Ghi chú mới")

    assert footnotes_of(reopened(saved(document)))[4] == "Ghi chú mới"


def test_document_without_notes_has_none():
    document = Document()
    document.add_paragraph("Không có chú thích")

    assert footnotes_of(document) == {}
    assert footnote_references(document) == []


def footnotes_xml(body: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
        f'<w:footnotes xmlns:w="{W[1:-1]}">{body}</w:footnotes>'
    ).encode()


def test_notes_and_references_without_a_numeric_id_are_skipped():
    data = saved(make_report_with_three_notes())
    broken = footnotes_xml(
        '<w:footnote w:id="1"><w:p><w:r><w:t>Hợp lệ</w:t></w:r></w:p></w:footnote>'
        "<w:footnote><w:p><w:r><w:t>Không có id</w:t></w:r></w:p></w:footnote>"
        '<w:footnote w:id="x"><w:p><w:r><w:t>Id sai</w:t></w:r></w:p></w:footnote>'
    )
    body = part_xml(data, "word/document.xml")
    next(body.iter(f"{W}footnoteReference")).attrib.pop(f"{W}id")
    document = reopened(
        with_parts_replaced(data, {"word/footnotes.xml": broken, "word/document.xml": _xml(body)})
    )

    assert footnotes_of(document) == {1: "Hợp lệ"}
    assert [r[0] for r in footnote_references(document)] == [2, 3]
    assert add_footnote(document.add_paragraph("Thêm"), "Ghi chú mới") == 2


def test_entities_in_an_imported_footnotes_part_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("BÍ MẬT", encoding="utf-8")
    hostile = footnotes_xml(
        '<w:footnote w:id="1"><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:footnote>',
        doctype=f'<!DOCTYPE w:footnotes [<!ENTITY xxe SYSTEM "file://{secret}">]>',
    )
    data = with_parts_replaced(
        saved(make_report_with_three_notes()), {"word/footnotes.xml": hostile}
    )

    assert "BÍ MẬT" not in footnotes_of(reopened(data))[1]


_NOTE_TEXT = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "Zs"), include_characters="<>&\"'"),
    min_size=1,
    max_size=80,
).filter(lambda s: s.strip())


@settings(max_examples=40, deadline=None)
@given(note=_NOTE_TEXT)
def test_any_note_text_survives_save_and_reload(note):
    document = Document()
    add_footnote(document.add_paragraph("Nội dung"), note)

    assert footnotes_of(reopened(saved(document))) == {1: note.strip()}


# -- rendered by LibreOffice ---------------------------------------------------------------


@pytest.mark.pdf
def test_libreoffice_puts_the_notes_at_the_bottom_of_page_1(tmp_path):
    assert shutil.which("soffice"), "LibreOffice (soffice) is required for the pdf tests"
    source = tmp_path / "bao_cao.docx"
    source.write_bytes(saved(make_report_with_three_notes()))

    # Each conversion gets its own profile: two soffice sharing one silently make no PDF.
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo_profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    layout = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(tmp_path / "bao_cao.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    page_1 = " ".join(layout.split())  # lines wrap where the page is full

    last_body_text = page_1.index("giải quyết đúng hạn toàn bộ.")
    positions = [page_1.index(note) for note in (NOTE_HO_KINH_DOANH, NOTE_THU_NGAN_SACH, NOTE_TTHC)]
    assert last_body_text < positions[0] < positions[1] < positions[2]
