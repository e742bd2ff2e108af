"""The city's view on the demo (114 units × 13 months × all indicators), on whichever
database DATABASE_URL names (the suite runs on SQLite and PostgreSQL). Issue targets,
server side: the completeness grid and a 12-month pivot of 10 indicators across all
units, each under 200 ms. The national benchmark is in test_bench_nation.py."""

import statistics
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from baocao.accounts.models import Membership
from baocao.analytics.aggregate import pivot
from baocao.analytics.completeness import commune_units, completeness_grid
from baocao.catalog.models import Unit
from baocao.catalog.periods import Period, month_range
from tests.factories import make_user

TEN = [
    "tthc.received",
    "tthc.resolved",
    "tthc.in_progress",
    "tthc.online.rate",
    "hotich.total",
    "ngansach.revenue",
    "donthu.received",
    "donthu.pending",
    "giamngheo.poor_rate",
    "btxh.beneficiaries",
]
LAST = Period.month(2025, 11)


class Timing:
    """Best and median of several runs, in ms. The best run is what the code costs;
    the median also counts whatever else the machine was doing (two cores, shared
    with other test runs), so targets are checked on the best run and both are shown."""

    def __init__(self, work, runs: int = 15):
        work()  # warm: compiled templates, cached catalog, database pages
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        self.best, self.median = min(times) * 1000, statistics.median(times) * 1000

    def __str__(self) -> str:
        return f"best {self.best:6.1f} ms, median {self.median:6.1f} ms"


@pytest.mark.bench
def test_bench_city_completeness_and_pivot(db):
    units = commune_units(Unit.objects.all())
    grid_ms = Timing(lambda: completeness_grid(units, month_range(LAST.shift(-12), LAST)))
    periods = month_range(LAST.shift(-11), LAST)
    result = pivot(TEN, periods)  # every commune, as the page asks when nothing is picked
    pivot_ms = Timing(lambda: pivot(TEN, periods))

    client = Client()
    client.force_login(make_user("31", Membership.CITY_STAFF))
    grid_page = reverse("analytics:completeness") + "?from=2024-11&to=2025-11"
    codes = "&".join(f"codes={c}" for c in TEN)
    table_page = reverse("analytics:indicators") + f"?{codes}&from=2024-12&to=2025-11"
    grid_page_ms = Timing(lambda: client.get(grid_page), runs=5)
    table_page_ms = Timing(lambda: client.get(table_page), runs=5)
    excel_ms = Timing(
        lambda: client.get(
            reverse("analytics:indicators_xlsx") + f"?{codes}&from=2024-12&to=2025-11"
        ),
        runs=3,
    )

    cells = sum(1 for k in result.cells if k[0] in TEN)
    print(f"\ncity view on {connection.vendor} (114 units):")
    print(f"  completeness grid, 114 × 13 months:           {grid_ms} (target < 200 ms)")
    print(
        f"  pivot, 10 indicators × 12 months × 114 units: {pivot_ms} (target < 200 ms; {cells} cells)"
    )
    print(f"  page: completeness grid, 13 months (HTML):    {grid_page_ms}")
    print(f"  page: indicator table 10 × 12 × 114 (HTML):   {table_page_ms}")
    print(f"  Excel of that table:                          {excel_ms}")
    assert grid_ms.best < 200 and pivot_ms.best < 200
