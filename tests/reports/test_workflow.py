import pytest

from baocao.accounts.models import Membership
from baocao.reports.errors import LockedError, NotAllowedError, ReportError, SubmitBlockedError
from baocao.reports.models import AuditEntry, Report
from baocao.reports.services import save_value
from baocao.reports.workflow import (
    accept_report,
    allowed_actions,
    approve_report,
    can_edit,
    reopen_report,
    return_report,
    submit_report,
)
from tests.factories import make_unit, make_user, ready_report


@pytest.fixture
def people(db):
    unit = make_unit()
    return {
        "unit": unit,
        "clerk": make_user(unit, Membership.CLERK),
        "leader": make_user(unit, Membership.LEADER),
        "city": make_user("31", Membership.CITY_STAFF),
        "other_clerk": make_user(make_unit(), Membership.CLERK),
    }


def test_the_whole_way_from_draft_to_accepted(people):
    report = ready_report(people["unit"])
    submit_report(report=report, user=people["clerk"])
    approve_report(report=report, user=people["leader"])
    accept_report(report=report, user=people["city"])
    report.refresh_from_db()
    assert report.status == Report.ACCEPTED
    assert report.submitted_at and report.approved_at
    steps = list(
        AuditEntry.objects.filter(report=report, action="status", target="status")
        .order_by("at", "id")
        .values_list("old", "new", "user")
    )
    assert steps == [
        ("draft", "submitted", people["clerk"].pk),
        ("submitted", "approved", people["leader"].pk),
        ("approved", "accepted", people["city"].pk),
    ]


def test_submitting_with_an_error_is_refused_with_the_errors_listed(people):
    report = ready_report(people["unit"])
    save_value(report=report, code="tthc.received", value="10")  # received ≠ resolved + in progress
    with pytest.raises(SubmitBlockedError) as caught:
        submit_report(report=report, user=people["clerk"])
    assert "Chưa thể trình" in str(caught.value) and "hồ sơ" in str(caught.value)
    assert caught.value.findings
    report.refresh_from_db()
    assert report.status == Report.DRAFT


def test_only_the_units_leader_approves_and_returns(people):
    report = ready_report(people["unit"])
    submit_report(report=report, user=people["clerk"])
    for user in (people["clerk"], people["city"], people["other_clerk"]):
        with pytest.raises(NotAllowedError):
            approve_report(report=report, user=user)
    with pytest.raises(NotAllowedError):
        return_report(report=report, user=people["clerk"], comment="Sửa lại")


def test_the_leader_returns_with_a_comment_and_the_clerk_resubmits(people):
    report = ready_report(people["unit"])
    submit_report(report=report, user=people["clerk"])
    with pytest.raises(ReportError, match="lý do"):
        return_report(report=report, user=people["leader"], comment="  ")
    return_report(report=report, user=people["leader"], comment="Bổ sung số liệu đất đai.")
    report.refresh_from_db()
    assert report.status == Report.RETURNED and can_edit(people["clerk"], report)
    entry = AuditEntry.objects.filter(report=report, new=Report.RETURNED).get()
    assert entry.comment == "Bổ sung số liệu đất đai." and entry.user == people["leader"]
    submit_report(report=report, user=people["clerk"])
    report.refresh_from_db()
    assert report.status == Report.SUBMITTED


def test_the_city_accepts_or_returns_only_approved_reports(people):
    report = ready_report(people["unit"])
    submit_report(report=report, user=people["clerk"])
    with pytest.raises(ReportError, match="không thể tiếp nhận"):
        accept_report(report=report, user=people["city"])
    approve_report(report=report, user=people["leader"])
    with pytest.raises(NotAllowedError):
        accept_report(report=report, user=people["leader"])
    return_report(report=report, user=people["city"], comment="Thiếu số liệu cư trú.")
    report.refresh_from_db()
    assert report.status == Report.RETURNED and report.approved_at is None


def test_approved_reports_are_locked_until_reopened(people):
    report = ready_report(people["unit"])
    submit_report(report=report, user=people["clerk"])
    approve_report(report=report, user=people["leader"])
    report.refresh_from_db()
    assert not can_edit(people["clerk"], report)
    with pytest.raises(LockedError):
        save_value(report=report, code="tthc.received", value="5")
    with pytest.raises(NotAllowedError):
        reopen_report(report=report, user=people["clerk"], comment="Sửa số")
    reopen_report(report=report, user=people["leader"], comment="Sửa số liệu ngân sách")
    report.refresh_from_db()
    assert report.status == Report.DRAFT and can_edit(people["clerk"], report)
    assert AuditEntry.objects.filter(
        report=report, new=Report.DRAFT, comment="Sửa số liệu ngân sách"
    ).exists()


def test_an_accepted_report_is_reopened_by_the_city_only(people):
    report = ready_report(people["unit"])
    submit_report(report=report, user=people["clerk"])
    approve_report(report=report, user=people["leader"])
    accept_report(report=report, user=people["city"])
    report.refresh_from_db()
    assert allowed_actions(people["leader"], report) == []
    assert allowed_actions(people["city"], report) == ["reopen"]
    reopen_report(report=report, user=people["city"], comment="Điều chỉnh theo kết luận")
    report.refresh_from_db()
    assert report.status == Report.DRAFT


def test_the_buttons_each_role_sees(people):
    report = ready_report(people["unit"])
    assert allowed_actions(people["clerk"], report) == ["submit"]
    assert allowed_actions(people["city"], report) == []
    assert allowed_actions(people["other_clerk"], report) == []
    submit_report(report=report, user=people["clerk"])
    report.refresh_from_db()
    assert allowed_actions(people["leader"], report) == ["approve", "return"]
    assert allowed_actions(people["clerk"], report) == []
