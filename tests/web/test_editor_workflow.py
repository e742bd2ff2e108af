"""Workflow steps and report creation through the pages, by the right roles only."""

import pytest
from django.urls import reverse

from baocao.accounts.models import Membership
from baocao.reports.models import AuditEntry, Block, Report
from baocao.reports.services import save_value
from tests.factories import demo_draft, make_unit, make_user, ready_report


@pytest.fixture
def commune(db):
    unit = make_unit()
    return {
        "unit": unit,
        "clerk": make_user(unit, Membership.CLERK),
        "leader": make_user(unit, Membership.LEADER),
        "city": make_user("31", Membership.CITY_STAFF),
        "report": ready_report(unit),
    }


def step(client, user, report, slug, comment=""):
    client.force_login(user)
    url = reverse("report_transition", args=[report.pk, slug])
    response = client.post(url, {"comment": comment}, follow=True)
    report.refresh_from_db()
    return response.content.decode()


def test_submit_approve_accept_through_the_pages(client, commune):
    report = commune["report"]
    page = step(client, commune["clerk"], report, "trinh")
    assert "Đã trình báo cáo" in page and "chờ lãnh đạo duyệt" in page
    assert report.status == Report.SUBMITTED
    assert "Đã duyệt báo cáo" in step(client, commune["leader"], report, "duyet")
    assert report.status == Report.APPROVED
    page = step(client, commune["city"], report, "tiep-nhan")
    assert "Đã tiếp nhận báo cáo" in page and report.status == Report.ACCEPTED
    assert "Thành phố đã tiếp nhận" in page


def test_a_report_with_errors_cannot_be_submitted(client, db):
    clerk = make_user("11560", Membership.CLERK)
    draft = demo_draft()
    save_value(report=draft, code="dkkd.new", value="500")
    page = step(client, clerk, draft, "trinh")
    assert "Chưa thể trình" in page and "Hồ sơ đăng ký hộ kinh doanh" in page
    assert draft.status == Report.DRAFT
    assert 'class="primary" disabled' in page  # the button says so before anyone clicks


def test_steps_by_the_wrong_role_are_refused(client, commune):
    report = commune["report"]
    assert "không có quyền" in step(client, commune["city"], report, "trinh")
    step(client, commune["clerk"], report, "trinh")
    assert "không có quyền" in step(client, commune["clerk"], report, "duyet")
    assert "không có quyền" in step(client, commune["city"], report, "duyet")
    assert report.status == Report.SUBMITTED


def test_return_needs_a_comment_and_shows_it_to_the_clerk(client, commune):
    report = commune["report"]
    step(client, commune["clerk"], report, "trinh")
    assert "Cần ghi rõ lý do" in step(client, commune["leader"], report, "tra-lai", "")
    step(client, commune["leader"], report, "tra-lai", "Bổ sung số liệu cư trú.")
    assert report.status == Report.RETURNED
    client.force_login(commune["clerk"])
    page = client.get(reverse("report_editor", args=[report.pk])).content.decode()
    assert "Bị trả lại" in page and "Bổ sung số liệu cư trú." in page
    entry = AuditEntry.objects.get(report=report, new=Report.RETURNED)
    assert entry.user == commune["leader"]


def test_reopening_is_explicit_and_audited(client, commune):
    report = commune["report"]
    step(client, commune["clerk"], report, "trinh")
    step(client, commune["leader"], report, "duyet")
    step(client, commune["leader"], report, "mo-lai", "Sửa số liệu ngân sách")
    assert report.status == Report.DRAFT
    history = client.get(reverse("report_history", args=[report.pk])).content.decode()
    assert "Sửa số liệu ngân sách" in history and "Lãnh đạo đã duyệt" in history


def test_an_unknown_step_is_not_found(client, commune):
    client.force_login(commune["clerk"])
    url = reverse("report_transition", args=[commune["report"].pk, "xoa"])
    assert client.post(url).status_code == 404


def test_creating_next_months_report_carries_the_prose_over(client, commune):
    client.force_login(commune["clerk"])
    last = commune["report"]
    paragraph = Block.objects.filter(section__report=last, kind=Block.PARAGRAPH).first()
    data = {"unit": commune["unit"].code, "template": "ubnd-monthly", "period": "2026-02"}
    response = client.post(reverse("report_create"), data)
    new = Report.objects.get(unit=commune["unit"], period="2026-02")
    assert response["Location"] == reverse("report_editor", args=[new.pk])
    assert Block.objects.filter(section__report=new, text=paragraph.text).exists()
    assert new.tasks.filter(carried_from__report=last).exists()


def test_only_the_units_people_create_its_reports(client, commune):
    client.force_login(commune["city"])
    data = {"unit": commune["unit"].code, "template": "ubnd-monthly", "period": "2026-02"}
    client.post(reverse("report_create"), data)
    assert not Report.objects.filter(unit=commune["unit"], period="2026-02").exists()
    client.force_login(make_user("11002", Membership.CLERK))
    assert client.post(reverse("report_create"), data).status_code == 404
