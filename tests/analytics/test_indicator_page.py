"""The indicator page pages its units (30 a page): each page shows its units' cells,
while the totals, the ranks and the comparison stay those of every unit; the figures
on the page equal the pivot's; and the page reads the catalog once (query count)."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from baocao.accounts.models import Membership
from baocao.analytics.aggregate import compare, pivot
from baocao.analytics.completeness import commune_units
from baocao.catalog.models import Unit
from baocao.catalog.periods import Period, month_range
from tests.factories import TEN_INDICATORS, make_user

TEN = TEN_INDICATORS
QUERY = "&".join(f"codes={c}" for c in TEN) + "&from=2024-12&to=2025-11"


@pytest.fixture
def staff_client(client, db):
    client.force_login(make_user("31", Membership.CITY_STAFF))
    return client


def table_of(html: str, code: str) -> str:
    return html.split(f'<table class="grid pivot" data-code="{code}">')[1].split("</table>")[0]


def test_each_page_shows_30_units_and_the_totals_of_all(staff_client):
    url = reverse("analytics:indicators") + "?" + QUERY
    result = pivot(TEN, month_range(Period.month(2024, 12), Period.month(2025, 11)))
    seen = []
    for page in range(1, 5):
        html = staff_client.get(url + f"&trang_dv={page}").content.decode()
        table = table_of(html, "tthc.received")
        keys = re.findall(r'<tr data-key="(\d+)">', table)
        assert len(keys) == (30 if page < 4 else 24)
        seen += keys
        # The footer is the city's total, whatever the page.
        footer = table.split("<tfoot>")[1]
        total = re.findall(r'data-value="([\d.]*)"', footer)[-1]
        assert Decimal(total) == result.totals["tthc.received"]
        assert 'id="units-pager"' in html and f"<strong>Trang {page}</strong>" in html
    assert seen == [r.code for r in result.rows]
    # A cell of the last page is the pivot's figure for that unit and month.
    row = result.rows[-1]
    table = table_of(html, "tthc.received")
    cells = re.search(rf'<tr data-key="{row.code}">(.*?)</tr>', table).group(1)
    first = re.findall(r'data-value="([\d.]*)"', cells)[0]
    assert Decimal(first) == result.cell("tthc.received", row.id, "2024-12")


def test_the_page_is_small_and_reads_the_catalog_once(staff_client):
    url = reverse("analytics:indicators") + "?" + QUERY
    staff_client.get(url)
    queries = []  # every statement (the request's start resets Django's own log)

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = staff_client.get(url)
    assert response.status_code == 200
    assert len(response.content) < 400_000  # 780 KB when every unit was on one page
    assert 10 <= len(queries) <= 25  # 43 before the catalog and merger checks were shared
    indicator_reads = [q for q in queries if 'FROM "catalog_indicator"' in q]
    assert len(indicator_reads) == 1


def test_the_comparison_of_the_whole_city_reads_the_rollup_and_agrees(db):
    """The city's comparison (every commune: the province's roll-up rows) equals the
    comparison summed from the facts of its 114 communes."""
    city = Unit.objects.get(code="31")
    units = list(commune_units(Unit.objects.all()).values_list("id", flat=True))
    period = Period.month(2025, 11)
    from_rollup = compare(TEN, period, province=city.pk)
    from_facts = compare(TEN, period, units=units)
    assert from_rollup == from_facts
    assert any(c.ytd is not None for c in from_rollup)
