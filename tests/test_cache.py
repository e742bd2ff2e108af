"""What `baocao extract` keeps read under var/cache/ (the lexicon, the shipped rules) is
what reading the files gives, and a changed file is read again."""

from baocao import cache
from baocao.importer.extract import extract
from baocao.importer.facts import extract_facts
from baocao.importer.lexicon import load_lexicon, read_lexicon
from tests.importer.make import seed_text


def test_a_kept_value_is_built_again_when_one_of_its_files_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "cache_dir", lambda: tmp_path / "cache")
    source = tmp_path / "rules.yaml"
    source.write_text("a", encoding="utf-8")
    built = []

    def build():
        built.append(source.read_text(encoding="utf-8"))
        return built[-1]

    assert cache.kept("x", [source], build) == "a"
    assert cache.kept("x", [source], build) == "a" and built == ["a"]  # read back, not built
    source.write_text("b", encoding="utf-8")
    assert cache.kept("x", [source], build) == "b" and built == ["a", "b"]
    assert len(list((tmp_path / "cache").glob("x-*.pickle"))) == 2


def test_nothing_is_kept_without_a_var_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "cache_dir", lambda: None)
    assert cache.kept("x", [], lambda: 1) == 1 and cache.kept("x", [], lambda: 2) == 2


def test_the_kept_lexicon_reads_a_report_as_the_lexicon_read_from_its_file(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "cache_dir", lambda: tmp_path)
    load_lexicon.__wrapped__()  # built and kept
    kept = load_lexicon.__wrapped__()  # read back
    assert len(list(tmp_path.glob("lexicon-*.pickle"))) == 1
    x = extract(seed_text("002_c69ecaed7d58e06f").encode(), "r.txt", rules=False)
    facts = [
        [f.as_json() for f in extract_facts(x.source, x.outline, lexicon=lexicon)]
        for lexicon in (kept, read_lexicon())
    ]
    assert len(facts[0]) > 30 and facts[0] == facts[1]


def test_without_django_the_cache_is_under_baocao_var_or_an_existing_var(tmp_path, monkeypatch):
    """`baocao extract` run where settings would put var/ (./var) keeps its cache there,
    and makes no var/ folder in a directory that has none."""
    monkeypatch.delenv("BAOCAO_VAR", raising=False)
    monkeypatch.delitem(__import__("sys").modules, "django.conf", raising=False)
    monkeypatch.chdir(tmp_path)
    assert cache.cache_dir() is None and not (tmp_path / "var").exists()
    (tmp_path / "var").mkdir()
    assert cache.cache_dir() == (tmp_path / "var" / "cache").resolve()
    monkeypatch.setenv("BAOCAO_VAR", str(tmp_path / "elsewhere"))
    assert cache.cache_dir() == (tmp_path / "elsewhere" / "cache").resolve()
