from django.contrib.auth import get_user_model
from django.urls import reverse

from baocao.rules.models import Rule


def add_rule(client, expression):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client.post(
        reverse("admin:rules_rule_add"),
        {
            "code": "thu.moi",
            "title": "Quy tắc thử",
            "kind": "expression",
            "severity": "warning",
            "expression": expression,
            "message": "",
            "enabled": "on",
            "target": "",
        },
    )


def test_a_rule_that_does_not_parse_cannot_be_saved(client, db):
    response = add_rule(client, "tthc.received == (tthc.resolved + ")
    assert response.status_code == 200
    assert "Quy tắc sai cú pháp" in response.content.decode()
    assert not Rule.objects.filter(code="thu.moi").exists()


def test_a_rule_naming_an_unknown_indicator_cannot_be_saved(client, db):
    response = add_rule(client, "tthc.recieved >= 0")
    assert "tthc.received" in response.content.decode()
    assert not Rule.objects.filter(code="thu.moi").exists()


def test_a_valid_rule_is_saved_and_applied(client, db):
    from decimal import Decimal

    from baocao.rules.engine import check_values

    response = add_rule(client, "vanban.outgoing <= vanban.incoming")
    assert response.status_code == 302
    assert "thu.moi" in {
        f.rule for f in check_values({"vanban.incoming": Decimal(5), "vanban.outgoing": Decimal(9)})
    }
