"""The nation on PostgreSQL (issue targets): a national 12-month pivot of 10
indicators by province under 2 s, by commune for one province under 500 ms, compared
with pandas over the same rows: SQL faster than pandas in memory and ≥ 5× faster end
to end (pandas' load included), at 1×, 2× and 4× the nation (NATION_SCALES=1,2,4, the
default; one database grown copy by copy), with live writes going on while timing and
merged communes in the data, and the cost growing no faster than the data. The data
(the national list's communes × 36 months × 120 indicators) is generated in a database
of its own, dropped afterwards (nation.py)."""

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
            timeout=2400,
        )
        print("\n" + result.stdout)
        assert result.returncode == 0, result.stderr[-3000:]
        figures = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    targets = []
    for at in figures:
        targets += _targets(at)
    first, last = figures[0], figures[-1]
    if last["scale"] > first["scale"]:
        # Cost must grow no faster than the data: the pivot's time ratio against the
        # figures' ratio between the smallest and the largest scale.
        data = last["figures"] / first["figures"]
        cost = last["sql_flows_by_province_s"][0] / first["sql_flows_by_province_s"][0]
        targets.append(
            Target(
                f"nation ×{first['scale']} → ×{last['scale']}: growth of the pivot's cost",
                "cost ratio ≤ data ratio",
                f"data ×{data:.2f}, pivot time ×{cost:.2f}",
                cost <= data,
            )
        )
    expect(*targets)


def _targets(at: dict) -> list[Target]:
    n, runs = at["scale"], at["runs"]
    median_national, p95_national, cpu_national = at["national_by_province_s"]
    median_province, p95_province, cpu_province = at["one_province_by_commune_s"]
    sql = at["sql_flows_by_province_s"][0]
    in_memory = at["pandas_groupby_s"][0]
    load = at["pandas_load_s"][0]
    print(
        f"nation ×{n}: {at['figures']:,} figures ({at['former_communes']:,} former communes), "
        f"generated in {at['generate_s']} s; {at['live_writes_per_s']} live writes/s while "
        f"timing; pandas read {at['rows_read_by_pandas']:,} rows in {load:.2f} s"
    )

    def timing(median: float, p95: float, cpu: float, count: int = runs) -> str:
        return (
            f"median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, {count} runs "
            f"(CPU of the app {cpu * 1000:.0f} ms)"
        )

    return [
        Target(
            f"nation ×{n}: pivot by province, 10 indicators × 12 months (PostgreSQL)",
            "median < 2 s",
            timing(median_national, p95_national, cpu_national),
            median_national < 2,
        ),
        Target(
            f"nation ×{n}: one province by commune (PostgreSQL)",
            "median < 500 ms",
            timing(median_province, p95_province, cpu_province, 5),
            median_province < 0.5,
        ),
        faster(f"nation ×{n}: flows by province, in memory", sql, in_memory, "SQL", "pandas", 1),
        faster(
            f"nation ×{n}: flows by province, end to end (pandas' load included)",
            sql,
            load + in_memory,
            "SQL",
            "pandas",
            5,
        ),
    ]
