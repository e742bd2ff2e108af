"""Locust as a library against a running `baocao serve`: 114 clerks editing their own
report and 10 city users reading, headless, for a bounded time. Run by
tests/bench/test_bench_load.py in a process of its own (importing locust patches the
standard library with gevent, which the rest of the test session must not get).

    python tests/bench/load_locust.py BASE_URL PLAN.json SECONDS OUT.json SERVER_PID

OUT.json: per request group its count, failures, p50 and p95 (ms), the failures'
messages, every clerk's last figure the server confirmed as saved, and the CPU time the
app and its PostgreSQL backends used while measuring."""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import sys
import time

import gevent
import gevent.event
import psutil
from locust import HttpUser, between, events, task
from locust.env import Environment

BASE, PLAN_PATH, SECONDS, OUT = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
SERVER_PID = int(sys.argv[5])
DATABASE = os.environ.get("BENCH_LOAD_DB", "baocao_load")  # its backends are counted
with open(PLAN_PATH, encoding="utf-8") as f:
    PLAN = json.load(f)
CLERKS = list(PLAN["clerks"])
READERS = list(PLAN["city"])
SAVED: dict[str, str] = {}  # username → the last value the server confirmed
PROBLEMS: list[str] = []
USERS = len(CLERKS) + len(READERS)
AT_WORK = gevent.event.Event()  # set when every user has logged in and opened its page
FAILED: list[str] = []  # every failed request of the whole run, ramp-up included


@events.request.add_listener
def _count_failures(request_type, name, exception, **kwargs):
    if exception is not None:
        FAILED.append(f"{request_type} {name}: {exception}")


def login(user: HttpUser, username: str) -> None:
    # A new connection per request: with keep-alive, a pooled connection that gunicorn
    # closed after its 2 s idle limit can be reused in the same instant and reset (a
    # browser retries then; requests does not retry a POST). Loopback connects are cheap.
    user.client.headers["Connection"] = "close"
    page = user.client.get("/dang-nhap/", name="login page").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    with user.client.post(
        "/dang-nhap/",
        {"username": username, "password": PLAN["password"], "csrfmiddlewaretoken": token},
        headers={"Referer": BASE + "/dang-nhap/"},
        name="login",
        catch_response=True,
        allow_redirects=False,
    ) as response:
        if response.status_code != 302:
            response.failure(f"login of {username}: HTTP {response.status_code}")


_started = 0


def ready() -> None:
    global _started
    _started += 1
    if _started == USERS:
        AT_WORK.set()


class Clerk(HttpUser):
    """Opens the editor of their report, saves a figure every 5–15 s with the version
    they read, now and then a paragraph, and runs the check."""

    weight = len(CLERKS)
    wait_time = between(5, 15)

    def on_start(self):
        self.me = CLERKS.pop()
        login(self, self.me["username"])
        self.editor = f"/bao-cao/{self.me['report']}/soan/"
        self.saves = 0
        self.open_editor()
        ready()

    def post(self, url: str, data: dict, name: str):
        headers = {
            "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
            "HX-Request": "true",
            "Referer": BASE + self.editor,
        }
        return self.client.post(url, data, headers=headers, name=name, catch_response=True)

    def open_editor(self):
        me = self.me
        page = self.client.get(self.editor, params={"muc": me["section"]}, name="editor page")
        found = re.search(rf'data-code="{re.escape(me["code"])}" data-version="(\d+)"', page.text)
        if found is None:
            PROBLEMS.append(f"{me['username']}: figure {me['code']} not on the editor page")
            self.figure_version = None
        else:
            self.figure_version = int(found[1])
        page = self.client.get(self.editor, params={"muc": me["block_section"]}, name="editor page")
        found = re.search(rf'id="text-{me["block"]}"[^>]*data-version="(\d+)"', page.text)
        self.block_version = int(found[1]) if found else None

    @task(8)
    def save_figure(self):
        me = self.me
        if self.figure_version is None:
            return
        value = str(random.randint(1, 99))  # valid for a count, a rate and money alike
        url = f"/bao-cao/{me['report']}/so-lieu/{me['code']}/"
        data = {"value": value, "section": me["section"], "version": self.figure_version}
        with self.post(url, data, "save figure") as response:
            trigger = response.headers.get("HX-Trigger", "")
            if response.status_code != 200 or "baocao:figure" not in trigger:
                response.failure(f"save figure: HTTP {response.status_code} {trigger[:80]}")
                return
            event = json.loads(trigger)["baocao:figure"]
            self.figure_version = event["version"]
            SAVED[me["username"]] = value

    @task(2)
    def save_paragraph(self):
        me = self.me
        if self.block_version is None:
            return
        self.saves += 1
        url = f"/bao-cao/{me['report']}/doan/{me['block']}/"
        text = f"{me['text']} (sửa lần {self.saves})"
        data = {"text": text, "version": self.block_version, "section": me["block_section"]}
        with self.post(url, data, "save paragraph") as response:
            trigger = response.headers.get("HX-Trigger", "")
            if response.status_code != 200 or "baocao:block" not in trigger:
                response.failure(f"save paragraph: HTTP {response.status_code} {trigger[:80]}")
                return
            self.block_version = json.loads(trigger)["baocao:block"]["version"]

    @task(1)
    def reopen(self):
        """The clerk reloads the editor (the versions on screen are those of the page)."""
        self.open_editor()

    @task(1)
    def check(self):
        self.client.get(self.editor, params={"muc": "kiem-tra"}, name="check page")


class CityReader(HttpUser):
    """Reads the city's grid of reports and the pivot of indicators."""

    weight = len(READERS)
    wait_time = between(5, 15)

    def on_start(self):
        login(self, READERS.pop())
        ready()

    @task
    def grid(self):
        self.client.get("/thanh-pho/", name="city grid")

    @task
    def pivot(self):
        self.client.get("/thanh-pho/chi-tieu/", name="city pivot")


def cpu_seconds() -> tuple[float, float]:
    """CPU time used so far by the app (gunicorn and its workers) and by the PostgreSQL
    backends of the load database: what the requests cost, whatever else runs."""
    server = psutil.Process(SERVER_PID)
    app = sum(sum(p.cpu_times()[:2]) for p in [server, *server.children(recursive=True)])
    database = 0.0
    for process in psutil.process_iter(["cmdline"]):
        if DATABASE in " ".join(process.info["cmdline"] or []):
            with contextlib.suppress(psutil.Error):
                database += sum(process.cpu_times()[:2])
    return app, database


def main() -> None:
    # stop_timeout: at the end every user finishes the request it is in, so the last
    # value a clerk saw confirmed is the last one sent.
    env = Environment(user_classes=[Clerk, CityReader], events=events, host=BASE, stop_timeout=60)
    runner = env.create_local_runner()
    runner.start(USERS, spawn_rate=5)
    # Logins (a deliberately slow password hash each) and the first editor pages come
    # first; the figures measured are those of the steady state, every user at work.
    ramp = time.monotonic()
    if not AT_WORK.wait(timeout=600):
        PROBLEMS.append(f"only {_started} of {USERS} users logged in within 600 s")
    print(
        f"{_started} users at work after {time.monotonic() - ramp:.0f} s of logins; "
        f"measuring for {SECONDS} s",
        flush=True,
    )
    env.stats.reset_all()
    app, database = cpu_seconds()
    gevent.sleep(SECONDS)
    app_after, database_after = cpu_seconds()
    runner.quit()
    runner.greenlet.join()
    groups = {}
    for (name, method), entry in sorted(env.stats.entries.items()):
        if not entry.num_requests:
            continue
        groups[name] = {
            "method": method,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "max": entry.max_response_time,
        }
    with open(OUT, "w", encoding="utf-8") as out:
        json.dump(
            {
                "cpu": {"app": app_after - app, "database": database_after - database},
                "groups": groups,
                "errors": FAILED,
                "problems": PROBLEMS,
                "saved": SAVED,
            },
            out,
        )


if __name__ == "__main__":
    main()
