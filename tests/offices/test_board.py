"""Contribution states, the văn phòng's board, sending back, internal deadlines, and
the office member's home."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from baocao.offices.contributions import board, internal_deadline, send_back, set_state
from baocao.offices.mapping import default_slug, section_offices
from baocao.offices.models import Contribution
from baocao.reports.errors import NotAllowedError, ReportError
from baocao.reports.models import AuditEntry, Report
from tests.factories import demo_report


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def report(db):
    return demo_report("11002", "2025-11")


def kt_sections(report):
    mapping = section_offices(report)
    return [
        s
        for s in report.sections.order_by("position")
        if mapping[s.pk] and mapping[s.pk].code == "11002.kt"
    ]


def test_internal_deadline_is_two_working_days_before_the_report(report):
    # ND 09: data to Friday 14/11/2025, due two working days later (Tuesday 18/11);
    # the offices hand in two working days earlier, over the weekend: Friday 14/11.
    assert board(report).deadline == date(2025, 11, 18)
    assert internal_deadline(report) == date(2025, 11, 14)
    may = demo_report("11002", "2025-05")  # 14/05/2025 is a Wednesday → due Fri 16/05
    assert internal_deadline(may) == date(2025, 5, 14)


def test_default_mapping_of_both_templates():
    assert default_slug("Lĩnh vực kinh tế", "ubnd") == "kt"
    assert default_slug("Y tế, bảo trợ xã hội, người có công", "ubnd") == "vhxh"
    assert default_slug("Trung tâm Phục vụ Hành chính công:", "ubnd") == "pvhcc"
    assert default_slug("Công tác Quốc phòng, An ninh:", "ubnd") == "ca"
    assert default_slug("Công tác quân sự địa phương", "ubnd") == "qs"
    assert default_slug("Công tác kiểm tra, giám sát", "dang") == "ubkt"
    assert default_slug("Công tác tổ chức, cán bộ, đảng viên", "dang") == "xdd"
    assert default_slug("TÌNH HÌNH KINH TẾ - XÃ HỘI", "dang") == "vp"
    assert default_slug("", "ubnd", ["ngansach"]) == "kt"


def test_states_with_who_and_when_on_the_board(report):
    first, second = kt_sections(report)[:2]
    kinhte = user("thachkhoi.kinhte")
    rows = {r.section.pk: r for r in board(report).rows}
    assert rows[first.pk].state == Contribution.TODO
    assert rows[first.pk].office.name == "Phòng Kinh tế"
    set_state(section=first, state=Contribution.WRITING, user=kinhte)
    set_state(section=second, state=Contribution.DONE, user=kinhte)
    data = board(report)
    rows = {r.section.pk: r for r in data.rows}
    assert rows[first.pk].state_label == "Đang soạn"
    assert rows[second.pk].state_label == "Đã xong"
    assert rows[second.pk].contribution.changed_by == kinhte
    assert rows[second.pk].contribution.changed_at is not None
    assert data.counts["done"] == 1 and data.counts["writing"] == 1
    assert AuditEntry.objects.filter(
        report=report, action="contribution", target=f"section:{second.pk}", new="Đã xong"
    ).exists()


def test_send_back_with_reason(report):
    section = kt_sections(report)[0]
    set_state(section=section, state=Contribution.DONE, user=user("thachkhoi.kinhte"))
    with pytest.raises(NotAllowedError):
        send_back(section=section, reason="Sai", user=user("thachkhoi.kinhte"))
    with pytest.raises(ReportError, match="lý do"):
        send_back(section=section, reason="  ", user=user("thachkhoi"))
    send_back(section=section, reason="Số hộ kinh doanh chưa khớp", user=user("thachkhoi"))
    section.refresh_from_db()
    assert section.contribution.state == Contribution.WRITING
    assert section.contribution.returned_reason == "Số hộ kinh doanh chưa khớp"
    entry = AuditEntry.objects.get(report=report, action="contribution", user=user("thachkhoi"))
    assert "Số hộ kinh doanh chưa khớp" in entry.comment


def test_locked_report_keeps_its_states(report):
    Report.objects.filter(pk=report.pk).update(status=Report.APPROVED)
    report.refresh_from_db()
    with pytest.raises(ReportError):
        set_state(section=kt_sections(report)[0], state="done", user=user("thachkhoi"))


def test_board_page_for_the_vanphong(client, report):
    section = kt_sections(report)[0]
    set_state(section=section, state=Contribution.DONE, user=user("thachkhoi.kinhte"))
    client.force_login(user("thachkhoi"))
    html = client.get(reverse("office_board", args=[report.pk])).content.decode()
    assert "Tiến độ các đơn vị tham mưu" in html
    assert "14/11/2025" in html and "18/11/2025" in html
    assert "Phạm Văn Hùng" in html  # who marked it done
    assert "Lý do trả lại" in html and "Lưu phân công" in html
    response = client.post(
        reverse("office_send_back", args=[report.pk, section.pk]), {"reason": "Bổ sung số liệu"}
    )
    assert response.status_code == 302
    html = client.get(reverse("office_board", args=[report.pk])).content.decode()
    assert "Trả lại: Bổ sung số liệu" in html
    # an office member sees the board but cannot send back or reassign
    client.force_login(user("thachkhoi.vhxh"))
    html = client.get(reverse("office_board", args=[report.pk])).content.decode()
    assert "Lưu phân công" not in html and "Lý do trả lại" not in html


def test_office_home_shows_sections_deadline_and_lateness(client, report):
    section = kt_sections(report)[0]
    send_back(section=section, reason="Thiếu số liệu chợ", user=user("thachkhoi"))
    client.force_login(user("thachkhoi.kinhte"))
    html = client.get(reverse("home")).content.decode()
    assert "Phần việc của đơn vị tôi" in html and "Phòng Kinh tế" in html
    assert "Hạn nộp nội bộ" in html and "14/11/2025" in html
    assert "đã quá hạn" in html  # 2025's deadlines are behind us
    assert "Văn phòng trả lại: Thiếu số liệu chợ" in html
    client.force_login(user("thachkhoi"))
    assert "Phần việc của đơn vị tôi" not in client.get(reverse("home")).content.decode()


def test_last_change_is_the_last_audited_edit(report):
    from baocao.reports.editing import save_block
    from baocao.reports.models import Block

    section = kt_sections(report)[0]
    rows = {r.section.pk: r for r in board(report).rows}
    assert rows[section.pk].last_at is None  # the demo's load is no one's edit
    block = Block.objects.filter(section=section, kind=Block.PARAGRAPH).first()
    save_block(block=block, text=block.text + " Thêm.", user=user("thachkhoi.kinhte"))
    rows = {r.section.pk: r for r in board(report).rows}
    assert rows[section.pk].last_by == "Phạm Văn Hùng"
    assert rows[section.pk].state == Contribution.WRITING  # written in: being written
    assert rows[section.pk].last_at is not None
    heading = next(r for r in board(report).rows if r.section.title == "KẾT QUẢ THỰC HIỆN NHIỆM VỤ")
    assert not heading.has_content
