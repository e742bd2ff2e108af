"""What keeps `baocao extract` and `baocao render` quick to start (issue 18): extract
runs without Django (the rules shipped with baocao, rules/shipped.py); render and
`extract --database-rules` run without the web's apps; none imports libraries it does
not need for the task (django-ninja and pydantic, pypdf and PDFium for a text file, the
holidays tables, lark for a draft). The whole-process timings are in
tests/bench/test_bench_cli.py; this checks, in a new process as a user starts it, that
none of these comes back."""

import json
import os
import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "002_c69ecaed7d58e06f.txt"
HEAVY = ("ninja", "pydantic", "pypdf", "pypdfium2", "holidays", "django.contrib.admin", "axes")

PROBE = """
import json, os, sys
from baocao.cli import main
code = main(sys.argv[1:])
django = "django" in sys.modules
apps = []
if django:
    from django.conf import settings
    apps = list(settings.INSTALLED_APPS)
print("PROBE " + json.dumps({
    "code": code,
    "django": django,
    "loaded": [m for m in WATCHED if m in sys.modules],
    "apps": apps,
    "env_left": "BAOCAO_APPS" in os.environ,
}), file=sys.stderr)
""".replace("WATCHED", repr((*HEAVY, "lark")))


def _probe(
    tmp_path: Path, *args: str, settings_module: bool = False
) -> tuple[dict, subprocess.CompletedProcess]:
    env = {
        **os.environ,
        "BAOCAO_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if settings_module:  # as pytest-django leaves it for the benchmark's processes
        env["DJANGO_SETTINGS_MODULE"] = "baocao.settings"
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True
    )
    line = next(x for x in result.stderr.splitlines() if x.startswith("PROBE "))
    return json.loads(line.removeprefix("PROBE ")), result


def test_extract_runs_without_django_and_prints_what_the_management_command_prints(tmp_path):
    probe, result = _probe(tmp_path, "extract", str(SEED), "--json", settings_module=True)
    assert probe["code"] == 0, result.stderr[-2000:]
    assert not probe["django"] and probe["loaded"] == ["lark"]  # the rules check the figures
    out = json.loads(result.stdout)
    assert out["document"]["unit_code"] == "11002"
    assert "breakdown:ngansach.revenue" in {f["rule"] for f in out["findings"]}
    # The management command, with Django and a new installation's database.
    probe, by_django = _probe(tmp_path, "extract", str(SEED), "--json", "--database-rules")
    assert probe["code"] == 0, by_django.stderr[-2000:]
    assert probe["django"] and by_django.stdout == result.stdout
    text = [
        _probe(tmp_path, "extract", str(SEED), *more)[1].stdout
        for more in ([], ["--database-rules"])
    ]
    assert text[0] == text[1] and "LỖI [breakdown:ngansach.revenue]" in text[0]


def test_extract_with_the_database_rules_starts_without_the_webs_apps(tmp_path):
    probe, result = _probe(tmp_path, "extract", str(SEED), "--database-rules")
    assert probe["code"] == 0, result.stderr[-2000:]
    assert [m for m in probe["loaded"] if m != "lark"] == []
    assert "django.contrib.admin" not in probe["apps"] and "axes" not in probe["apps"]
    assert "baocao.importer" in probe["apps"]
    assert not probe["env_left"]  # LibreOffice, OCR or a test's server do not inherit it


def test_extract_refuses_a_file_it_cannot_read_with_exit_2_and_a_message(tmp_path):
    bogus = tmp_path / "baocao.docx"
    bogus.write_bytes(b"\x00" * 2048)
    probe, result = _probe(tmp_path, "extract", str(bogus))
    assert probe["code"] == 2 and not probe["django"]
    assert "không phải là tệp Word" in result.stderr and "Traceback" not in result.stderr


def test_render_a_draft_imports_neither_rules_nor_ninja(tmp_path):
    # A unit that does not exist: the command is loaded and set up, then refuses.
    _probe(tmp_path, "migrate", "--verbosity", "0")
    probe, result = _probe(tmp_path, "render", "--unit", "99999", "--period", "2025-11",
                           "--draft", "--out", str(tmp_path / "x.docx"))  # fmt: skip
    assert probe["code"] == 1
    assert "Không có đơn vị mã «99999»" in result.stderr
    assert probe["loaded"] == []


def test_other_commands_keep_every_app(tmp_path):
    probe, result = _probe(tmp_path, "showmigrations", "admin")
    assert probe["code"] == 0, result.stderr[-2000:]
    assert "django.contrib.admin" in probe["apps"] and "axes" in probe["apps"]
