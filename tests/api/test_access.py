"""Who may do what through the API: the web's permission code, token by token."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from baocao.api.models import ApiToken
from baocao.api.tokens import digest
from baocao.reports.models import Report, Value
from tests.api.conftest import token_for
from tests.factories import demo_draft, demo_report

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def test_token_create_prints_the_secret_once_and_stores_only_its_hash(capsys):
    call_command("token", "create", "daison", "--expires", "90d", "--read-only")
    secret = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user__username="daison")
    assert secret.startswith("bc_") and len(secret) > 40
    assert token.key_hash == digest(secret) and secret not in token.key_hash
    assert token.read_only
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    # Nothing in the row is the secret itself.
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(secret != str(v) for v in row.values())


def test_a_token_of_dai_son_cannot_read_or_write_thach_khoi(api_for):
    """Every operation that names Thạch Khôi's data is refused (404 for reads, as on
    the web: a commune does not learn which reports others have; 403 for writes)."""
    api = api_for("daison")
    theirs = demo_draft("11002", "2025-11")
    own = demo_report("11086", "2025-11")
    before = list(Value.objects.filter(report=theirs).values_list("indicator__code", "value"))
    r = api.get(f"/reports/{own.pk}")
    assert r.status_code == 200  # the token works for its own unit
    etag = r["ETag"]
    refused = [
        api.get(f"/reports/{theirs.pk}"),
        api.get(f"/reports/{theirs.pk}/document.html", draft="true"),
        api.get("/dataValueSets", unit="11002", period="2025-11"),
        api.get("/dataValueSets", unit="11002", period="2025-11", format="csv"),
        api.post(f"/reports/{theirs.pk}/actions/submit", {}, if_match="*"),
        api.post(f"/reports/{theirs.pk}/actions/return", {"reason": "x"}, if_match="*"),
        api.post("/reports", {"unit": "11002", "template": "ubnd-monthly", "period": "2025-12"}),
        api.post(
            "/dataValueSets",
            {
                "template": "ubnd-monthly",
                "period": "2025-11",
                "unit": "11002",
                "dataValues": [{"indicator": "tthc.received", "value": 1}],
            },
            if_match="*",
        ),
        api.post(
            "/dataValueSets",
            "template,period,unit,indicator,value\nubnd-monthly,2025-11,11002,tthc.received,1\n",
            content_type="text/csv",
            if_match=etag,
        ),
        api.get("/analytics", indicators="tthc.received", periods="2025-11"),
    ]
    for response in refused:
        assert response.status_code in (403, 404), response.content
        assert response["Content-Type"].startswith(PROBLEM)
        assert "Thạch Khôi" not in response.content.decode()
    listed = api.get("/reports", unit="11002").json()
    assert listed["items"] == []
    assert {i["unit"]["code"] for i in api.get("/reports", limit=500).json()["items"]} == {"11086"}
    after = list(Value.objects.filter(report=theirs).values_list("indicator__code", "value"))
    assert after == before
    assert not Report.objects.filter(unit__code="11002", period="2025-12").exists()


def test_a_read_only_token_reads_but_cannot_write(api_for):
    api = api_for("daison", read_only=True)
    report = demo_draft("11086", "2025-11")
    r = api.get(f"/reports/{report.pk}")
    assert r.status_code == 200
    etag = r["ETag"]
    body = {
        "template": "ubnd-monthly",
        "period": "2025-11",
        "unit": "11086",
        "dataValues": [{"indicator": "tthc.received", "value": 7}],
    }
    for response in [
        api.post("/dataValueSets", body, if_match=etag),
        api.post(f"/reports/{report.pk}/actions/submit", {}, if_match=etag),
        api.post("/reports", {"unit": "11086", "period": "2025-12"}),
    ]:
        assert response.status_code == 403
        assert response.json()["type"].endswith("read-only-token")
    assert api.get(f"/reports/{report.pk}")["ETag"] == etag  # nothing changed


@pytest.mark.parametrize("state", ["expired", "revoked", "unknown", "missing"])
def test_expired_revoked_or_unknown_tokens_get_401(client, state):
    secret = token_for("daison")
    token = ApiToken.objects.get(key_hash=digest(secret))
    if state == "expired":
        token.expires_at = timezone.now() - timedelta(seconds=1)
        token.save()
    elif state == "revoked":
        token.revoked_at = timezone.now()
        token.save()
    elif state == "unknown":
        secret = secret[:-4] + "AAAA"
    headers = {} if state == "missing" else {"Authorization": f"Bearer {secret}"}
    response = client.get("/api/v1/reports", headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"].startswith(PROBLEM)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


def test_the_web_session_works_too_with_csrf_on_writes(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="daison"))
    report = demo_report("11086", "2025-11")
    assert client.get(f"/api/v1/reports/{report.pk}").status_code == 200
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(django_user_model.objects.get(username="daison"))
    response = strict.post(
        "/api/v1/dataValueSets",
        json.dumps(
            {"template": "ubnd-monthly", "period": "2025-11", "unit": "11086", "dataValues": []}
        ),
        content_type="application/json",
        headers={"If-Match": "*"},
    )
    assert response.status_code == 403  # a session write without the CSRF token


def test_errors_are_problem_details_never_html(api_for, client):
    api = api_for("thanhpho")
    cases = [
        (api.get("/no-such-thing"), 404),
        (api.get("/reports/999999999"), 404),
        (api.get("/reports", limit=0), 422),
        (api.get("/reports", cursor="!!!"), 422),
        (api.get("/periods", **{"from": "2025-13", "to": "2025-14"}), 422),
        (api.get("/analytics", indicators="nope", periods="2025-11"), 422),
        (client.delete("/api/v1/reports", headers=api.headers), 405),
        (api.post("/dataValueSets", "{not json", if_match="*"), 422),
    ]
    for response, status in cases:
        assert response.status_code == status, (status, response.content[:300])
        assert response["Content-Type"].startswith(PROBLEM)
        body = response.json()
        assert body["status"] == status and body["title"] and body["detail"]
        assert "<html" not in response.content.decode().lower()


def test_a_token_over_its_rate_gets_429_with_retry_after(api_for, monkeypatch):
    monkeypatch.setenv("BAOCAO_API_RATE_PER_MINUTE", "3")
    api = api_for("daison")
    codes = [api.get("/templates").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    response = api.get("/templates")
    assert response["Content-Type"].startswith(PROBLEM)
    assert 1 <= int(response["Retry-After"]) <= 60


def test_the_profile_page_lists_and_revokes_the_users_tokens(client, django_user_model):
    user = django_user_model.objects.get(username="daison")
    secret = token_for("daison", name="kho dữ liệu tỉnh")
    other = token_for("thachkhoi", name="của người khác")
    client.force_login(user)
    page = client.get("/tai-khoan/khoa-api/").content.decode()
    assert "kho dữ liệu tỉnh" in page and "của người khác" not in page
    assert secret not in page  # never shown again
    mine = ApiToken.objects.get(key_hash=digest(secret))
    theirs = ApiToken.objects.get(key_hash=digest(other))
    assert client.post(f"/tai-khoan/khoa-api/{theirs.pk}/thu-hoi/").status_code == 404
    client.post(f"/tai-khoan/khoa-api/{mine.pk}/thu-hoi/")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    assert (
        client.get("/api/v1/templates", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 401
    )
    created = client.post(
        "/tai-khoan/khoa-api/", {"name": "mới", "expires": "30d"}
    ).content.decode()
    assert "chỉ hiện <strong>một lần</strong>" in created
