import json
import os
import subprocess
import sys

from tests.conftest import SHARED


def run_check(tmp_path, *args):
    env = {
        **os.environ,
        "BAOCAO_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, "-m", "baocao", "check", *args], env=env, capture_output=True, text=True
    )


def test_check_on_a_fresh_machine_reports_the_revenue_error_and_exits_1(tmp_path):
    result = run_check(
        tmp_path, str(SHARED / "seeds" / "002_c69ecaed7d58e06f.facts.yaml"), "--json"
    )
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert [f["rule"] for f in errors] == ["breakdown:ngansach.revenue"]
    assert errors[0]["codes"] == [
        "ngansach.revenue",
        "ngansach.revenue.own",
        "ngansach.revenue.transfer",
    ]


def test_check_without_errors_exits_0_and_prints_vietnamese(tmp_path):
    result = run_check(tmp_path, str(SHARED / "seeds" / "000_a74f68ec347e13c9.facts.yaml"))
    assert result.returncode == 0, result.stderr
    assert "0 lỗi, 1 cảnh báo." in result.stdout


def test_a_broken_facts_file_gets_a_vietnamese_message_and_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("facts: [{code: tthc.received}]", encoding="utf-8")
    result = run_check(tmp_path, str(bad))
    assert result.returncode == 2
    assert "thiếu «code» hoặc «value»" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_file_gets_exit_2(tmp_path):
    result = run_check(tmp_path, str(tmp_path / "khong-co.yaml"))
    assert result.returncode == 2 and "Không tìm thấy tệp" in result.stderr


def test_unknown_codes_in_a_facts_file_are_reported(tmp_path):
    facts = tmp_path / "f.json"
    facts.write_text(json.dumps({"facts": [{"code": "khong.co", "value": 1}]}), encoding="utf-8")
    result = run_check(tmp_path, str(facts), "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["findings"][0]["rule"] == "unknown_code"
