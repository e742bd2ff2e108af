"""The report templates (baocao/data/templates/*.yaml) as files: schema, prose
syntax (docs/placeholders.md), footnotes, indicator codes, the outline of each
seed report, and prose that is generic (no figure written out). Pure pytest and
PyYAML: no Django, no database."""

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from baocao.reports.prose import FORMATS  # the formats prose renders

DATA = Path(__file__).resolve().parents[2] / "baocao" / "data"
TEMPLATES = DATA / "templates"
NAMES = ("ubnd-monthly", "dang-monthly")

PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)\s*(?:\|\s*([a-z]+)\s*)?\}\}")
FOOTNOTE = re.compile(r"\[\^([^\]\s]{1,20})\]")
FACTS = {"unit", "unit.name", "period", "period.year", "next_period", "next_period.year"}
REQUIRED = (
    "code",
    "name",
    "issuer",
    "frequency",
    "period_mode",
    "deadline_days",
    "symbol",
    "issuer_parent",
    "issuer_name",
    "title",
    "signer",
    "recipients",
    "closing",
    "mandatory",
    "outline",
)
TITLE_TOKENS = {"{period}", "{next_period}", "{year}", "{next_year}"}
HEADING_TOKENS = {"{PERIOD}", "{NEXT_PERIOD}", "{year}", "{next_year}"}

# Digits allowed in prose outside placeholders: names of programmes and standards
# that are the same for every commune. Anything else with a digit is a figure
# that belongs in a placeholder, or a date / name specific to one report.
DIGITS_ALLOWED = (
    "Đề án 06",
    "TCVN ISO 9001:2015",
    "Nghị quyết số 72-NQ/TW",
    "Ban Công tác 35",
    "định danh điện tử mức 2",
)

# The outline of each seed, transcribed by hand from the report text
# (shared/seeds/002_c69ecaed7d58e06f.txt, shared/seeds/000_a74f68ec347e13c9.txt),
# the month written as a token. UBND: the seed's "PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 11"
# is a slip for the next month (its title says tháng 12).
UBND_OUTLINE = [
    ("I", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ"),
    ("1", "Lĩnh vực kinh tế"),
    ("2", "Công tác thu, chi ngân sách"),
    ("3", "Quản lý đô thị, tài nguyên môi trường, đầu tư phát triển"),
    ("4", "Công tác giải phóng mặt bằng (GPMB)"),
    ("5", "Văn hóa - Xã hội"),
    ("6", "Văn phòng, Tư pháp"),
    ("7", "Trung tâm Phục vụ Hành chính công:"),
    ("8", "Công tác Quốc phòng, An ninh:"),
    ("9", "Công tác quân sự địa phương"),
    ("II", "PHƯƠNG HƯỚNG, NHIỆM VỤ {NEXT_PERIOD}"),
    ("1", "Kinh tế:"),
    ("2", "Tài nguyên, môi trường, trật tự đô thị và vệ sinh môi trường"),
    ("3", "Văn hóa, Xã hội"),
    ("4", "Trung tâm Phục vụ Hành chính công"),
    ("5", "An ninh, quốc phòng"),
    ("6", "Quân sự địa phương"),
]
UBND_SUBSECTIONS = {
    "1": [("1.2", "Nông nghiệp")],
    "3": [
        ("3.1", "Quản lý quy hoạch đô thị, xây dựng, đất đai"),
        ("3.2", "Công tác đầu tư công:"),
        ("3.3", "Quản lý đô thị, trật tự xây dựng và vệ sinh môi trường:"),
    ],
    "5": [
        ("5.1", "Lĩnh vực Nội vụ, văn hóa, thể thao, tôn giáo"),
        ("5.2", "Y tế, bảo trợ xã hội, người có công"),
        ("5.3", "Giáo dục và đào tạo"),
        ("5.4", "Khoa học, công nghệ đổi mới sáng tạo và chuyển đổi số, cải cách hành chính"),
    ],
}
DANG_OUTLINE = [
    ("A", "KẾT QUẢ CÔNG TÁC {PERIOD}/{year}"),
    ("I", "CÔNG TÁC XÂY DỰNG ĐẢNG"),
    ("II", "TÌNH HÌNH KINH TẾ - XÃ HỘI"),
    ("III", "TÌNH HÌNH AN NINH TRẬT TỰ - QUỐC PHÒNG"),
    ("IV", "MỘT SỐ HẠN CHẾ VÀ NGUYÊN NHÂN"),
    ("B", "NHIỆM VỤ TRỌNG TÂM {NEXT_PERIOD}/{next_year}"),
]
DANG_SUBSECTIONS = {
    "I": [
        ("1", "Công tác chính trị, tư tưởng"),
        ("2", "Công tác tổ chức, cán bộ, đảng viên"),
        ("3", "Công tác kiểm tra, giám sát"),
        ("4", "Công tác dân vận"),
        ("5", "Hoạt động của MTTQ và các đoàn thể chính trị - xã hội"),
        ("6", "Các chi, Đảng bộ trực thuộc Đảng ủy"),
    ],
    "II": [
        ("1", "Nông nghiệp"),
        ("2", "Về giao thông, vận tải"),
        ("3", "Về xây dựng, Công nghiệp - TTCN, Thương mại, Khoa học & Công nghệ"),
        ("4", "Tài nguyên và Môi trường"),
        ("5", "Tài chính - Kế hoạch"),
        ("6", "Về công tác Nội vụ"),
        ("7", "Văn hoá, thông tin, thể thao, phát thanh"),
        ("8", "Về Giáo dục và Đào tạo; Y tế"),
        ("9", "Về chuyển đổi số và Khoa học công nghệ"),
        ("10", "Công tác tiếp công dân và tư pháp"),
        ("11", "Hoạt động của Trung tâm Phục vụ Hành chính công"),
    ],
    "III": [("1", "An ninh trật tự"), ("2", "Quốc phòng")],
    "IV": [("1", "Hạn chế, khó khăn"), ("2", "Nguyên nhân")],
}
# Where the Party seed puts its seven footnotes, in order (¹ ... ⁷).
DANG_FOOTNOTES = ["vanhoa", "hotich", "tthc", "vuviec", "cutru", "doituong", "quansu"]
UBND_FOOTNOTES = ["dkkd", "chi", "datdai_nhan", "datdai_gq"]


def load(name: str) -> dict:
    return yaml.safe_load((TEMPLATES / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog() -> dict[str, dict]:
    groups = yaml.safe_load((DATA / "indicators.yaml").read_text(encoding="utf-8"))
    return {code: spec for group in groups.values() for code, spec in group.items()}


@pytest.fixture(scope="module", params=NAMES)
def template(request) -> dict:
    return load(request.param)


def nodes(outline: list[dict]):
    for node in outline:
        yield node
        yield from nodes(node.get("children") or [])


def blocks(spec: dict):
    for node in nodes(spec["outline"]):
        for block in node.get("blocks") or []:
            yield node, block


def prose(spec: dict):
    """Every piece of prose: block texts, footnote texts, task lines."""
    for _node, block in blocks(spec):
        yield block["text"]
        yield from (block.get("footnotes") or {}).values()
    for node in nodes(spec["outline"]):
        if isinstance(node.get("tasks"), list):
            yield from node["tasks"]


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def placeholders(spec: dict) -> list[tuple[str, str, str]]:
    """(code, format, text that follows) for every placeholder of the template's prose."""
    found = []
    for text in prose(spec):
        for m in PLACEHOLDER.finditer(text):
            found.append((m.group(1), m.group(2) or "", text[m.end() :]))
    return found


def figure_codes(spec: dict) -> set[str]:
    return {code for code, _fmt, _rest in placeholders(spec) if code not in FACTS}


def top_two_levels(spec: dict) -> list[tuple[str, str]]:
    out = []
    for part in spec["outline"]:
        out.append((part["number"], part["title"]))
        out.extend((child["number"], child["title"]) for child in part.get("children") or [])
    return out


# --- schema ---------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_required_keys_and_code_match_the_file(name):
    spec = load(name)
    missing = [key for key in REQUIRED if key not in spec]
    assert not missing, f"{name}: thiếu {missing}"
    assert spec["code"] == name
    assert spec["frequency"] == "monthly"
    assert spec["period_mode"] == "nd09"
    assert isinstance(spec["deadline_days"], int) and spec["deadline_days"] > 0
    assert {"authority", "deputy", "title"} <= set(spec["signer"])
    assert spec["signer"]["title"]
    assert spec["recipients"] and all(isinstance(r, str) and r for r in spec["recipients"])
    assert isinstance(spec["outline"], list) and spec["outline"]


def test_ubnd_header_is_the_nd30_form():
    spec = load("ubnd-monthly")
    assert spec["issuer"] == "ubnd"
    assert spec["symbol"] == "BC-UBND"
    assert spec["issuer_parent"] == ""
    assert spec["issuer_name"] == "ỦY BAN NHÂN DÂN\n{UNIT}"
    assert spec["signer"] == {
        "authority": "TM. ỦY BAN NHÂN DÂN",
        "deputy": "KT. CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
    }
    assert spec["recipients"][0] == "UBND thành phố (để báo cáo);"
    assert spec["recipients"][-1] == "Lưu: VT."
    assert "{unit}" in spec["closing"] and spec["closing"].endswith("./.")


def test_dang_header_is_the_party_form():
    spec = load("dang-monthly")
    assert spec["issuer"] == "dang"
    assert spec["symbol"] == "BC/ĐU"
    assert spec["issuer_parent"] == "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG"
    assert spec["issuer_name"] == "ĐẢNG ỦY {UNIT}"
    assert (
        spec["title"] == "kết quả công tác {period}, nhiệm vụ trọng tâm {next_period}/{next_year}"
    )
    assert spec["signer"] == {
        "authority": "T/M BAN THƯỜNG VỤ",
        "deputy": "",
        "title": "PHÓ BÍ THƯ THƯỜNG TRỰC",
    }
    assert spec["closing"] == ""


def test_title_uses_only_known_tokens(template):
    assert set(re.findall(r"\{[a-z_]+\}", template["title"])) <= TITLE_TOKENS
    assert "{period}" in template["title"] and "{next_period}" in template["title"]


def test_all_strings_are_nfc(template):
    bad = [s for s in strings(template) if unicodedata.normalize("NFC", s) != s]
    assert not bad, bad[:3]


# --- outline --------------------------------------------------------------


def test_ubnd_outline_follows_its_seed():
    spec = load("ubnd-monthly")
    assert top_two_levels(spec) == UBND_OUTLINE
    sections = {child["number"]: child for child in spec["outline"][0]["children"]}
    for number, expected in UBND_SUBSECTIONS.items():
        got = [(c["number"], c["title"]) for c in sections[number].get("children") or []]
        assert got == expected, number
    others = set(sections) - set(UBND_SUBSECTIONS)
    assert not any(sections[n].get("children") for n in others)


def test_dang_outline_follows_its_seed():
    spec = load("dang-monthly")
    assert top_two_levels(spec) == DANG_OUTLINE
    parts = {child["number"]: child for child in spec["outline"][0]["children"]}
    for number, expected in DANG_SUBSECTIONS.items():
        assert [(c["number"], c["title"]) for c in parts[number]["children"]] == expected, number


def test_section_headings_use_only_known_tokens(template):
    for node in nodes(template["outline"]):
        tokens = set(re.findall(r"\{[A-Za-z_]+\}", node["title"]))
        assert tokens <= HEADING_TOKENS, node["title"]
        assert "{{" not in node["title"]


def test_ubnd_part_ii_is_a_task_list_per_section():
    part = load("ubnd-monthly")["outline"][1]
    assert part.get("tasks") is True
    for child in part["children"]:
        assert child["tasks"] and all(
            isinstance(t, str) and t.endswith(".") for t in child["tasks"]
        ), child["number"]
        assert not child.get("blocks")


def test_dang_part_b_is_eleven_tasks_without_children():
    part = load("dang-monthly")["outline"][1]
    assert not part.get("children")
    assert len(part["tasks"]) == 11
    assert all(isinstance(t, str) and t.endswith(".") for t in part["tasks"])


def test_part_i_sections_all_have_prose(template):
    """Every leaf section of the results part has starting prose."""
    for node in nodes(template["outline"][:1]):
        if not node.get("children"):
            assert node.get("blocks"), node["title"]
            assert all(b.get("text") for b in node["blocks"]), node["title"]


# --- placeholders ---------------------------------------------------------


def test_placeholders_name_catalog_codes_or_facts(template, catalog):
    for code, fmt, _rest in placeholders(template):
        assert code in catalog or code in FACTS, code
        assert fmt in FORMATS, f"{code}|{fmt}"
        if code in FACTS:
            assert fmt == "", code


def test_no_malformed_placeholders(template):
    for text in prose(template):
        rest = PLACEHOLDER.sub("", text)
        assert "{{" not in rest and "}}" not in rest, text
        assert not re.search(r"(?<!\{)\{[a-zA-Z_]+\}(?!\})", text), (
            text
        )  # {unit} is for headers, not prose


def test_formats_fit_the_indicator(template, catalog):
    for code, fmt, rest in placeholders(template):
        if code in FACTS:
            continue
        unit, kind = catalog[code]["unit"], catalog[code]["kind"]
        if fmt in ("ty", "words"):
            assert unit == "đồng", f"{code}|{fmt}"
        if fmt == "pad":
            assert unit not in ("đồng", "%") and kind != "rate", f"{code}|pad"
        if unit == "%":
            assert fmt == "" and rest.startswith("%"), f"{code} phải theo sau bởi %"
        if unit == "đồng":
            assert rest.startswith(" đồng"), f"{code}: số tiền phải có đơn vị đồng"


def test_prose_has_no_figures_outside_placeholders(template):
    for text in prose(template):
        rest = PLACEHOLDER.sub("", text)
        for allowed in DIGITS_ALLOWED:
            rest = rest.replace(allowed, "")
        assert not re.search(r"\d", rest), text


def test_prose_names_no_seed_commune():
    for name in NAMES:
        for text in prose(load(name)):
            for word in (
                "Thạch Khôi",
                "Thạch Khê",
                "Đại Sơn",
                "Liên Hồng",
                "Gia Xuyên",
                "Phú Tảo",
                "Xuân Nẻo",
            ):
                assert word not in text, (name, word)


# --- footnotes ------------------------------------------------------------


def test_footnotes_are_referenced_exactly_once_in_their_block(template):
    for _node, block in blocks(template):
        notes = block.get("footnotes") or {}
        refs = FOOTNOTE.findall(block["text"])
        assert set(refs) == set(notes), block["text"][:60]
        for key in notes:
            assert refs.count(key) == 1, key
            assert notes[key], key
            assert not FOOTNOTE.search(notes[key]), key
        assert "[^" not in FOOTNOTE.sub("", block["text"])


def test_footnote_keys_are_unique_in_a_template(template):
    keys = [key for _node, block in blocks(template) for key in (block.get("footnotes") or {})]
    assert len(keys) == len(set(keys)), keys


def test_footnotes_sit_where_the_seeds_put_them():
    for name, expected in (("ubnd-monthly", UBND_FOOTNOTES), ("dang-monthly", DANG_FOOTNOTES)):
        order = [
            key for _node, block in blocks(load(name)) for key in FOOTNOTE.findall(block["text"])
        ]
        assert order == expected, name


def test_seed_breakdowns_are_in_footnotes():
    ubnd = {
        key: text
        for _n, b in blocks(load("ubnd-monthly"))
        for key, text in (b.get("footnotes") or {}).items()
    }
    assert "{{dkkd.suspended|pad}}" in ubnd["dkkd"]
    assert "{{ngansach.expenditure.investment|ty}}" in ubnd["chi"]
    assert "{{datdai.received.correction}}" in ubnd["datdai_nhan"]
    dang = {
        key: text
        for _n, b in blocks(load("dang-monthly"))
        for key, text in (b.get("footnotes") or {}).items()
    }
    assert "{{hotich.total}}" in dang["hotich"] and "{{chungthuc.copy}}" in dang["hotich"]
    assert "{{tthc.online.rate}}%" in dang["tthc"]
    assert "{{cutru.received}}" in dang["cutru"] and "{{dancu.persons}}" in dang["cutru"]
    assert "{{antt.managed_subjects}}" in dang["doituong"]


# --- indicators -----------------------------------------------------------


def test_indicators_and_mandatory_name_catalog_codes(template, catalog):
    for node in nodes(template["outline"]):
        for code in node.get("indicators") or []:
            assert code in catalog, code
    assert 10 <= len(template["mandatory"]) <= 20
    assert len(set(template["mandatory"])) == len(template["mandatory"])
    for code in template["mandatory"]:
        assert code in catalog, code


def test_mandatory_codes_are_stated_in_the_prose(template):
    assert set(template["mandatory"]) <= figure_codes(template)


def test_section_indicators_are_the_figures_of_its_prose(template):
    for node in nodes(template["outline"]):
        shown = set()
        for block in node.get("blocks") or []:
            for text in [block["text"], *(block.get("footnotes") or {}).values()]:
                shown |= {m.group(1) for m in PLACEHOLDER.finditer(text)} - FACTS
        listed = node.get("indicators") or []
        assert len(listed) == len(set(listed)), node["title"]
        assert set(listed) == shown, node["title"]


def test_every_catalog_code_appears_in_a_template(catalog):
    used = figure_codes(load("ubnd-monthly")) | figure_codes(load("dang-monthly"))
    assert set(catalog) - used == set()


def test_ubnd_carries_every_code_but_the_party_ones(catalog):
    used = figure_codes(load("ubnd-monthly"))
    assert {c for c in catalog if not c.startswith("dang.")} - used == set()
    assert not {c for c in used if c.startswith("dang.")}


def seed_facts(name: str) -> list[dict]:
    return yaml.safe_load((DATA / "seeds" / f"{name}.facts.yaml").read_text(encoding="utf-8"))[
        "facts"
    ]


def test_ubnd_states_every_figure_its_seed_quotes():
    assert {f["code"] for f in seed_facts("002_c69ecaed7d58e06f")} <= figure_codes(
        load("ubnd-monthly")
    )


def test_dang_carries_the_party_codes_and_the_figures_its_seed_quotes(catalog):
    used = figure_codes(load("dang-monthly"))
    assert {c for c in catalog if c.startswith("dang.")} <= used
    quoted = {f["code"] for f in seed_facts("000_a74f68ec347e13c9")}
    # tthc.in_progress is the seed's "đang giải quyết trong hạn", written with the finer code
    assert quoted - {"tthc.in_progress"} <= used
