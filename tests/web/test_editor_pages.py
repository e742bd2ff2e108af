"""The editor's pages: who sees what, read-only for the city and for locked reports."""

import pytest
from django.urls import reverse
from django.utils import timezone

from baocao import vn
from baocao.accounts.models import Membership
from baocao.reports.models import Report
from baocao.reports.services import save_value
from tests.factories import demo_draft, demo_report, make_user


@pytest.fixture
def clerk(db):
    return make_user("11560", Membership.CLERK, first_name="Mai")


@pytest.fixture
def draft(db):
    return demo_draft()


def test_the_clerk_opens_the_editor_with_figures_as_fields(client, clerk, draft):
    client.force_login(clerk)
    page = client.get(reverse("report_editor", args=[draft.pk])).content.decode()
    assert "Lĩnh vực kinh tế" in page  # the outline and the first section
    assert 'class="fig' in page and 'data-code="dkkd.total"' in page
    assert 'aria-label="Hồ sơ đăng ký hộ kinh doanh (hồ sơ)"' in page
    assert "Trình lãnh đạo" in page
    assert "vendor/htmx.min.js" in page


def test_one_section_at_a_time(client, clerk, draft):
    client.force_login(clerk)
    section = draft.sections.get(number="7", parent__number="I")
    page = client.get(reverse("report_editor", args=[draft.pk]), {"muc": section.pk}).content
    page = page.decode()
    assert 'data-code="tthc.received"' in page and 'id="t' + str(section.pk) in page
    assert 'id="t' + str(draft.sections.get(number="1", parent__number="I").pk) not in page


def test_the_findings_page_lists_errors_with_a_link_to_their_section(client, clerk, draft):
    save_value(report=draft, code="dkkd.new", value="500")
    client.force_login(clerk)
    page = client.get(reverse("report_editor", args=[draft.pk]), {"muc": "kiem-tra"})
    text = page.content.decode()
    assert "Hồ sơ đăng ký hộ kinh doanh" in text and "cộng lại lớn hơn" in text
    assert "Sửa ở mục này" in text and "#row-dkkd-total" in text


def test_last_periods_tasks_are_listed_with_an_outcome_to_choose(client, clerk, draft):
    client.force_login(clerk)
    page = client.get(reverse("report_editor", args=[draft.pk]), {"muc": "ket-qua-ky-truoc"})
    text = page.content.decode()
    assert "tháng 10 năm 2025" in text and "Đang thực hiện" in text
    assert "hộ kinh doanh chuyển đổi" in text  # a task of the October report


def test_another_communes_report_is_not_found_on_every_page(client, clerk):
    client.force_login(clerk)
    other = demo_report("11086", "2025-11", "dang-monthly")
    block = other.sections.first().blocks.first() or other.sections.last().blocks.first()
    task = other.tasks.first()
    gets = [
        reverse("report_editor", args=[other.pk]),
        reverse("report_history", args=[other.pk]),
        reverse("indicator_search", args=[other.pk]),
    ]
    posts = [
        reverse("save_figure", args=[other.pk, "tthc.received"]),
        reverse("add_task", args=[other.pk]),
        reverse("save_task", args=[other.pk, task.pk]),
        reverse("remove_task", args=[other.pk, task.pk]),
        reverse("move_task", args=[other.pk, task.pk, "len"]),
        reverse("set_outcome", args=[other.pk, task.pk]),
        reverse("report_transition", args=[other.pk, "trinh"]),
    ]
    section = other.sections.first()
    posts += [
        reverse("outline_change", args=[other.pk, section.pk, "doi-ten"]),
        reverse("outline_change", args=[other.pk, 0, "them"]),
        reverse("add_block", args=[other.pk, section.pk]),
    ]
    if block is not None:
        posts += [
            reverse("save_block", args=[other.pk, block.pk]),
            reverse("add_footnote", args=[other.pk, block.pk]),
            reverse("add_comment", args=[other.pk, block.pk]),
        ] + [
            reverse("block_change", args=[other.pk, block.pk, action])
            for action in ("len", "xoa", "tach", "gop", "kieu", "bang", "dan", "gan")
        ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"value": "1", "text": "x", "comment": "x"}).status_code == 404, url


def test_anonymous_users_are_sent_to_the_login(client, draft):
    response = client.get(reverse("report_editor", args=[draft.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_city_reads_a_commune_report_without_fields(client, draft):
    client.force_login(make_user("31", Membership.CITY_STAFF))
    page = client.get(reverse("report_editor", args=[draft.pk])).content.decode()
    assert 'class="fig-ro' in page and 'class="fig ' not in page
    assert "hx-post" not in page
    assert "Trình lãnh đạo" not in page


def test_an_approved_report_is_read_only_for_its_clerk(client, clerk, draft):
    Report.objects.filter(pk=draft.pk).update(status=Report.APPROVED)
    client.force_login(clerk)
    page = client.get(reverse("report_editor", args=[draft.pk])).content.decode()
    assert "chỉ xem, không sửa được" in page
    assert "hx-post" not in page


def test_home_lists_my_reports_with_deadline_findings_and_the_next_period(client, clerk, draft):
    save_value(report=draft, code="dkkd.new", value="500")
    client.force_login(clerk)
    page = client.get(reverse("home")).content.decode()
    assert "Báo cáo của tôi" in page
    assert reverse("report_editor", args=[draft.pk]) in page
    assert "18/11/2025" in page  # ND 09: cut-off 14/11, two working days
    assert '<span class="badge error">1 lỗi</span>' in page
    assert "Tạo báo cáo tháng 12 năm 2025" in page


def test_home_of_city_staff_lists_reports_awaiting_acceptance(client, draft):
    Report.objects.filter(pk=draft.pk).update(status=Report.APPROVED, approved_at=timezone.now())
    client.force_login(make_user("31", Membership.CITY_STAFF))
    page = client.get(reverse("home")).content.decode()
    assert "Chờ thành phố tiếp nhận" in page
    # The city accepts or returns on the report's page (city pages, commit 58e5652).
    assert reverse("report", args=[draft.pk]) in page


def test_the_history_of_one_figure(client, clerk, draft):
    before = vn.format_number(draft.values.get(indicator__code="dkkd.new").value)
    client.force_login(clerk)
    url = reverse("save_figure", args=[draft.pk, "dkkd.new"])
    version = draft.values.get(indicator__code="dkkd.new").version
    client.post(url, {"value": "400", "version": version}, HTTP_HX_REQUEST="true")
    page = client.get(reverse("report_history", args=[draft.pk]), {"ma": "dkkd.new"})
    text = page.content.decode()
    assert "Hộ kinh doanh thành lập mới" in text and "Mai" in text
    assert f">{before}<" in text and ">400<" in text


def test_the_indicator_picker_finds_names_typed_without_accents(client, clerk, draft):
    client.force_login(clerk)
    url = reverse("indicator_search", args=[draft.pk])
    page = client.get(url, {"q": "ho so tiep nhan", "target": "text-1"}).content.decode()
    assert 'data-code="tthc.received"' in page and 'data-target="text-1"' in page
