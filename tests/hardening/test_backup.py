"""`baocao backup OUT` and `baocao restore IN` through the console script, on real
database files (SQLite) and, when the server is there, real PostgreSQL databases:
equal row counts, equal figures, an equal analytics fact table (kept by triggers)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = """
from baocao.catalog.loaders import load_catalog
from baocao.catalog.models import ReportTemplate, Unit
from baocao.reports.services import create_report, save_value
load_catalog()
template = ReportTemplate.objects.get(code="ubnd-monthly")
for code in ("11002", "11086"):
    for period in ("2025-10", "2025-11"):
        report = create_report(unit=Unit.objects.get(code=code), template=template, period=period, any_period=True)
        save_value(report=report, code="tthc.received", value="1.527")
        save_value(report=report, code="ngansach.revenue", value="11 tỷ 15 triệu")
        save_value(report=report, code="tthc.online.rate", value="88,73")
"""


def baocao(*args, database: str, var: Path, check=True):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)}
    env.update(DATABASE_URL=database, BAOCAO_VAR=str(var))
    result = subprocess.run(
        [sys.executable, "-m", "baocao", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def seeded(database: str, var: Path) -> None:
    baocao("migrate", "-v", "0", database=database, var=var)
    baocao("shell", "-c", SEED, database=database, var=var)


def rows(path: Path, query: str) -> list:
    with sqlite3.connect(path) as db:
        return db.execute(query).fetchall()


def test_sqlite_backup_restores_into_a_new_database_equal(tmp_path):
    src, dst, out = tmp_path / "src.sqlite3", tmp_path / "dst.sqlite3", tmp_path / "bk.sqlite3"
    seeded(f"sqlite:///{src}", tmp_path)
    saved = baocao("backup", str(out), database=f"sqlite:///{src}", var=tmp_path)
    assert "Sao lưu:" in saved.stderr and "100%" in saved.stderr  # the progress line
    assert "số liệu (reports_value): 12 dòng" in saved.stdout
    restored = baocao("restore", str(out), database=f"sqlite:///{dst}", var=tmp_path)
    assert "Phục hồi:" in restored.stderr
    assert "khớp số dòng mọi bảng và mã kiểm tra số liệu" in restored.stdout
    for query in (
        "SELECT report_id, indicator_id, value FROM reports_value ORDER BY id",
        "SELECT * FROM analytics_fact ORDER BY id",
        "SELECT count(*) FROM reports_auditentry",
    ):
        assert rows(src, query) == rows(dst, query)
    assert len(rows(dst, "SELECT * FROM analytics_fact")) == 12
    # The triggers came back too: a figure saved after the restore reaches the fact table.
    baocao(
        "shell",
        "-c",
        "from baocao.reports.models import Report; from baocao.reports.services import save_value;"
        "save_value(report=Report.objects.first(), code='tthc.rejected', value='3')",
        database=f"sqlite:///{dst}",
        var=tmp_path,
    )
    assert len(rows(dst, "SELECT * FROM analytics_fact")) == 13


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    src, out = tmp_path / "src.sqlite3", tmp_path / "bk.sqlite3"
    seeded(f"sqlite:///{src}", tmp_path)
    baocao("backup", str(out), database=f"sqlite:///{src}", var=tmp_path)
    result = baocao("restore", str(out), database=f"sqlite:///{src}", var=tmp_path, check=False)
    assert result.returncode == 1 and "không trống" in result.stderr
    again = baocao("backup", str(out), database=f"sqlite:///{src}", var=tmp_path, check=False)
    assert again.returncode == 1 and "không ghi đè" in again.stderr


def _postgres() -> bool:
    try:
        import psycopg

        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2).close()
        return True
    except Exception:
        return False


@pytest.mark.skipif(not _postgres(), reason="no PostgreSQL on 127.0.0.1:5432")
def test_postgres_backup_restores_into_a_new_database_equal(tmp_path):
    import psycopg

    names = (f"baocao_bk_src_{os.getpid()}", f"baocao_bk_dst_{os.getpid()}")  # runs may overlap
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as pg:
        for name in names:
            pg.execute(f"DROP DATABASE IF EXISTS {name}")
            pg.execute(f"CREATE DATABASE {name}")
    src, dst = (f"postgres://postgres@127.0.0.1:5432/{n}" for n in names)
    out = tmp_path / "bk.dump"
    try:
        seeded(src, tmp_path)
        baocao("backup", str(out), database=src, var=tmp_path)
        restored = baocao("restore", str(out), database=dst, var=tmp_path)
        assert "khớp số dòng mọi bảng và mã kiểm tra số liệu" in restored.stdout
        query = "SELECT * FROM analytics_fact ORDER BY id"
        with psycopg.connect(src) as a, psycopg.connect(dst) as b:
            assert a.execute(query).fetchall() == b.execute(query).fetchall()
            assert len(b.execute(query).fetchall()) == 12
    finally:
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as pg:
            for name in names:
                pg.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
