"""dataValueSets: export, import (JSON and CSV), strategies, dry run, locked
reports, If-Match, and the same figures everywhere afterwards."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from docx2python import docx2python

from baocao import vn
from baocao.analytics.aggregate import pivot
from baocao.catalog.models import Indicator
from baocao.catalog.periods import Period
from baocao.reports import prose
from baocao.reports.models import AuditEntry, Block, Report, Value
from tests.factories import demo_draft

pytestmark = pytest.mark.django_db
UNIT, PERIOD = "11086", "2025-11"


def _set(values: list[dict], unit=UNIT, period=PERIOD) -> dict:
    return {"template": "ubnd-monthly", "period": period, "unit": unit, "dataValues": values}


def _values(report) -> dict[str, Decimal]:
    return dict(Value.objects.filter(report=report).values_list("indicator__code", "value"))


@pytest.fixture
def draft(db):
    return demo_draft(UNIT, PERIOD)


def test_export_gives_the_reports_figures_and_its_etag(api_for, draft):
    api = api_for("daison")
    r = api.get("/dataValueSets", unit=UNIT, period=PERIOD)
    assert r.status_code == 200 and r["ETag"]
    got = {d["indicator"]: Decimal(str(d["value"])) for d in r.json()["dataValues"]}
    assert got == _values(draft)
    csv_text = api.get("/dataValueSets", unit=UNIT, period=PERIOD, format="csv").content.decode()
    assert csv_text.splitlines()[0] == "template,period,unit,indicator,value,comment"
    assert len(csv_text.splitlines()) == len(got) + 1


def test_a_whole_month_imported_shows_the_same_figures_in_editor_docx_and_city_pivot(
    api_for, client, draft, django_user_model
):
    api = api_for("daison")
    exported = api.get("/dataValueSets", unit=UNIT, period=PERIOD)
    # Every figure changed: counts and money by one, rates by a hundredth.
    kinds = dict(Indicator.objects.values_list("code", "kind"))
    edited = []
    for d in exported.json()["dataValues"]:
        old = Decimal(str(d["value"]))
        step = 1
        if kinds[d["indicator"]] == Indicator.RATE:  # within 0–100 %
            step = Decimal("0.01") if old < 50 else Decimal("-0.01")
        new = old + step
        edited.append({"indicator": d["indicator"], "value": float(new) if step != 1 else int(new)})
    r = api.post("/dataValueSets", _set(edited), if_match=exported["ETag"])
    assert r.status_code == 200, r.content
    summary = r.json()
    assert not summary["conflicts"], summary["conflicts"][:5]
    assert summary["importCount"]["updated"] == len(edited)
    assert summary["reports"][0]["report"] == draft.pk
    assert isinstance(summary["reports"][0]["findings"], list)
    expected = {d["indicator"]: Decimal(str(d["value"])) for d in edited}
    assert _values(draft) == expected

    # 1. the web editor: each figure's field, on every section's page
    client.force_login(django_user_model.objects.get(username="daison"))
    shown = {}
    for section in draft.sections.all():
        page = client.get(reverse("report_editor", args=[draft.pk]), {"muc": section.pk})
        for value, code in re.findall(
            r'name="value" value="([^"]*)" size="\d+" data-code="([^"]+)"', page.content.decode()
        ):
            shown[code] = value
    assert shown, "the editor shows figures"
    for code, value in shown.items():
        assert value == vn.format_number(expected[code]), code

    # 2. the DOCX: every figure the prose binds, formatted as the prose asks
    response = api.get(f"/reports/{draft.pk}/document.docx", draft="true")
    assert response.status_code == 200
    with docx2python(io.BytesIO(response.content)) as read:  # body, tables and footnotes
        text = read.text
    money = {c for c, u in Indicator.objects.values_list("code", "unit") if u == "đồng"}
    checked = 0
    for block in Block.objects.filter(section__report=draft):
        for p in prose.placeholders(block.text):
            if not p.is_fact and p.code in expected:
                assert prose.format_value(expected[p.code], p.format, money=p.code in money) in text
                checked += 1
    assert checked > 10

    # 3. the city pivot (and the API's analytics, which must agree with it)
    stated = [c for c in expected if kinds[c] != Indicator.RATE]
    result = pivot(stated, [Period.parse(PERIOD)], units=[draft.unit_id])
    for code in stated:
        assert result.cell(code, draft.unit_id, PERIOD) == expected[code], code
    city = api_for("thanhpho").get(
        "/analytics", indicators=",".join(stated[:20]), periods=PERIOD, units=UNIT
    )
    for table in city.json()["tables"]:
        code = table["indicator"]["code"]
        assert Decimal(str(table["rows"][0]["values"][0])) == expected[code]


def test_a_dry_run_stores_nothing_but_reports_what_would_happen(api_for, draft):
    api = api_for("daison")
    etag = api.get("/dataValueSets", unit=UNIT, period=PERIOD)["ETag"]
    before, audits = _values(draft), AuditEntry.objects.count()
    r = api.post(
        "/dataValueSets",
        _set(
            [
                {"indicator": "tthc.received", "value": 123456},
                {"indicator": "dkkd.new", "value": "500"},
            ]
        ),
        if_match=etag,
        query="dryRun=true",
    )
    assert r.status_code == 200
    assert r.json()["dryRun"] is True and r.json()["importCount"]["updated"] == 2
    # The findings are those of the figures that would be stored.
    messages = " ".join(f["message"] for f in r.json()["reports"][0]["findings"])
    assert "các thành phần cộng lại lớn hơn" in messages
    assert _values(draft) == before and AuditEntry.objects.count() == audits
    assert api.get("/dataValueSets", unit=UNIT, period=PERIOD)["ETag"] == etag
    assert r.json()["reports"][0]["etag"] == etag  # the dry run's ETag is the current one


def test_a_locked_report_refuses_the_import(api_for, draft):
    Report.objects.filter(pk=draft.pk).update(status=Report.APPROVED)
    api = api_for("daison")
    etag = api.get("/dataValueSets", unit=UNIT, period=PERIOD)["ETag"]
    before = _values(draft)
    r = api.post(
        "/dataValueSets", _set([{"indicator": "tthc.received", "value": 9}]), if_match=etag
    )
    summary = r.json()
    assert summary["status"] == "ERROR" and summary["importCount"]["ignored"] == 1
    conflict = summary["conflicts"][0]
    assert conflict["reason"] == "report_locked"
    assert "đã được duyệt" in conflict["message"]["vi"] and "locked" in conflict["message"]["en"]
    assert _values(draft) == before


def test_conflicts_in_vietnamese_and_english_and_the_report_is_all_or_nothing(api_for, draft):
    api = api_for("daison")
    etag = api.get("/dataValueSets", unit=UNIT, period=PERIOD)["ETag"]
    before = _values(draft)
    r = api.post(
        "/dataValueSets",
        _set(
            [
                {"indicator": "tthc.received", "value": 77},  # fine on its own
                {"indicator": "khong.co", "value": 1},
                {"indicator": "dkkd.new", "value": "mười hai"},
                {"indicator": "ngansach.revenue.own", "value": 1.5},  # money: whole đồng only
            ]
        ),
        if_match=etag,
    )
    summary = r.json()
    reasons = {c["object"]: c["reason"] for c in summary["conflicts"]}
    assert reasons == {
        "khong.co": "unknown_indicator",
        "dkkd.new": "not_a_number",
        "ngansach.revenue.own": "refused",
    }
    for c in summary["conflicts"]:
        assert c["message"]["vi"] and c["message"]["en"]
    assert summary["importCount"] == {"imported": 0, "updated": 0, "ignored": 4, "deleted": 0}
    assert _values(draft) == before  # tthc.received was not kept either


def test_strategies_and_vietnamese_numbers(api_for, draft):
    api = api_for("daison")

    def post(values, strategy):
        etag = api.get("/dataValueSets", unit=UNIT, period=PERIOD)["ETag"]
        r = api.post(
            "/dataValueSets", _set(values), if_match=etag, query=f"importStrategy={strategy}"
        )
        assert r.status_code == 200, r.content
        return r.json()["importCount"]

    Value.objects.filter(report=draft, indicator__code="dkkd.new").delete()
    current = _values(draft)["tthc.received"]
    assert post([{"indicator": "dkkd.new", "value": "1.050"}], "UPDATE")["ignored"] == 1
    assert "dkkd.new" not in _values(draft)
    assert post(
        [{"indicator": "dkkd.new", "value": "1.050"}, {"indicator": "tthc.received", "value": 5}],
        "CREATE",
    ) == {
        "imported": 1,
        "updated": 0,
        "ignored": 1,
        "deleted": 0,
    }
    assert _values(draft)["dkkd.new"] == 1050 and _values(draft)["tthc.received"] == current
    assert post([{"indicator": "dkkd.new", "value": "1,5"}], "DELETE")["deleted"] == 1
    assert "dkkd.new" not in _values(draft)


def test_csv_import_round_trip(api_for, draft):
    api = api_for("daison")
    exported = api.get("/dataValueSets", unit=UNIT, period=PERIOD, format="csv")
    lines = exported.content.decode().splitlines()
    edited = [lines[0]] + [
        line.replace(",tthc.received,", ",tthc.received,").rsplit(",", 2)[0] + ',"4.321",'
        if ",tthc.received," in line
        else line
        for line in lines[1:]
    ]
    r = api.post(
        "/dataValueSets",
        "\n".join(edited) + "\n",
        content_type="text/csv",
        if_match=exported["ETag"],
    )
    assert r.status_code == 200, r.content
    assert (
        r.json()["importCount"]["updated"] == 1
        and r.json()["importCount"]["ignored"] == len(lines) - 2
    )
    assert _values(draft)["tthc.received"] == 4321  # "4.321": the Vietnamese thousands dot


def test_if_match_is_required_and_must_be_current(api_for, draft):
    api = api_for("daison")
    body = _set([{"indicator": "tthc.received", "value": 11}])
    missing = api.post("/dataValueSets", body)
    assert missing.status_code == 428 and missing["Content-Type"].startswith(
        "application/problem+json"
    )
    etag = api.get(f"/reports/{draft.pk}")["ETag"]
    assert api.post("/dataValueSets", body, if_match=etag).status_code == 200
    stale = api.post(
        "/dataValueSets", _set([{"indicator": "tthc.received", "value": 12}]), if_match=etag
    )
    assert stale.status_code == 412
    assert stale.json()["current_etag"] == api.get(f"/reports/{draft.pk}")["ETag"] != etag
    assert _values(draft)["tthc.received"] == 11
    # Workflow steps too.
    assert api.post(f"/reports/{draft.pk}/actions/submit", {}).status_code == 428
    assert api.post(f"/reports/{draft.pk}/actions/submit", {}, if_match=etag).status_code == 412


def test_workflow_through_the_api_follows_the_webs_rules(api_for, draft):
    clerk, leader = api_for("daison"), api_for("daison.lanhdao")
    etag = clerk.get(f"/reports/{draft.pk}")["ETag"]
    # Returning is the leader's step, and needs a reason.
    assert clerk.post(f"/reports/{draft.pk}/actions/approve", {}, if_match=etag).status_code in (
        403,
        422,
    )
    r = clerk.post(f"/reports/{draft.pk}/actions/submit", {}, if_match=etag)
    if r.status_code == 422:  # validation errors block submission, as on the web
        assert r.json()["findings"] and "lỗi" in r.json()["detail"]
        Report.objects.filter(pk=draft.pk).update(status=Report.SUBMITTED)
    else:
        assert r.status_code == 200 and r.json()["status"] == "submitted"
    etag = leader.get(f"/reports/{draft.pk}")["ETag"]
    no_reason = leader.post(f"/reports/{draft.pk}/actions/return", {"reason": " "}, if_match=etag)
    assert no_reason.status_code == 422 and "lý do" in no_reason.json()["detail"]
    back = leader.post(
        f"/reports/{draft.pk}/actions/return", {"reason": "Sửa số liệu TTHC"}, if_match=etag
    )
    assert back.status_code == 200 and back.json()["status"] == "returned"
    assert back["ETag"] != etag


def test_create_next_periods_report(api_for):
    api = api_for("daison")
    r = api.post("/reports", {"unit": UNIT, "template": "ubnd-monthly"})
    assert r.status_code == 201, r.content
    made = r.json()
    assert made["period"] == "2025-12" and made["status"] == "draft" and made["outline"]
    assert api.post("/reports", {"unit": UNIT, "period": "2025-12"}).status_code == 409


def test_updated_since_finds_a_report_whose_figures_changed(api_for, draft):
    from django.utils import timezone

    api = api_for("daison")
    since = timezone.now().isoformat()
    assert api.get("/reports", updated_since=since).json()["items"] == []
    etag = api.get(f"/reports/{draft.pk}")["ETag"]
    api.post("/dataValueSets", _set([{"indicator": "tthc.received", "value": 3}]), if_match=etag)
    found = api.get("/reports", updated_since=since).json()["items"]
    assert [r["id"] for r in found] == [draft.pk]
