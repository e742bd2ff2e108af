"""What every benchmark shares: a file SQLite database (the product's default; in
memory would flatter every query) and, at the end of the session, one table of every
target checked (the helpers that time and check are in tests/bench/timing.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.timing import RESULTS


@pytest.fixture(scope="session")
def bench_sqlite_file(tmp_path_factory) -> Path | None:
    """A file SQLite database for the benchmarks, as the product uses (in memory would
    flatter every query), migrated by `baocao migrate` in a process of its own (as a
    user's would be) and then kept by the test run."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        return None
    path = tmp_path_factory.mktemp("bench") / "bench.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    subprocess.run(
        [sys.executable, "-m", "baocao", "migrate", "--verbosity", "0"], env=env, check=True
    )
    database.setdefault("TEST", {})["NAME"] = str(path)
    return path


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, bench_sqlite_file):
    pass


@pytest.fixture(scope="session")
def django_db_keepdb(bench_sqlite_file) -> bool:
    # Keep the database migrated above (a throwaway file under pytest's tmp).
    return bench_sqlite_file is not None


_before: dict[str, int] = {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    _before[item.nodeid] = len(RESULTS)
    return (yield)


def pytest_runtest_logreport(report):
    """A benchmark that fails before it checks its targets (an error in its set-up, an
    assertion on the work done) is a line of the table too, not a silent gap."""
    if report.failed and report.when in ("setup", "call"):
        start = _before.get(report.nodeid, len(RESULTS))
        if report.when == "setup" or len(RESULTS) == start:
            reason = (
                report.longrepr.reprcrash.message if hasattr(report.longrepr, "reprcrash") else ""
            )
            name = report.nodeid.split("::")[-1]
            RESULTS.append(
                (name, "(its targets)", f"failed ({report.when}): {reason}"[:120], False)
            )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    """The table comes last, after pytest's own summary of failures."""
    result = yield
    if RESULTS:
        _table(terminalreporter)
    return result


def _table(terminalreporter) -> None:
    widths = [max(len(row[i]) for row in RESULTS) for i in range(3)]
    write = terminalreporter.write_line
    terminalreporter.section("benchmark targets")
    header = ("what", "target", "measured")
    write(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " | met")
    for what, target, measured, met in RESULTS:
        cells = (what, target, measured)
        write(
            " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
            + (" | yes" if met else " | NO")
        )
    missed = sum(1 for row in RESULTS if not row[3])
    write(f"{len(RESULTS)} targets, {len(RESULTS) - missed} met, {missed} not met")
