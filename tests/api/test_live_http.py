"""Over real HTTP (pytest-django's live server, urllib as the client): the checks an
outside system would make — a token from the command, the OpenAPI document, a data
value set round trip, a cross-unit refusal, a stale If-Match refused. One test: the
live server's database is emptied after each test, and the demo takes long to load."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request

import pytest
from django.core.management import call_command

from baocao.reports.models import Report


@pytest.fixture
def demo(transactional_db):
    from baocao.catalog.models import Unit
    from baocao.demo.load import load_demo

    if not Unit.objects.filter(code="11002").exists():
        load_demo()


def _call(url: str, *, token: str, method: str = "GET", body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_an_outside_system_over_http(demo, live_server):
    Report.objects.filter(unit__code="11086", period="2025-11").update(status=Report.DRAFT)
    out = io.StringIO()
    call_command("token", "create", "daison", "--expires", "1d", stdout=out)
    token = out.getvalue().strip()
    base = live_server.url + "/api/v1"

    status, headers, body = _call(base + "/openapi.json", token=token)
    spec = json.loads(body)
    assert status == 200 and spec["openapi"].startswith("3.1")
    assert "/api/v1/dataValueSets" in spec["paths"]
    docs = urllib.request.urlopen(base + "/docs", timeout=30).read().decode()
    assert "cdn" not in docs.lower() and "/static/ninja/swagger-ui-bundle.js" in docs

    query = "?unit=11086&period=2025-11"
    status, headers, body = _call(base + "/dataValueSets" + query, token=token)
    assert status == 200
    etag, value_set = headers["ETag"], json.loads(body)
    for dv in value_set["dataValues"]:
        if dv["indicator"] == "tthc.received":
            dv["value"] += 10
            expected = dv["value"]
    payload = {k: value_set[k] for k in ("template", "period", "unit", "dataValues")}
    status, _, body = _call(
        base + "/dataValueSets",
        token=token,
        method="POST",
        body=payload,
        headers={"If-Match": etag},
    )
    summary = json.loads(body)
    assert status == 200 and summary["importCount"]["updated"] == 1, summary
    _, _, body = _call(base + "/dataValueSets" + query, token=token)
    stored = {d["indicator"]: d["value"] for d in json.loads(body)["dataValues"]}
    assert stored["tthc.received"] == expected

    # The same write again with the old ETag: someone (we) changed the report since.
    status, headers, body = _call(
        base + "/dataValueSets",
        token=token,
        method="POST",
        body=payload,
        headers={"If-Match": etag},
    )
    assert status == 412 and headers["Content-Type"].startswith("application/problem+json")

    # Another commune's data: not readable, not writable.
    status, _, _ = _call(base + "/dataValueSets?unit=11002&period=2025-11", token=token)
    assert status == 404
    payload["unit"] = "11002"
    status, headers, body = _call(
        base + "/dataValueSets", token=token, method="POST", body=payload, headers={"If-Match": "*"}
    )
    assert status == 403 and json.loads(body)["status"] == 403
