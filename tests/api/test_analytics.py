"""The API's analytics are the city page's numbers: same CSV as the page's export,
same JSON cells; for city staff only, as the page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db
CODES = ["tthc.received", "tthc.online.rate", "donthu.pending"]


@pytest.mark.parametrize("rows", ["unit", "period"])
def test_the_api_csv_is_the_city_pages_csv(api_for, client, rows):
    client.force_login(get_user_model().objects.get(username="thanhpho"))
    query = [("codes", c) for c in CODES] + [("from", "2025-01"), ("to", "2025-11")]
    if rows == "period":
        query.append(("rows", "periods"))
    response = client.get(reverse("analytics:indicators_csv"), query)
    page = b"".join(response.streaming_content).decode()
    api = api_for("thanhpho").get(
        "/analytics",
        indicators=",".join(CODES),
        periods="2025-01..2025-11",
        rows=rows,
        format="csv",
    )
    assert api.status_code == 200 and api["Content-Type"].startswith("text/csv")
    assert api.content.decode() == page
    assert page.count("\n") > 3 * 11


def test_the_json_holds_the_same_cells_and_a_commune_token_is_refused(api_for):
    city = api_for("thanhpho").get(
        "/analytics", indicators="tthc.received", periods="2025-10..2025-11", units="11002,11086"
    )
    table = city.json()["tables"][0]
    assert table["column_keys"] == ["2025-10", "2025-11"] and len(table["rows"]) == 2
    for row in table["rows"]:
        total = sum(Decimal(str(v)) for v in row["values"])
        assert Decimal(str(row["total"])) == total  # a flow adds over the months
    refused = api_for("daison").get("/analytics", indicators="tthc.received", periods="2025-11")
    assert refused.status_code == 403
