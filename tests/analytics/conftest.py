"""A real server and a real browser for the city's pages.

The server is `baocao serve` (waitress, the production server) on its own SQLite
file in a temporary folder, with the demo it loads on first start: the browser's
writes (the login's session) then never meet the test database's transaction.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def city_server(tmp_path_factory):
    var = tmp_path_factory.mktemp("city-server")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "BAOCAO_VAR": str(var), "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "baocao", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 240  # migrate and load the demo first
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"baocao serve did not start: {process.stdout.read()}")
            time.sleep(0.5)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def browser_page():
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed (sudo make system-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context(accept_downloads=True, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(20_000)
        yield page
        browser.close()
