"""40 wrong passwords at once for one name, against the real server (gunicorn, several
processes): four answers are the login form again (200), the fifth failure and every
attempt after it get the lock page (429) — the count holds under parallel requests.
(How many passwords were hashed is not observable from outside; see accounts/lockout.py.)"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
CREATE = (
    "from django.contrib.auth import get_user_model;"
    "get_user_model().objects.create_user('canbo.song', password='dung-mat-khau-1')"
)


@pytest.fixture
def live(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "SECRET_KEY"},
        "BAOCAO_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    run = [sys.executable, "-m", "baocao"]
    subprocess.run([*run, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*run, "shell", "-c", CREATE], env=env, check=True, cwd=ROOT)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [*run, "serve", "--no-demo", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                break
        except OSError:
            time.sleep(0.3)
    time.sleep(3)  # every worker booted
    yield base
    process.terminate()
    process.wait(timeout=30)


def attempt(base: str) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/dang-nhap/", timeout=30) as page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())[1]
    data = urllib.parse.urlencode(
        {"username": "canbo.song", "password": "sai-mat-khau", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(f"{base}/dang-nhap/", data, headers={"Referer": base})
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_forty_parallel_wrong_passwords_check_at_most_five(live):
    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(lambda _: attempt(live), range(40)))
    assert statuses.count(200) == 4, statuses  # four failures shown as such ...
    assert statuses.count(429) == 36, statuses  # ... the fifth locks, and so do all the rest
