"""The nation on PostgreSQL (issue targets): a national 12-month pivot of 10
indicators by province under 2 s, by commune for one province under 500 ms, compared
with pandas over the same rows in memory. The data (3,321 units × 36 months × 120
indicators) is generated in a database of its own, dropped afterwards (nation.py); BENCH_SCALE=2|4
multiplies the communes. Issue targets also: SQL faster than pandas in memory and ≥ 5×
faster end to end (pandas' load included), printed and asserted."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from tests.bench.timing import Target, expect, faster

DB = "baocao_bench_nation"


@pytest.mark.bench
def test_bench_nation_on_postgresql(django_db_blocker):
    url = os.environ.get("DATABASE_URL", "")
    if connection.vendor != "postgresql" or not url.startswith("postgres"):
        print(
            "\nnation benchmark skipped: it needs PostgreSQL "
            "(DATABASE_URL=postgres://postgres@127.0.0.1:5432/baocao make bench)"
        )
        pytest.skip("the nation benchmark runs on PostgreSQL only")
    pytest.importorskip("pandas")
    import psycopg

    parts = urlsplit(url)
    nation_url = urlunsplit(parts._replace(path=f"/{DB}"))
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB}")
        admin.execute(f"CREATE DATABASE {DB}")
    try:
        env = {
            **os.environ,
            "DATABASE_URL": nation_url,
            "DJANGO_SETTINGS_MODULE": "baocao.settings",
        }
        script = Path(__file__).with_name("nation.py")
        result = subprocess.run(
            [sys.executable, str(script)],
            env=env,
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            timeout=3000,
        )
        print("\n" + result.stdout)
        assert result.returncode == 0, result.stderr[-3000:]
        figures = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    median_national, p95_national = figures["national_by_province_s"]
    median_province, p95_province = figures["one_province_by_commune_s"]
    runs, n = figures["runs"], figures["scale"]
    sql = figures["sql_flows_by_province_s"]
    in_memory = figures["pandas_groupby_s"]
    end_to_end = figures["pandas_load_s"] + in_memory
    print(
        f"nation ×{n} ({figures['values']:,} figures, generated in {figures['generate_s']} s); "
        f"pandas read {figures['rows_read_by_pandas']:,} rows in {figures['pandas_load_s']} s"
    )

    def timing(median: float, p95: float) -> str:
        return f"median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, {runs} runs"

    expect(
        Target(
            f"nation ×{n}: pivot by province, 10 indicators × 12 months (PostgreSQL)",
            "median < 2 s",
            timing(median_national, p95_national),
            median_national < 2,
        ),
        Target(
            f"nation ×{n}: one province by commune (PostgreSQL)",
            "median < 500 ms",
            timing(median_province, p95_province),
            median_province < 0.5,
        ),
        faster(f"nation ×{n}: flows by province, in memory", sql, in_memory, "SQL", "pandas", 1),
        faster(
            f"nation ×{n}: flows by province, end to end (pandas' load included)",
            sql,
            end_to_end,
            "SQL",
            "pandas",
            5,
        ),
    )
