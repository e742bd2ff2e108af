"""The API's two timed calls (issue 14), server side through the Django test client
with a Bearer token: a 120-value data value set import (parsed, saved through the
editor's service, audited, findings returned) under 300 ms, and the analytics call
for the city's month (all 114 communes) under 200 ms."""

import json
import statistics
import time

import pytest

from baocao.api.tokens import create_token
from baocao.catalog.models import Indicator
from baocao.reports.models import Value
from tests.factories import demo_draft


class Timing:
    """Wall time (median, p95) and CPU time (median) of several runs, in ms. Client,
    server and SQLite share this process, so CPU time is what the call costs; the
    wall time also counts whatever else the two shared cores were doing, and the
    target is checked on CPU time (both are printed)."""

    def __init__(self, work, runs: int):
        work(-1)  # warm: compiled rules, cached catalog, database pages
        wall, cpu = [], []
        for i in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            work(i)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        self.runs = runs
        self.median = statistics.median(wall)
        self.p95 = statistics.quantiles(wall, n=20)[-1]
        self.cpu = statistics.median(cpu)

    def __str__(self) -> str:
        return (
            f"median {self.median:.0f} ms, p95 {self.p95:.0f} ms wall; "
            f"CPU median {self.cpu:.0f} ms; {self.runs} runs"
        )


def _bearer(username: str) -> dict:
    from django.contrib.auth import get_user_model

    return {
        "Authorization": "Bearer "
        + create_token(get_user_model().objects.get(username=username))[1]
    }


@pytest.mark.bench
def test_bench_a_120_value_import(client, db):
    report = demo_draft("11086", "2025-11")
    codes = list(Indicator.objects.order_by("position").values_list("code", flat=True)[:120])
    assert len(codes) == 120
    headers = {**_bearer("daison"), "If-Match": "*"}

    def work(i: int):
        body = {
            "template": "ubnd-monthly",
            "period": "2025-11",
            "unit": "11086",
            "dataValues": [{"indicator": c, "value": 30 + i} for c in codes],
        }
        r = client.post(
            "/api/v1/dataValueSets",
            json.dumps(body),
            content_type="application/json",
            headers=headers,
        )
        assert r.status_code == 200, r.content[:500]
        summary = r.json()
        assert not summary["conflicts"]
        if i >= 0:  # every value changes on every timed run
            assert summary["importCount"]["updated"] == 120

    timing = Timing(work, runs=20)
    assert Value.objects.filter(report=report, indicator__code__in=codes).count() == 120
    print(
        f"\nAPI import of 120 values (dataValueSets, each value changed, findings returned): "
        f"{timing}; target < 300 ms"
    )
    assert timing.cpu < 300


@pytest.mark.bench
def test_bench_analytics_for_the_citys_month(client, db):
    headers = _bearer("thanhpho")
    params = {
        "indicators": "tthc.received,tthc.online.rate,ngansach.revenue,donthu.pending",
        "periods": "2025-11",
    }

    def work(i: int):
        r = client.get("/api/v1/analytics", params, headers=headers)
        assert r.status_code == 200
        assert r.json()["units"] == 114 and len(r.json()["tables"][0]["rows"]) == 114

    timing = Timing(work, runs=30)
    print(
        f"\nAPI analytics, the city's month (114 communes, 4 indicators): {timing}; target < 200 ms"
    )
    assert timing.cpu < 200
