"""extract(): the JSON of `baocao extract FILE --json`, in the shape of DESIGN.md."""

import json

from baocao.importer.extract import extract, extract_file, numeric_findings
from tests.importer.make import SEEDS, docx_bytes, seed_text


def test_the_json_has_the_shape_of_the_design():
    data = extract_file(SEEDS / "002_c69ecaed7d58e06f.txt", rules=False).as_json()
    assert list(data) == ["document", "outline", "facts", "numbers", "findings"]
    assert {"issuer", "unit_name", "unit_code", "period", "title"} <= set(data["document"])
    assert set(data["outline"][0]) == {"number", "title", "children"}
    assert set(data["facts"][0]) == {"code", "value", "unit", "quote", "start", "end"}
    assert set(data["numbers"][0]) == {"value", "unit", "start", "end"}
    assert set(data["findings"][0]) >= {"severity", "rule", "message", "codes"}
    json.dumps(data, ensure_ascii=False)  # plain JSON types only


def test_numbers_hold_every_figure_mapped_or_not():
    x = extract(seed_text("002_c69ecaed7d58e06f").encode(), "r.txt", rules=False)
    numbers = x.as_json()["numbers"]
    assert len(numbers) > len(x.facts)
    by_start = {n["start"]: n for n in numbers}
    fact = next(f for f in x.facts if f.code == "tthc.received")
    number = by_start[x.source.text.index("1.527")]
    assert (number["value"], number["unit"]) == (1527, "hồ sơ")
    assert fact.start <= number["start"] < number["end"] <= fact.end
    money = by_start[x.source.text.index("11 tỷ 15 triệu")]
    assert (money["value"], money["unit"]) == (11_015_000_000, "đồng")


def test_offsets_are_into_the_nfc_text_whatever_the_source():
    x = extract(docx_bytes(*seed_text("000_a74f68ec347e13c9").split("\n")), "r.docx", rules=False)
    for fact in x.facts:
        assert x.source.text[fact.start : fact.end] == fact.quote


def test_with_django_set_up_the_rules_run_on_the_facts(db):
    x = extract(seed_text("002_c69ecaed7d58e06f").encode(), "r.txt", rules=False)
    assert "breakdown:ngansach.revenue" in {f.rule for f in numeric_findings(x.facts)}
