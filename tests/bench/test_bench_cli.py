"""What a person at a terminal waits for: `baocao extract FILE --json` and `baocao
render ... --out x.docx` as whole processes (start-up included; target < 0.5 s), and
the city's 114 documents of a month in one `baocao render --unit all` (< 10 s).

Each command runs in a new process, as a user's would, timed over several runs
(median, p95); the CPU time (user + sys) of the child is printed beside the wall time.
The package is byte-compiled first, as `pip install` leaves it: the environment may set
PYTHONDONTWRITEBYTECODE, and then every child would compile baocao's sources again."""

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.bench.timing import Timing, below, expect

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "002_c69ecaed7d58e06f.txt"


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{settings['USER']}@{host}:{port}/{settings['NAME']}"


def _run(args: list[str], env: dict, runs: int) -> Timing:
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(args, env=env, capture_output=True, text=True)
        wall.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        assert result.returncode == 0, result.stderr[-2000:]
    return Timing(wall, cpu)


@pytest.fixture
def cli_env(db, tmp_path):
    """The benchmark's database (the demo, committed at set-up) for child processes.
    `db` makes pytest-django set the test database up even when this file runs alone
    (without it the children, and the demo load, went to the developer's own database);
    the commands only read, so this test's open transaction does not block them."""
    import baocao

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(baocao.__file__).parent)], check=True
    )
    return {**os.environ, "DATABASE_URL": _database_url(), "BAOCAO_VAR": str(tmp_path)}


BAOCAO = [sys.executable, "-m", "baocao"]


@pytest.mark.bench
def test_bench_cli_start_up(cli_env, tmp_path):
    extract = _run([*BAOCAO, "extract", str(SEED), "--json"], cli_env, runs=7)
    out = tmp_path / "x.docx"
    render_args = ["render", "--unit", "11002", "--period", "2025-11", "--draft"]
    render = _run([*BAOCAO, *render_args, "--out", str(out)], cli_env, runs=7)
    assert out.stat().st_size > 10_000
    expect(
        below("CLI: baocao extract FILE --json, whole process", extract, 500),
        below("CLI: baocao render … --out x.docx, whole process", render, 500),
    )


@pytest.mark.bench
def test_bench_render_the_citys_month_in_one_process(cli_env, tmp_path):
    folder = tmp_path / "thang-11"
    args = ["render", "--unit", "all", "--period", "2025-11", "--draft", "--out", f"{folder}/"]
    batch = _run([*BAOCAO, *args], cli_env, runs=1)
    files = sorted(folder.glob("*.docx"))
    assert len(files) == 114 and all(f.stat().st_size > 10_000 for f in files)
    expect(below("CLI: baocao render --unit all, 114 DOCX of a month (1 run)", batch, 10_000))
