"""`baocao serve` over real HTTP, on a fresh SQLite database in a temporary folder."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
def server(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "BAOCAO_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "baocao", "serve", "--no-demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"serve exited: {process.stdout.read()}")
            time.sleep(0.2)
    yield base, tmp_path
    process.terminate()
    process.wait(timeout=10)


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
