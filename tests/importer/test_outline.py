"""The outline as numbered in the text, and the section of each paragraph."""

from baocao.importer.outline import build_outline
from baocao.importer.readers import txt
from tests.importer.make import seed_text


def outline_of(text: str):
    source = txt.read(text.encode())
    return source, build_outline(source)


def test_the_ward_seed_outline():
    _, outline = outline_of(seed_text("002_c69ecaed7d58e06f"))
    top = outline.as_json()
    assert [(s["number"], s["title"]) for s in top] == [
        ("I", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ"),
        ("II", "PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 11"),
    ]
    economy = top[0]["children"][0]
    assert (economy["number"], economy["title"]) == ("1", "Lĩnh vực kinh tế")
    assert [c["title"] for c in economy["children"]] == [
        "Công nghiệp, thương mại, dịch vụ",
        "Nông nghiệp",
    ]
    culture = top[0]["children"][4]["children"][0]
    assert culture["number"] == "5.1"
    assert [c["title"] for c in culture["children"]] == ["Nội vụ", "Văn hóa, Thể thao", "Tôn giáo"]
    police = top[0]["children"][7]
    assert [c["title"] for c in police["children"]] == [
        "Kết quả tiếp nhận, giải quyết các thủ tục đăng ký cư trú",
        "Công tác phòng cháy, chữa cháy",
    ]


def test_the_party_seed_has_parts_a_and_b():
    _, outline = outline_of(seed_text("000_a74f68ec347e13c9"))
    top = outline.as_json()
    assert [(s["number"], s["title"]) for s in top] == [
        ("A", "KẾT QUẢ CÔNG TÁC THÁNG 10/2025"),
        ("B", "NHIỆM VỤ TRỌNG TÂM THÁNG 11/2025"),
    ]
    assert [s["number"] for s in top[0]["children"]] == ["I", "II", "III", "IV"]
    assert [s["number"] for s in top[1]["children"]] == [str(i) for i in range(1, 12)]


def test_each_paragraph_knows_its_section_and_a_note_that_of_its_anchor():
    source, outline = outline_of(seed_text("002_c69ecaed7d58e06f"))
    index = next(
        i for i, p in enumerate(source.paragraphs) if "2575 văn bản" in source.paragraph_text(p)
    )
    assert [s.number for s in outline.path_of(index)] == ["I", "6"]
    note = next(i for i, p in enumerate(source.paragraphs) if p.note == "3")
    assert [s.number for s in outline.path_of(note)] == ["I", "3", "3.1"]


def test_letters_and_a_decimal_subsection_nest_under_their_number():
    _, outline = outline_of(
        "I. KẾT QUẢ\n1. Kinh tế\na) Nông nghiệp: lúa tốt.\nb) Công nghiệp ổn định.\n"
        "1.2 Thương mại\n2. Xã hội\nII. PHƯƠNG HƯỚNG\n1. Kinh tế\n\nNơi nhận:\n- Như trên;"
    )
    top = outline.as_json()
    economy = top[0]["children"][0]
    assert [c["number"] for c in economy["children"]] == ["a", "b", "1.2"]
    assert [c["number"] for c in top[1]["children"]] == ["1"]
    assert len(top) == 2  # "Nơi nhận" and its list are no sections


def test_a_numbered_paragraph_gets_a_short_title():
    _, outline = outline_of(
        "B. NHIỆM VỤ\n1. Tiếp tục lãnh đạo, chỉ đạo thực hiện các nhiệm vụ. "
        + "Nội dung dài. " * 20
    )
    (item,) = outline.as_json()[0]["children"]
    assert item["title"] == "Tiếp tục lãnh đạo, chỉ đạo thực hiện các nhiệm vụ."
