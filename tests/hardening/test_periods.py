"""Reports may be opened from the unit's start to the next period, no further."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baocao.accounts.models import Membership
from baocao.catalog.models import ReportTemplate
from baocao.catalog.periods import Period
from baocao.reports.creation import check_creatable, creatable_range, period_of
from baocao.reports.errors import ReportError
from baocao.reports.models import Report
from baocao.reports.services import create_report
from tests.conftest import SHARED
from tests.factories import make_report, make_unit, make_user


@pytest.fixture
def ubnd(db):
    return ReportTemplate.objects.get(code="ubnd-monthly")


def test_the_period_of_a_day_follows_the_nd09_window(ubnd):
    assert period_of(date(2026, 12, 6), ubnd) == Period.month(2026, 12)  # 15/11 – 14/12
    assert period_of(date(2026, 12, 15), ubnd) == Period.month(2027, 1)
    assert period_of(date(2027, 1, 10), ubnd) == Period.month(2027, 1)


def test_from_the_first_report_to_next_period(ubnd):
    unit = make_unit()
    make_report(unit, "2025-03")
    first, last = creatable_range(unit, ubnd, today=date(2026, 12, 6))
    assert (first.key, last.key) == ("2025-03", "2027-01")
    check_creatable(unit, ubnd, Period.month(2027, 1), today=date(2026, 12, 6))
    with pytest.raises(ReportError, match="chỉ tạo được đến kỳ tiếp theo"):
        check_creatable(unit, ubnd, Period.month(2027, 2), today=date(2026, 12, 6))
    with pytest.raises(ReportError, match="chỉ có báo cáo từ tháng 3 năm 2025"):
        check_creatable(unit, ubnd, Period.month(2025, 2), today=date(2026, 12, 6))


def test_the_units_start_date_bounds_the_first_period(ubnd):
    unit = make_unit()
    unit.valid_from = date(2025, 7, 1)
    unit.save()
    first, _ = creatable_range(unit, ubnd, today=date(2026, 12, 6))
    assert first.key == "2025-07"


def test_a_new_unit_without_data_may_start_with_last_period(ubnd):
    first, last = creatable_range(make_unit(), ubnd, today=date(2026, 12, 6))
    assert (first.key, last.key) == ("2026-11", "2027-01")


@pytest.mark.parametrize("period", ["2999-12", "1900-01"])
def test_the_create_page_refuses_a_far_period_with_a_message(db, period):
    unit = make_unit()
    make_report(unit, "2026-01")
    client = Client()
    client.force_login(make_user(unit, Membership.CLERK))
    data = {"unit": unit.code, "template": "ubnd-monthly", "period": period}
    response = client.post(reverse("report_create"), data, follow=True)
    assert not Report.objects.filter(unit=unit, period=period).exists()
    assert "Không tạo được báo cáo" in response.content.decode()


# -- the same rule on every path that makes a report (create_report, store_extraction) --

SEED = SHARED / "seeds" / "002_c69ecaed7d58e06f.txt"


def _token(user) -> str:
    from baocao.api.tokens import create_token

    return create_token(user)[1]


@pytest.mark.parametrize("period", ["2999-12", "1900-01"])
def test_the_api_refuses_a_far_period_with_a_message(db, client, period):
    unit = make_unit()
    make_report(unit, "2026-01")
    token = _token(make_user(unit, Membership.CLERK))
    body = {"unit": unit.code, "template": "ubnd-monthly", "period": period}
    response = client.post(
        "/api/v1/reports",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert 400 <= response.status_code < 500, response.content
    assert "Không tạo được báo cáo" in response.json()["detail"]
    assert not Report.objects.filter(unit=unit, period=period).exists()


def test_the_api_still_creates_next_period(db, client):
    unit = make_unit()
    make_report(unit, "2026-01")
    token = _token(make_user(unit, Membership.CLERK))
    nxt = period_of(timezone.localdate(), ReportTemplate.objects.get(code="ubnd-monthly")).next()
    body = {"unit": unit.code, "template": "ubnd-monthly", "period": nxt.key}
    response = client.post(
        "/api/v1/reports",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.content


def test_create_report_itself_refuses_a_far_period(ubnd):
    with pytest.raises(ReportError, match="chỉ tạo được đến kỳ tiếp theo"):
        create_report(unit=make_unit(), template=ubnd, period="2999-12")


@pytest.mark.skipif(not SEED.exists(), reason="shared/seeds is not on this machine")
@pytest.mark.parametrize(
    ("period", "message"),
    [("2999-12", "chỉ tạo được đến kỳ tiếp theo"), ("1900-01", "chỉ có báo cáo từ")],
)
def test_baocao_import_refuses_a_far_period_with_exit_1(db, period, message):
    unit = make_unit()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command(
            "importreport",
            str(SEED),
            "--unit",
            unit.code,
            "--period",
            period,
            stdout=out,
            stderr=err,
        )
    assert exit.value.code == 1 and message in err.getvalue()
    assert not Report.objects.filter(unit=unit).exists()


@pytest.mark.skipif(not SEED.exists(), reason="shared/seeds is not on this machine")
def test_baocao_import_takes_a_past_report_of_a_unit_without_one(db):
    """An imported document is history: it may predate the unit's first report here."""
    unit = make_unit()
    call_command(
        "importreport", str(SEED), "--unit", unit.code, "--period", "2025-11", stdout=io.StringIO()
    )
    assert Report.objects.filter(unit=unit, period="2025-11").exists()
