"""`baocao demo` on an empty SQLite database (issue target: under 60 s)."""

import os
import subprocess
import sys
import time

import pytest


@pytest.mark.bench
def test_bench_demo_load_on_empty_sqlite(tmp_path):
    env = {
        **os.environ,
        "BAOCAO_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    subprocess.run([sys.executable, "-m", "baocao", "migrate", "-v", "0"], env=env, check=True)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "baocao", "demo"], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    print(
        f"\nbaocao demo on empty SQLite: {seconds:.1f} s (target < 60 s)\n{result.stdout.splitlines()[-1]}"
    )
    assert seconds < 60
