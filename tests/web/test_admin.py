import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from baocao.catalog.models import Indicator, ReportTemplate, Unit

MODELS = [
    "catalog/unit",
    "catalog/indicator",
    "catalog/reporttemplate",
    "accounts/membership",
    "reports/report",
    "reports/auditentry",
    "auth/user",
]


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelists_load(admin_client, model):
    assert admin_client.get(f"/admin/{model}/").status_code == 200


def test_admin_change_pages_load_for_catalog_objects(admin_client):
    for obj, name in [
        (Unit.objects.get(code="11002"), "unit"),
        (Indicator.objects.get(code="tthc.received"), "indicator"),
        (ReportTemplate.objects.get(code="ubnd-monthly"), "reporttemplate"),
    ]:
        url = reverse(f"admin:catalog_{name}_change", args=[obj.pk])
        assert admin_client.get(url).status_code == 200


def test_admin_edits_an_indicator_name(admin_client):
    indicator = Indicator.objects.get(code="vanban.incoming")
    url = reverse("admin:catalog_indicator_change", args=[indicator.pk])
    data = {
        "code": indicator.code,
        "name": "Văn bản đến (đã sửa)",
        "unit": indicator.unit,
        "kind": indicator.kind,
        "group": indicator.group,
        "parts": "[]",
        "of": "[]",
        "position": indicator.position,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Văn bản đến (đã sửa)"


def test_a_clerk_cannot_open_the_admin(client, db):
    client.force_login(get_user_model().objects.get(username="thachkhoi"))
    assert client.get("/admin/catalog/unit/").status_code == 302


def test_admin_refuses_a_breakdown_naming_an_unknown_indicator(admin_client):
    indicator = Indicator.objects.get(code="donthu.received")
    url = reverse("admin:catalog_indicator_change", args=[indicator.pk])
    data = {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "kind": indicator.kind,
        "group": indicator.group,
        "parts": '["donthu.complaint", "donthu.khong_co"]',
        "of": "[]",
        "position": indicator.position,
        "partial": "on",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "donthu.khong_co" in response.content.decode()
    indicator.refresh_from_db()
    assert "donthu.khong_co" not in indicator.parts
