"""A gunicorn worker killed under `baocao serve` (out of memory, a crash in a C
library) is replaced by the master, and the site keeps answering meanwhile."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def workers(master: psutil.Process) -> set[int]:
    return {p.pid for p in master.children() if p.is_running() and p.status() != "zombie"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="gunicorn serves on Linux")
def test_a_killed_worker_is_replaced_and_the_site_keeps_answering(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(BAOCAO_VAR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "baocao",
            "serve",
            "--no-demo",
            "--port",
            str(port),
            "--workers",
            "2",
        ],
        env=env,
        stdout=(tmp_path / "serve.log").open("w"),
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while status(f"{base}/healthz") != 200:
            assert time.monotonic() < deadline and process.poll() is None, (
                tmp_path / "serve.log"
            ).read_text()
            time.sleep(0.3)
        master = psutil.Process(process.pid)  # `baocao serve` is gunicorn's master
        while len(workers(master)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        before = workers(master)
        assert len(before) == 2
        victim = min(before)
        os.kill(victim, signal.SIGKILL)
        # Meanwhile the other worker answers.
        assert [status(f"{base}/healthz") for _ in range(5)] == [200] * 5
        deadline = time.monotonic() + 60
        while (victim in workers(master) or len(workers(master)) < 2) and (
            time.monotonic() < deadline
        ):
            time.sleep(0.2)
        after = workers(master)
        assert victim not in after and len(after) == 2, (before, after)
        assert process.poll() is None  # the master itself was not restarted
        # Both workers serve: enough requests that each is reached (and the login page
        # needs the database and the templates, not only /healthz).
        assert [status(f"{base}/dang-nhap/") for _ in range(10)] == [200] * 10
        log = (tmp_path / "serve.log").read_text()
        assert "Booting worker" in log
    finally:
        process.terminate()
        process.wait(timeout=30)
