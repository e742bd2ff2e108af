"""The city's view on the demo (114 units × 13 months × all indicators), on whichever
database DATABASE_URL names (the suite runs on SQLite and PostgreSQL). Issue targets,
server side: the completeness grid and a 12-month pivot of 10 indicators across all
units, each under 200 ms, and both pages (HTML, server side) under 200 ms median. The national benchmark is in test_bench_nation.py."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from baocao.accounts.models import Membership
from baocao.analytics.aggregate import pivot
from baocao.analytics.completeness import commune_units, completeness_grid
from baocao.catalog.models import Unit
from baocao.catalog.periods import Period, month_range
from tests.bench.timing import below, expect, measure
from tests.factories import TEN_INDICATORS, make_user

TEN = TEN_INDICATORS
LAST = Period.month(2025, 11)


@pytest.mark.bench
def test_bench_city_completeness_and_pivot(db):
    units = commune_units(Unit.objects.all())
    grid = measure(lambda: completeness_grid(units, month_range(LAST.shift(-12), LAST)), runs=20)
    periods = month_range(LAST.shift(-11), LAST)
    result = pivot(TEN, periods)  # every commune, as the page asks when nothing is picked
    pivot_timing = measure(lambda: pivot(TEN, periods), runs=20)

    client = Client()
    client.force_login(make_user("31", Membership.CITY_STAFF))
    grid_page = reverse("analytics:completeness") + "?from=2024-11&to=2025-11"
    codes = "&".join(f"codes={c}" for c in TEN)
    table_page = reverse("analytics:indicators") + f"?{codes}&from=2024-12&to=2025-11"

    def get(url):
        response = client.get(url)
        assert response.status_code == 200
        return response

    grid_page_timing = measure(lambda: get(grid_page), runs=15)
    queries = []  # every statement of the request (the request start resets Django's log)

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        size = len(get(table_page).content)
    table_page_timing = measure(lambda: get(table_page), runs=20)
    excel = measure(
        lambda: get(reverse("analytics:indicators_xlsx") + f"?{codes}&from=2024-12&to=2025-11"),
        runs=3,
    )

    cells = sum(1 for k in result.cells if k[0] in TEN)
    db = connection.vendor
    # CPU time stands for the work only where the database is in this process (SQLite);
    # PostgreSQL's share runs in its server, so there the wall time must meet the target.
    in_process = db == "sqlite"
    print(f"\ncity view on {db} (114 units, file database on SQLite): pivot of {cells} cells")
    print(
        f"  page: indicator table, first page of units, {size / 1000:.0f} KB of HTML, "
        f"{len(queries)} queries"
    )
    print(f"  Excel of that table (no target): {excel}")
    expect(
        below(f"city: completeness grid 114 × 13 months ({db})", grid, 200, in_process),
        below(
            f"city: pivot 10 indicators × 12 months × 114 units ({db})",
            pivot_timing,
            200,
            in_process,
        ),
        below(
            f"city: completeness page, 13 months, HTML ({db})", grid_page_timing, 200, in_process
        ),
        below(
            f"city: indicator page 10 × 12 × 114, HTML, {len(queries)} queries ({db})",
            table_page_timing,
            200,
            in_process,
        ),
    )
    assert len(queries) <= 25  # it was 43: the catalog and the merger checks read once
