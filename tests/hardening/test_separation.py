"""Separation of duties: who submitted a UBND report may not approve it, unless the
unit's policy allows it; Đảng ủy reports are not bound by it."""

import pytest

from baocao.accounts.models import Membership, UnitPolicy
from baocao.reports.errors import NotAllowedError
from baocao.reports.models import Report
from baocao.reports.workflow import approve_report, submit_report
from tests.factories import make_user, ready_report


@pytest.fixture
def leader_report(db):
    report = ready_report()
    leader = make_user(report.unit, Membership.LEADER)
    submit_report(report=report, user=leader)
    return report, leader


def test_the_leader_who_submitted_may_not_approve(leader_report):
    report, leader = leader_report
    with pytest.raises(NotAllowedError, match="không tự duyệt"):
        approve_report(report=report, user=leader)
    report.refresh_from_db()
    assert report.status == Report.SUBMITTED
    other = make_user(report.unit, Membership.LEADER)
    assert approve_report(report=report, user=other).status == Report.APPROVED


def test_the_units_policy_may_allow_it(leader_report):
    report, leader = leader_report
    UnitPolicy.objects.create(unit=report.unit, allow_self_approval=True)
    assert approve_report(report=report, user=leader).status == Report.APPROVED
