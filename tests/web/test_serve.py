"""`baocao serve` over real HTTP, on a fresh SQLite database in a temporary folder."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.servers import free_port, wait_healthy


def get(url: str) -> tuple[int, str]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def server(server_process, tmp_path):
    base, _ = server_process
    return base, tmp_path


@pytest.fixture
def server_process(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "BAOCAO_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    log = tmp_path / "serve.log"  # a file, not a pipe: a full pipe would stall the server
    process = subprocess.Popen(
        [sys.executable, "-m", "baocao", "serve", "--no-demo", "--port", str(port)],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    wait_healthy(base, process, 120, log)
    yield base, process
    process.terminate()
    process.wait(timeout=30)


def test_serve_migrates_a_fresh_database_and_answers_http(server):
    base, var = server
    status, page = get(f"{base}/dang-nhap/")
    assert status == 200 and "Đăng nhập" in page
    assert (var / "db.sqlite3").exists()


def test_serve_serves_static_files_without_collectstatic(server):
    base, _ = server
    status, css = get(f"{base}/static/baocao/app.css")
    assert status == 200 and ".topbar" in css


def test_serve_sends_anonymous_visitors_to_login(server):
    base, _ = server
    status, _ = get(f"{base}/")
    assert status == 302


def children(pid: int) -> set[int]:
    path = f"/proc/{pid}/task/{pid}/children"
    with open(path) as f:
        return {int(p) for p in f.read().split()}


def test_serve_answers_healthz_with_a_csp(server):
    base, _ = server
    with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
        assert response.status == 200 and b'"ok"' in response.read()
    with urllib.request.urlopen(f"{base}/dang-nhap/", timeout=5) as response:
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="gunicorn serves on Linux only")
def test_serve_runs_several_workers_and_replaces_a_killed_one(server_process):
    import signal

    base, process = server_process
    expected = min(2 * (os.cpu_count() or 1) + 1, 9)  # serve's default
    deadline = time.monotonic() + 60
    while len(children(process.pid)) < expected and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = children(process.pid)
    assert len(workers) == expected >= 3
    victim = sorted(workers)[0]
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = children(process.pid)
        if victim not in now and len(now) == len(workers):
            break
        time.sleep(0.2)
    assert victim not in now and len(now) == len(workers)
    assert get(f"{base}/healthz")[0] == 200
