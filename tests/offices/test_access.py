"""Office members write only their office's sections, through every write endpoint of
the editor and of the offices app; the văn phòng and the leader write everything."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from baocao.accounts.access import can_view_unit
from baocao.offices.access import check_write, may_write_section
from baocao.offices.mapping import section_offices
from baocao.reports.editing import figure_version
from baocao.reports.errors import NotAllowedError
from baocao.reports.models import AuditEntry, Block, Report, Section, Task, Value
from tests.factories import demo_report

HTMX = {"HTTP_HX_REQUEST": "true"}


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def report(db):
    report = demo_report("11002", "2025-11")
    assert report.status == Report.DRAFT
    return report


def office_section(report, slug, *, tasks=False, with_blocks=True):
    mapping = section_offices(report)
    for section in report.sections.order_by("position"):
        office = mapping[section.pk]
        if office is None or not office.code.endswith("." + slug):
            continue
        if section.is_tasks != tasks:
            continue
        if tasks and section.tasks.exists():
            return section
        if not tasks and (not with_blocks or section.blocks.filter(kind="paragraph").exists()):
            return section
    raise AssertionError(f"no {slug} section")


def paragraph(section):
    return section.blocks.filter(kind=Block.PARAGRAPH).order_by("position").first()


def kt_code(report):
    section = office_section(report, "kt")
    return section, section.indicators[0]


def test_office_member_sees_the_commune_but_not_another(db):
    from baocao.catalog.models import Unit

    member = user("thachkhoi.kinhte")
    assert can_view_unit(member, Unit.objects.get(code="11002"))
    assert not can_view_unit(member, Unit.objects.get(code="11086"))


def test_rule_office_member_own_section_only(report):
    kinhte, vhxh = user("thachkhoi.kinhte"), user("thachkhoi.vhxh")
    kt = office_section(report, "kt")
    assert may_write_section(kinhte, kt)
    assert not may_write_section(vhxh, kt)
    with pytest.raises(NotAllowedError, match="Phòng Kinh tế"):
        check_write(vhxh, report, section=kt)
    with pytest.raises(NotAllowedError):
        check_write(kinhte, report, outline=True)
    for everyone in ("thachkhoi", "thachkhoi.lanhdao"):
        check_write(user(everyone), report, section=kt, outline=True)
    with pytest.raises(NotAllowedError):
        check_write(user("daison.kinhte"), report, section=kt)


# -- every write endpoint of the editor ------------------------------------------------


def post(client, name, args, data):
    return client.post(reverse(name, args=args), data, **HTMX)


def test_save_figure(client, report):
    section, code = kt_code(report)
    before = Value.objects.filter(report=report, indicator__code=code).first()
    data = {"value": "777", "section": section.pk, "version": figure_version(report, code)}
    client.force_login(user("thachkhoi.vhxh"))
    own = office_section(report, "vhxh")
    refused = post(client, "save_figure", [report.pk, code], {**data, "section": own.pk})
    assert refused.status_code == 403
    after = Value.objects.filter(report=report, indicator__code=code).first()
    assert (after and after.value) == (before and before.value)
    client.force_login(user("thachkhoi.kinhte"))
    assert post(client, "save_figure", [report.pk, code], data).status_code == 200
    assert Value.objects.get(report=report, indicator__code=code).value == Decimal(777)


def test_save_block(client, report):
    block = paragraph(office_section(report, "kt"))
    data = {"text": "Đoạn mới.", "version": block.version, "section": block.section_id}
    client.force_login(user("thachkhoi.vhxh"))
    assert post(client, "save_block", [report.pk, block.pk], data).status_code == 403
    assert Block.objects.get(pk=block.pk).text == block.text
    client.force_login(user("thachkhoi.kinhte"))
    assert post(client, "save_block", [report.pk, block.pk], data).status_code == 200
    assert Block.objects.get(pk=block.pk).text == "Đoạn mới."
    entry = AuditEntry.objects.filter(report=report, target=f"block:{block.pk}").first()
    assert entry.user == user("thachkhoi.kinhte")


def test_add_and_remove_footnote(client, report):
    block = paragraph(office_section(report, "kt"))
    data = {"note": "Chú thích thử", "position": "0", "version": block.version}
    client.force_login(user("thachkhoi.vhxh"))
    assert post(client, "add_footnote", [report.pk, block.pk], data).status_code == 403
    assert not block.footnotes.filter(text="Chú thích thử").exists()
    client.force_login(user("thachkhoi.kinhte"))
    assert post(client, "add_footnote", [report.pk, block.pk], data).status_code == 200
    note = block.footnotes.get(text="Chú thích thử")
    client.force_login(user("thachkhoi.vhxh"))
    remove = {"version": note.version}
    assert post(client, "remove_footnote", [report.pk, note.pk], remove).status_code == 403
    assert Block.objects.filter(pk=note.pk).exists()
    client.force_login(user("thachkhoi.kinhte"))
    assert post(client, "remove_footnote", [report.pk, note.pk], remove).status_code == 200
    assert not Block.objects.filter(pk=note.pk).exists()


def test_tasks(client, report):
    section = office_section(report, "kt", tasks=True)
    task = section.tasks.order_by("position").first()
    vhxh, kinhte = user("thachkhoi.vhxh"), user("thachkhoi.kinhte")
    cases = [
        ("add_task", [report.pk], {"task_section": section.pk, "text": "Nhiệm vụ mới"}),
        ("save_task", [report.pk, task.pk], {"text": "Sửa nhiệm vụ", "version": task.version}),
        ("move_task", [report.pk, task.pk, "xuong"], {"version": task.version}),
    ]
    for name, args, data in cases:
        client.force_login(vhxh)
        assert post(client, name, args, data).status_code == 403, name
    assert not Task.objects.filter(report=report, text="Nhiệm vụ mới").exists()
    assert Task.objects.get(pk=task.pk).text == task.text
    client.force_login(kinhte)
    for name, args, data in cases[:2]:
        assert post(client, name, args, data).status_code == 200, name
    assert Task.objects.filter(report=report, section=section, text="Nhiệm vụ mới").exists()
    task.refresh_from_db()
    assert task.text == "Sửa nhiệm vụ"
    client.force_login(vhxh)
    remove = {"version": task.version}
    assert post(client, "remove_task", [report.pk, task.pk], remove).status_code == 403
    assert Task.objects.filter(pk=task.pk).exists()
    client.force_login(kinhte)
    assert post(client, "remove_task", [report.pk, task.pk], remove).status_code == 200
    assert not Task.objects.filter(pk=task.pk).exists()


def test_outcome_and_workflow_stay_with_the_vanphong(client, report):
    previous = Report.objects.get(unit=report.unit, template=report.template, period="2025-10")
    task = previous.tasks.first()
    client.force_login(user("thachkhoi.kinhte"))
    response = post(client, "set_outcome", [report.pk, task.pk], {"status": "done"})
    assert response.status_code == 403
    assert Task.objects.get(pk=task.pk).status == task.status
    client.post(reverse("report_transition", args=[report.pk, "submit"]))
    assert Report.objects.get(pk=report.pk).status == Report.DRAFT


def test_vanphong_clerk_writes_every_section(client, report):
    block = paragraph(office_section(report, "vhxh"))
    client.force_login(user("thachkhoi"))
    data = {"text": "Văn phòng sửa.", "version": block.version, "section": block.section_id}
    assert post(client, "save_block", [report.pk, block.pk], data).status_code == 200


# -- the offices app's own writes ----------------------------------------------------------


def test_state_send_back_and_assignment_rights(client, report):
    kt = office_section(report, "kt")
    client.force_login(user("thachkhoi.vhxh"))
    client.post(reverse("office_state", args=[report.pk, kt.pk]), {"state": "done"})
    assert not hasattr(Section.objects.get(pk=kt.pk), "contribution")
    client.force_login(user("thachkhoi.kinhte"))
    client.post(reverse("office_state", args=[report.pk, kt.pk]), {"state": "done"})
    assert Section.objects.get(pk=kt.pk).contribution.state == "done"
    client.post(reverse("office_send_back", args=[report.pk, kt.pk]), {"reason": "Sai số"})
    assert Section.objects.get(pk=kt.pk).contribution.state == "done"
    vhxh_office = office_section(report, "vhxh").office
    client.post(reverse("office_assign", args=[report.pk]), {f"office-{kt.pk}": vhxh_office.pk})
    assert Section.objects.get(pk=kt.pk).office.code.endswith(".kt")
    client.force_login(user("thachkhoi"))
    client.post(reverse("office_assign", args=[report.pk]), {f"office-{kt.pk}": vhxh_office.pk})
    assert Section.objects.get(pk=kt.pk).office == vhxh_office
    assert may_write_section(user("thachkhoi.vhxh"), Section.objects.get(pk=kt.pk))


def test_other_commune_gets_404(client, report):
    client.force_login(user("daison.kinhte"))
    assert client.get(reverse("office_board", args=[report.pk])).status_code == 404
    assert client.get(reverse("word_upload", args=[report.pk])).status_code == 404


def test_outline_stays_with_the_vanphong(client, report):
    own = office_section(report, "kt")
    client.force_login(user("thachkhoi.kinhte"))
    for action, data in [("doi-ten", {"title": "Tên mới"}), ("xuong", {}), ("them", {})]:
        response = post(
            client,
            "outline_change",
            [report.pk, own.pk, action],
            {**data, "version": report.version},
        )
        assert response.status_code == 403, action
    assert Section.objects.get(pk=own.pk).title == own.title
    assert report.sections.count() == Report.objects.get(pk=report.pk).sections.count()
    client.force_login(user("thachkhoi"))
    data = {"title": "Lĩnh vực kinh tế, dịch vụ", "version": report.version}
    response = post(client, "outline_change", [report.pk, own.pk, "doi-ten"], data)
    assert response.status_code in (200, 204)
    assert Section.objects.get(pk=own.pk).title == "Lĩnh vực kinh tế, dịch vụ"


def test_blocks_of_another_office_are_refused(client, report):
    kt = office_section(report, "kt")
    block = paragraph(kt)
    count = kt.blocks.count()
    client.force_login(user("thachkhoi.vhxh"))
    data = {"version": kt.version, "text": "Thêm"}
    assert post(client, "add_block", [report.pk, kt.pk], data).status_code == 403
    for action in ("xoa", "len", "tach"):
        data = {"version": block.version, "text": block.text, "at": "3"}
        response = post(client, "block_change", [report.pk, block.pk, action], data)
        # (block_change answers every refusal with 422; the message is the rule's)
        assert response.status_code in (403, 422)
        assert "Mục này do Phòng Kinh tế soạn" in response.content.decode()
    assert kt.blocks.count() == count
    assert Block.objects.get(pk=block.pk).text == block.text


def test_editor_page_read_only_on_another_offices_section(client, report):
    kt, vhxh = office_section(report, "kt"), office_section(report, "vhxh")
    client.force_login(user("thachkhoi.kinhte"))
    own = client.get(reverse("report_editor", args=[report.pk]) + f"?muc={kt.pk}")
    other = client.get(reverse("report_editor", args=[report.pk]) + f"?muc={vhxh.pk}")
    assert own.status_code == other.status_code == 200
    assert own.content.decode().count("<textarea") > 0
    assert other.content.decode().count("<textarea") == 0
