"""The lexicon file fits the catalog: every code has phrases, every reference is known."""

import pytest
import yaml

from baocao.importer.lexicon import DATA, LexiconError, key_text, load_catalog, load_lexicon


def test_every_catalog_code_has_an_entry():
    assert set(load_lexicon().entries) == set(load_catalog())


def test_entries_know_their_totals_from_the_catalog():
    lexicon = load_lexicon()
    assert lexicon.entries["tthc.resolved.early"].parent == "tthc.resolved.timely"
    assert lexicon.ancestors("tthc.resolved.early") == ["tthc.resolved.timely", "tthc.resolved"]
    assert lexicon.entries["ngansach.revenue"].kind == "money"
    assert lexicon.entries["tthc.online.rate"].kind == "percent"


def test_a_code_unknown_to_the_catalog_is_an_error(tmp_path):
    data = yaml.safe_load((DATA / "lexicon.yaml").read_text(encoding="utf-8"))
    data["indicators"]["tthc.invented"] = {"topic": "tthc", "patterns": [{"before": ["x"]}]}
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LexiconError, match="tthc.invented"):
        load_lexicon.__wrapped__(path)


def test_key_text_keeps_offsets():
    text = "Ủy ban Hoà bình  THỦY LỢI\u00a0xoá"
    key = key_text(text)
    assert len(key) == len(text) and key == "ủy ban hòa bình  thủy lợi xóa"
