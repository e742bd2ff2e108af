"""The nation on PostgreSQL (issue targets): a national 12-month pivot of 10
indicators by province under 2 s, by commune for one province under 500 ms, compared
with pandas over the same rows in memory. The data (3,321 units × 36 months × 120
indicators) is generated in a database of its own, dropped afterwards (nation.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

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
    best_national, median_national = figures["national_by_province_s"]
    best_province, median_province = figures["one_province_by_commune_s"]
    ratio = figures["sql_flows_by_province_s"] / figures["pandas_groupby_s"]
    print(
        f"nation ({figures['values']:,} figures, generated in {figures['generate_s']} s):\n"
        f"  national pivot by province, 10 indicators × 12 months: best {best_national * 1000:.0f} ms, "
        f"median {median_national * 1000:.0f} ms (target < 2 s)\n"
        f"  one province by commune ({figures['communes_in_province']} communes): best "
        f"{best_province * 1000:.0f} ms, median {median_province * 1000:.0f} ms (target < 500 ms)\n"
        f"  same flows by province, SQL {figures['sql_flows_by_province_s'] * 1000:.0f} ms vs pandas "
        f"groupby {figures['pandas_groupby_s'] * 1000:.0f} ms on {figures['rows_read_by_pandas']:,} "
        f"rows in memory (ratio SQL/pandas {ratio:.1f}); loading those rows into pandas "
        f"took {figures['pandas_load_s']} s"
    )
    assert best_national < 2 and best_province < 0.5
