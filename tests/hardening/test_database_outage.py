"""PostgreSQL unreachable for a while under the real server (gunicorn): pages answer
503 with a Vietnamese message, nothing half-written; when it is back the app recovers
without a restart. The outage is a TCP relay to PostgreSQL that is cut and restored
(the shared PostgreSQL server itself is not stopped)."""

import contextlib
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
NAME = f"baocao_outage_{os.getpid()}"  # two test runs may share the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Relay:
    """127.0.0.1:port → 127.0.0.1:5432, which can be cut (every connection closed,
    new ones refused) and restored."""

    def __init__(self):
        self.port = free_port()
        self.sockets: list[socket.socket] = []
        self.server = None

    def start(self):
        self.server = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        threading.Thread(target=self._accept, args=(self.server,), daemon=True).start()

    def _accept(self, server):
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", 5432))
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a, b):
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self):
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self.server.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass
        self.sockets = []


def _postgres() -> bool:
    try:
        import psycopg

        psycopg.connect(ADMIN_URL, connect_timeout=2).close()
        return True
    except Exception:
        return False


def get(opener, url):
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.mark.skipif(not _postgres(), reason="no PostgreSQL on 127.0.0.1:5432")
def test_an_outage_gives_503_in_vietnamese_and_the_app_recovers(tmp_path):
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as pg:
        pg.execute(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")
        pg.execute(f"CREATE DATABASE {NAME}")
    relay = Relay()
    relay.start()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
        },
        "BAOCAO_VAR": str(tmp_path),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{relay.port}/{NAME}",
    }
    run = [sys.executable, "-m", "baocao"]
    create = (
        "from django.contrib.auth import get_user_model;"
        "get_user_model().objects.create_user('canbo.mat', password='dung-mat-khau-1')"
    )
    subprocess.run([*run, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*run, "shell", "-c", create], env=env, check=True, cwd=ROOT)
    port = free_port()
    process = subprocess.Popen(
        [*run, "serve", "--no-demo", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=(tmp_path / "serve.log").open("w"),
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(opener, f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.3)
        status, page = get(opener, f"{base}/dang-nhap/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        login = urllib.parse.urlencode(
            {"username": "canbo.mat", "password": "dung-mat-khau-1", "csrfmiddlewaretoken": token}
        ).encode()
        opener.open(urllib.request.Request(f"{base}/dang-nhap/", login, headers={"Referer": base}))
        assert get(opener, f"{base}/")[0] == 200

        relay.cut()
        for _ in range(4):  # every worker, old connection or new, answers 503
            status, page = get(opener, f"{base}/")
            assert status == 503, page[:300]
            assert "tạm thời gián đoạn" in page
        assert get(opener, f"{base}/healthz")[0] == 503

        relay.start()  # back after the outage: no restart of the app
        back = time.monotonic() + 30  # a loaded machine may take a few seconds to reconnect
        while get(opener, f"{base}/healthz")[0] != 200 and time.monotonic() < back:
            time.sleep(0.5)
        assert get(opener, f"{base}/healthz")[0] == 200
        for _ in range(4):
            assert get(opener, f"{base}/")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
        relay.cut()
        with psycopg.connect(ADMIN_URL, autocommit=True) as pg:
            pg.execute(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")
