"""The text reader: encodings, footnote marks, paragraphs cut by a page break."""

import codecs

import pytest

from baocao.importer.errors import ImportRefused
from baocao.importer.readers import txt
from tests.importer.make import REPORT, SEED_NAMES, cp1258, seed_text


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with its BOM
        lambda t: t.encode("utf-16-le"),  # without a BOM
        lambda t: t.encode("utf-16-be"),
        cp1258,
    ],
    ids=["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "windows-1258"],
)
def test_every_encoding_gives_the_same_nfc_text(encode):
    source = txt.read(encode(REPORT))
    assert "Trung tâm Phục vụ hành chính công xã đã tiếp nhận 1.204 hồ sơ" in source.text
    assert source.text == txt.read(REPORT.encode()).text


def test_windows_1258_tone_marks_are_composed():
    data = cp1258("Tiếp nhận hồ sơ")
    assert b"\xec" in data  # the acute tone as a combining byte
    assert txt.read(data * 30).text.startswith("Tiếp nhận hồ sơ")


def test_tcvn3_text_is_converted_to_unicode():
    tcvn3 = "B¸o c¸o kÕt qu¶ th¸ng 10 n¨m 2025 cña Uû ban nh©n d©n x· vµ c¸c ®oµn thÓ ®­îc giao"
    source = txt.read(tcvn3.encode("latin-1"))
    assert source.text == (
        "Báo cáo kết quả tháng 10 năm 2025 của Uỷ ban nhân dân xã và các đoàn thể được giao"
    )
    assert source.converted == "tcvn3"


def test_vni_text_is_converted_even_when_saved_as_utf8():
    vni = "Baùo caùo keát quaû thaùng 10 naêm 2025 cuûa UÛy ban nhaân daân vaø caùc ñoaøn theå ñöôïc giao"
    source = txt.read(vni.encode("utf-8"))
    assert source.text == (
        "Báo cáo kết quả tháng 10 năm 2025 của Ủy ban nhân dân và các đoàn thể được giao"
    )
    assert source.converted == "vni"


def test_a_binary_file_is_refused():
    with pytest.raises(ImportRefused, match="nhị phân"):
        txt.read(bytes(range(256)) * 50)


def test_footnote_marks_become_notes_anchored_where_they_stood():
    source = txt.read(
        "Giải quyết 55 hồ sơ trên địa bàn¹. Chi 21 tỷ đồng²\n\n"
        "¹ 11 hộ giải thể; 36 hộ thành lập mới\n\n² Chi đầu tư: 6 tỷ đồng\n".encode()
    )
    first, second = source.footnotes
    assert (first.key, first.text) == ("1", "11 hộ giải thể; 36 hộ thành lập mới")
    assert source.text[: first.anchor].endswith("trên địa bàn")
    assert source.text[: second.anchor].endswith("Chi 21 tỷ đồng")
    assert "¹" not in source.text and source.text[first.start : first.end] == first.text
    assert [p.note for p in source.paragraphs] == [None, "1", "2"]


def test_a_superscript_that_is_no_mark_stays():
    source = txt.read("Diện tích 120 m² đất ở được cấp giấy chứng nhận.".encode())
    assert "120 m² đất" in source.text and source.footnotes == ()


def test_a_paragraph_cut_by_a_page_break_and_a_note_is_joined_again():
    source = txt.read(
        "Ủy ban nhân dân phường có báo cáo về chủ trương\n\n"
        "¹ Ghi chú cuối trang\n\n"
        "tu sửa di tích đình Lễ Quán¹.\n\n"
        "a) Mục a viết thường vẫn là một đoạn mới.".encode()
    )
    body = [source.text[p.start : p.end] for p in source.paragraphs if p.note is None]
    assert body == [
        "Ủy ban nhân dân phường có báo cáo về chủ trương tu sửa di tích đình Lễ Quán.",
        "a) Mục a viết thường vẫn là một đoạn mới.",
    ]


def test_markdown_bold_is_read_as_bold_and_taken_out():
    source = txt.read(
        "*** Nội vụ:**\n\n- **Công nghiệp:** Tình hình ổn định (*để báo cáo*)".encode()
    )
    texts = [source.text[p.start : p.end] for p in source.paragraphs]
    assert texts == ["* Nội vụ:", "- Công nghiệp: Tình hình ổn định (để báo cáo)"]
    bold = [source.text[s:e] for p in source.paragraphs for s, e in p.bold]
    assert bold == ["* Nội vụ:", "Công nghiệp:"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_the_seeds_are_read_with_all_their_notes(name):
    source = txt.read((seed_text(name)).encode())
    marks = sum(seed_text(name).count(m) for m in "¹²³⁴⁵⁶⁷") // 2
    assert len(source.footnotes) == marks
    assert all(n.anchor is not None for n in source.footnotes)
    assert "**" not in source.text
