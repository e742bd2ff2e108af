"""Saving through the editor's htmx endpoints: figures, prose, footnotes, tasks."""

import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from baocao import vn
from baocao.accounts.models import Membership
from baocao.reports.editing import figure_version
from baocao.reports.models import AuditEntry, Block, Report, Task, Value
from baocao.reports.services import save_value
from tests.factories import demo_draft, demo_report, make_user

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def clerk(db):
    return make_user("11560", Membership.CLERK, first_name="Mai")


@pytest.fixture
def draft(db):
    return demo_draft()


def section_of(report, code):
    return next(s for s in report.sections.all() if code in s.indicators)


def save(client, report, code, value, **extra):
    """A figure saved as the page does: based on the version stored now, unless told."""
    if "version" not in extra:
        extra["version"] = figure_version(report, code)
    data = {"value": value, "section": section_of(report, code).pk, **extra}
    return client.post(reverse("save_figure", args=[report.pk, code]), data, **HTMX)


def test_a_figure_breaking_a_breakdown_comes_back_with_its_finding(client, clerk, draft):
    client.force_login(clerk)
    stored = Value.objects.get(report=draft, indicator__code="dkkd.new")
    version = stored.version
    response = save(client, draft, "dkkd.new", "500", version=version)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ff-dkkd-total" hx-swap-oob="true"' in html
    assert "các thành phần cộng lại lớn hơn" in html
    events = json.loads(response["HX-Trigger"])
    assert events["baocao:figure"] == {
        "code": "dkkd.new",
        "id": "dkkd-new",
        "version": version + 1,
        "shown": "500",
    }
    assert "dkkd.total" in events["baocao:marks"]["errors"]
    entry = AuditEntry.objects.get(report=draft, target="dkkd.new")
    assert (entry.user, entry.old, entry.new) == (clerk, vn.format_number(stored.value), "500")


def test_fixing_the_figure_clears_the_finding(client, clerk, draft):
    client.force_login(clerk)
    right = vn.format_number(draft.values.get(indicator__code="dkkd.new").value)
    save(client, draft, "dkkd.new", "500")
    html = save(client, draft, "dkkd.new", right).content.decode()
    finding_cell = html.split('id="ff-dkkd-total"')[1].split("</div>")[0]
    assert "finding" not in finding_cell


@pytest.mark.parametrize(
    ("code", "typed", "stored"),
    [
        ("ngansach.revenue", "1.050.761.000", "1050761000"),
        ("ngansach.revenue", "11 tỷ 15 triệu", "11015000000"),
        ("tthc.online.rate", "74,69", "74.69"),
    ],
)
def test_vietnamese_number_input(client, clerk, draft, code, typed, stored):
    client.force_login(clerk)
    assert save(client, draft, code, typed).status_code == 200
    assert Value.objects.get(report=draft, indicator__code=code).value == Decimal(stored)


def test_money_must_be_whole_dong(client, clerk, draft):
    client.force_login(clerk)
    response = save(client, draft, "ngansach.revenue", "74,69")
    assert response.status_code == 422 and "số nguyên" in response.content.decode()


def test_an_unreadable_number_is_refused_with_a_toast(client, clerk, draft):
    client.force_login(clerk)
    response = save(client, draft, "dkkd.new", "ba mươi sáu hộ???")
    assert response.status_code == 422
    assert (
        'id="toast"' in response.content.decode()
        and "Không đọc được số" in response.content.decode()
    )
    assert response["HX-Reswap"] == "none"


def test_a_stale_save_is_refused_showing_the_other_persons_value(client, clerk, draft):
    other = make_user("11560", Membership.CLERK, first_name="Lan")
    loaded = Value.objects.get(report=draft, indicator__code="dkkd.new").version
    save_value(report=draft, code="dkkd.new", value="37", user=other, expected_version=loaded)
    client.force_login(clerk)
    response = save(client, draft, "dkkd.new", "38", version=loaded)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Lan" in html and "37" in html
    assert "Dùng số đã lưu (37)" in html and "Ghi đè bằng số của tôi (38)" in html
    assert Value.objects.get(report=draft, indicator__code="dkkd.new").value == 37


def test_csrf_is_enforced_on_saves(clerk, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    url = reverse("save_figure", args=[draft.pk, "dkkd.new"])
    data = {"value": "40", "version": figure_version(draft, "dkkd.new")}
    assert client.post(url, data, **HTMX).status_code == 403
    client.get(reverse("report_editor", args=[draft.pk]))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(url, data, HTTP_X_CSRFTOKEN=token, **HTMX)
    assert response.status_code == 200


def test_csrf_is_enforced_on_workflow_steps(clerk, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    url = reverse("report_transition", args=[draft.pk, "trinh"])
    assert client.post(url).status_code == 403


def test_the_city_may_not_change_a_communes_figures(client, draft):
    client.force_login(make_user("31", Membership.CITY_STAFF))
    response = save(client, draft, "dkkd.new", "40")
    assert response.status_code == 403 and "chỉ được xem" in response.content.decode()


def test_a_locked_report_refuses_every_change(client, clerk, draft):
    Report.objects.filter(pk=draft.pk).update(status=Report.APPROVED)
    client.force_login(clerk)
    response = save(client, draft, "dkkd.new", "40")
    assert response.status_code == 409 and "đã được duyệt" in response.content.decode()
    block = Block.objects.filter(section__report=draft, kind=Block.PARAGRAPH).first()
    url = reverse("save_block", args=[draft.pk, block.pk])
    assert client.post(url, {"text": "Sửa", "version": block.version}, **HTMX).status_code == 409
    task = draft.tasks.first()
    remove = reverse("remove_task", args=[draft.pk, task.pk])
    assert client.post(remove, {"version": task.version}, **HTMX).status_code == 409
    assert Task.objects.filter(pk=task.pk).exists()


def test_without_javascript_a_save_redirects_back_to_the_section(client, clerk, draft):
    client.force_login(clerk)
    section = section_of(draft, "dkkd.new").pk
    url = reverse("save_figure", args=[draft.pk, "dkkd.new"])
    version = figure_version(draft, "dkkd.new")
    response = client.post(url, {"value": "40", "section": section, "version": version})
    assert response.status_code == 302 and response["Location"].endswith(f"?muc={section}")


def paragraph(report):
    return Block.objects.filter(section__report=report, kind=Block.PARAGRAPH).order_by("pk")[1]


def test_saving_a_paragraph_renders_it_again_with_its_figures(client, clerk, draft):
    client.force_login(clerk)
    block = paragraph(draft)
    url = reverse("save_block", args=[draft.pk, block.pk])
    text = "Trong tháng có {{dkkd.new}} hộ thành lập mới."
    response = client.post(url, {"text": text, "version": block.version}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="prose-{block.pk}" hx-swap-oob="true"' in html and 'data-code="dkkd.new"' in html
    assert json.loads(response["HX-Trigger"])["baocao:block"] == {
        "id": block.pk,
        "version": block.version + 1,
    }
    entry = AuditEntry.objects.get(report=draft, target=f"block:{block.pk}")
    assert entry.new == text and entry.user == clerk


def test_a_stale_paragraph_save_is_refused(client, clerk, draft):
    client.force_login(clerk)
    block = paragraph(draft)
    url = reverse("save_block", args=[draft.pk, block.pk])
    client.post(url, {"text": "Bản thứ nhất.", "version": block.version}, **HTMX)
    response = client.post(url, {"text": "Bản thứ hai.", "version": block.version}, **HTMX)
    assert response.status_code == 409 and "Bản thứ nhất." in response.content.decode()


def test_adding_a_footnote_through_the_editor(client, clerk, draft):
    client.force_login(clerk)
    block = paragraph(draft)
    url = reverse("add_footnote", args=[draft.pk, block.pk])
    data = {"note": "Theo số liệu của Phòng Kinh tế.", "position": "", "version": block.version}
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    note = Block.objects.get(anchor=block, text="Theo số liệu của Phòng Kinh tế.")
    block.refresh_from_db()
    assert f"[^{note.key}]" in block.text
    assert f'id="block-{block.pk}" hx-swap-oob="true"' in response.content.decode()
    remove = reverse("remove_footnote", args=[draft.pk, note.pk])
    assert client.post(remove, {"version": note.version}, **HTMX).status_code == 200
    assert not Block.objects.filter(pk=note.pk).exists()


def test_tasks_through_the_editor(client, clerk, draft):
    client.force_login(clerk)
    section = draft.tasks.first().section
    add = reverse("add_task", args=[draft.pk])
    response = client.post(add, {"task_section": section.pk, "text": "Tổng kết năm 2025."}, **HTMX)
    assert response.status_code == 200 and "Tổng kết năm 2025." in response.content.decode()
    task = Task.objects.get(report=draft, text="Tổng kết năm 2025.")
    client.post(reverse("move_task", args=[draft.pk, task.pk, "len"]), {"version": 1}, **HTMX)
    saved = client.post(
        reverse("save_task", args=[draft.pk, task.pk]), {"text": "Tổng kết.", "version": 1}, **HTMX
    )
    assert json.loads(saved["HX-Trigger"])["baocao:task"] == {"id": task.pk, "version": 2}
    task.refresh_from_db()
    assert task.text == "Tổng kết." and task.position == section.tasks.count() - 1
    client.post(reverse("remove_task", args=[draft.pk, task.pk]), {"version": 2}, **HTMX)
    assert not Task.objects.filter(pk=task.pk).exists()
    assert AuditEntry.objects.filter(report=draft, target=f"task:{task.pk}").count() == 4


def test_setting_the_outcome_of_last_months_task(client, clerk, draft):
    client.force_login(clerk)
    task = demo_report("11560", "2025-10").tasks.first()
    url = reverse("set_outcome", args=[draft.pk, task.pk])
    response = client.post(url, {"status": "done", "note": "Xong 20/11"}, **HTMX)
    assert response.status_code == 400  # no version: refused
    response = client.post(
        url, {"status": "done", "note": "Xong 20/11", "version": task.version}, **HTMX
    )
    assert response.status_code == 200
    task.refresh_from_db()
    assert (task.status, task.note) == (Task.DONE, "Xong 20/11")
    assert AuditEntry.objects.filter(report=draft, action="outcome").exists()


# --- versions: every save says what it was based on ---------------------------------


@pytest.mark.parametrize("what", ["figure", "block", "task", "footnote", "remove_task"])
def test_a_save_without_a_version_is_refused_and_changes_nothing(client, clerk, draft, what):
    client.force_login(clerk)
    block = paragraph(draft)
    task = draft.tasks.first()
    url, data = {
        "figure": (reverse("save_figure", args=[draft.pk, "dkkd.new"]), {"value": "41"}),
        "block": (reverse("save_block", args=[draft.pk, block.pk]), {"text": "Mất bài."}),
        "task": (reverse("save_task", args=[draft.pk, task.pk]), {"text": "Mất bài."}),
        "footnote": (reverse("add_footnote", args=[draft.pk, block.pk]), {"note": "Mất."}),
        "remove_task": (reverse("remove_task", args=[draft.pk, task.pk]), {}),
    }[what]
    before = AuditEntry.objects.filter(report=draft).count()
    response = client.post(url, data, **HTMX)
    assert response.status_code == 400
    assert "tải lại trang" in response.content.decode()
    assert AuditEntry.objects.filter(report=draft).count() == before
    assert Task.objects.filter(pk=task.pk).exists()


def test_a_stale_task_save_offers_theirs_or_mine(client, clerk, draft):
    client.force_login(clerk)
    task = draft.tasks.first()
    url = reverse("save_task", args=[draft.pk, task.pk])
    client.post(url, {"text": "Bản của Lan.", "version": task.version}, **HTMX)
    response = client.post(url, {"text": "Bản của tôi.", "version": task.version}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 409 and "Bản của Lan." in html
    assert "Dùng bản đã lưu" in html and "Ghi đè bằng bản của tôi" in html
    assert Task.objects.get(pk=task.pk).text == "Bản của Lan."


def test_clearing_and_retyping_a_figure_never_takes_its_version_back(client, clerk, draft):
    client.force_login(clerk)
    loaded = figure_version(draft, "dkkd.new")
    assert save(client, draft, "dkkd.new", "", version=loaded).status_code == 200
    cleared = figure_version(draft, "dkkd.new")
    assert cleared == loaded + 1
    assert save(client, draft, "dkkd.new", "12", version=cleared).status_code == 200
    assert Value.objects.get(report=draft, indicator__code="dkkd.new").version == cleared + 1
    # A page still showing the first version is refused, whatever the row's history.
    response = save(client, draft, "dkkd.new", "13", version=loaded)
    assert response.status_code == 409
    assert Value.objects.get(report=draft, indicator__code="dkkd.new").value == 12


def test_a_page_loaded_before_a_figure_was_cleared_cannot_save_it(client, clerk, draft):
    client.force_login(clerk)
    loaded = figure_version(draft, "dkkd.new")
    save(client, draft, "dkkd.new", "", version=loaded)
    response = save(client, draft, "dkkd.new", "99", version=loaded)
    assert response.status_code == 409 and "xóa" in response.content.decode()
    assert not Value.objects.filter(report=draft, indicator__code="dkkd.new").exists()
