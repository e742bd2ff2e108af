"""`baocao serve` on an empty database with BAOCAO_PROVINCE set (issue 16): a real
process on a fresh SQLite file, asked over real HTTP; it must start with that
province's units and the catalog, and without the demo's reports and accounts."""

import os
import sqlite3
import subprocess
import sys
import urllib.request

import pytest

from tests.servers import free_port, wait_healthy


@pytest.fixture
def province_server(tmp_path):
    port = free_port()
    database = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "BAOCAO_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{database}",
        "BAOCAO_PROVINCE": "1",  # Hà Nội
    }
    log = tmp_path / "serve.log"  # a file, not a pipe: a full pipe would stall the server
    process = subprocess.Popen(
        [sys.executable, "-m", "baocao", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:  # migrate + the province's units, on a loaded machine
        wait_healthy(f"http://127.0.0.1:{port}", process, 120, log)
    except AssertionError:
        process.kill()
        raise
    yield f"http://127.0.0.1:{port}", database, log
    process.terminate()
    process.wait(timeout=20)


def test_serve_on_an_empty_database_starts_with_the_province_and_no_demo(province_server):
    base, database, log = province_server
    with urllib.request.urlopen(f"{base}/healthz", timeout=10) as response:
        assert response.status == 200 and b'"ok"' in response.read()
    with urllib.request.urlopen(f"{base}/dang-nhap/", timeout=10) as response:
        assert response.status == 200 and "Đăng nhập" in response.read().decode("utf-8")
    assert "nạp tỉnh, thành phố 1" in log.read_text(encoding="utf-8")
    with sqlite3.connect(database) as db:
        (city,) = db.execute("SELECT name FROM catalog_unit WHERE code = '1'").fetchone()
        assert city == "Thành phố Hà Nội"
        communes = db.execute(
            "SELECT count(*) FROM catalog_unit c JOIN catalog_unit p ON c.parent_id = p.id "
            "WHERE p.code = '1' AND c.kind IN ('xa', 'phuong', 'dac_khu') AND c.valid_to IS NULL"
        ).fetchone()[0]
        assert communes == 126
        assert db.execute("SELECT count(*) FROM catalog_indicator").fetchone()[0] > 100
        # No demo: no reports, no demo accounts, not a unit of Hải Phòng.
        assert db.execute("SELECT count(*) FROM reports_report").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM auth_user").fetchone()[0] == 0
        assert (
            db.execute("SELECT count(*) FROM catalog_unit WHERE code = '11002'").fetchone()[0] == 0
        )
