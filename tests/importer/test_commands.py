"""`baocao extract` and `baocao check` on report files, through the console script."""

import json
import os
import subprocess
import sys

from tests.conftest import SHARED

SEED_002 = SHARED / "seeds" / "002_c69ecaed7d58e06f.txt"


def run(tmp_path, *args):
    env = {
        **os.environ,
        "BAOCAO_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, "-m", "baocao", *args], env=env, capture_output=True, text=True
    )


def test_extract_json_has_the_design_shape(tmp_path):
    result = run(tmp_path, "extract", str(SEED_002), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"document", "outline", "facts", "numbers", "findings"}
    assert out["document"]["unit_code"] == "11002" and out["document"]["period"] == "2025-11"
    received = next(f for f in out["facts"] if f["code"] == "tthc.received")
    assert received["value"] == 1527 and "1.527" in received["quote"]
    assert {"value", "start", "end"} <= set(out["numbers"][0])
    assert "breakdown:ngansach.revenue" in {f["rule"] for f in out["findings"]}


def test_check_on_the_ward_report_exits_1_and_names_revenue_and_text_findings(tmp_path):
    result = run(tmp_path, "check", str(SEED_002))
    assert result.returncode == 1, result.stderr
    assert "LỖI [breakdown:ngansach.revenue]" in result.stdout
    for rule in ("text.unit_name", "text.heading_month", "text.data_window"):
        assert rule in result.stdout


def test_a_binary_file_renamed_docx_is_refused_with_exit_2(tmp_path):
    bogus = tmp_path / "baocao.docx"
    bogus.write_bytes(os.urandom(2048))
    for command in ("extract", "check"):
        result = run(tmp_path, command, str(bogus))
        assert result.returncode == 2
        assert "không phải là tệp Word" in result.stderr and "Traceback" not in result.stderr
