import pytest

from baocao.reports.editing import (
    add_footnote,
    add_task,
    marker_position,
    move_task,
    remove_footnote,
    remove_task,
    save_block,
    save_task,
    set_task_outcome,
)
from baocao.reports.errors import ConflictError, LockedError, ReportError
from baocao.reports.models import AuditEntry, Block, Report, Task
from tests.factories import make_report, make_unit, make_user


def first_paragraph(report) -> Block:
    return Block.objects.filter(section__report=report, kind=Block.PARAGRAPH).order_by("pk").first()


def test_save_block_stores_the_text_and_audits_old_and_new(db):
    report, user = make_report(), make_user()
    block = first_paragraph(report)
    old = block.text
    saved = save_block(
        block=block, text="Đoạn mới, {{tthc.received}} hồ sơ.", user=user, expected_version=1
    )
    assert saved.version == 2 and saved.text == "Đoạn mới, {{tthc.received}} hồ sơ."
    entry = AuditEntry.objects.get(report=report, target=f"block:{block.pk}")
    assert (entry.user, entry.old, entry.new) == (user, old, saved.text)


def test_a_stale_block_save_is_refused_and_shows_the_other_text(db):
    report = make_report()
    block = first_paragraph(report)
    lan, hung = make_user(first_name="Lan"), make_user(first_name="Hùng")
    save_block(block=block, text="Bản của Lan.", user=lan, expected_version=1)
    with pytest.raises(ConflictError) as caught:
        save_block(block=block, text="Bản của Hùng.", user=hung, expected_version=1)
    assert "Lan" in str(caught.value) and "Bản của Lan." in str(caught.value)
    block.refresh_from_db()
    assert block.text == "Bản của Lan."


def test_an_unchanged_save_does_not_bump_the_version_or_audit(db):
    report = make_report()
    block = first_paragraph(report)
    save_block(block=block, text=block.text, expected_version=1)
    assert Block.objects.get(pk=block.pk).version == 1
    assert not AuditEntry.objects.filter(report=report, action="block").exists()


def test_a_footnote_marker_goes_before_the_closing_full_stop_by_default(db):
    report, user = make_report(), make_user()
    block = first_paragraph(report)
    save_block(block=block, text="Tiếp nhận {{tthc.received}} hồ sơ.", user=user)
    note = add_footnote(block=block, text="Gồm hồ sơ trực tuyến.", user=user)
    block.refresh_from_db()
    assert block.text == f"Tiếp nhận {{{{tthc.received}}}} hồ sơ[^{note.key}]."
    assert (note.kind, note.anchor, note.text) == (Block.FOOTNOTE, block, "Gồm hồ sơ trực tuyến.")
    assert AuditEntry.objects.filter(report=report, action="footnote", new=note.text).exists()


def test_a_footnote_at_a_position_never_splits_a_placeholder(db):
    report = make_report()
    block = first_paragraph(report)
    save_block(block=block, text="Tiếp nhận {{tthc.received}} hồ sơ.")
    note = add_footnote(block=block, text="Ghi chú.", position=14)  # inside {{...}}
    block.refresh_from_db()
    assert block.text == f"Tiếp nhận {{{{tthc.received}}}}[^{note.key}] hồ sơ."


def test_footnote_keys_are_unique_in_the_report(db):
    report = make_report()
    keys = set(
        Block.objects.filter(section__report=report, kind=Block.FOOTNOTE).values_list(
            "key", flat=True
        )
    )
    note = add_footnote(block=first_paragraph(report), text="Một chú thích.")
    assert note.key not in keys


def test_removing_a_footnote_removes_its_marker(db):
    report = make_report()
    block = first_paragraph(report)
    note = add_footnote(block=block, text="Tạm thời.")
    remove_footnote(footnote=note)
    block.refresh_from_db()
    assert f"[^{note.key}]" not in block.text
    assert not Block.objects.filter(pk=note.pk).exists()


def test_an_empty_footnote_is_refused(db):
    report = make_report()
    with pytest.raises(ReportError, match="nội dung"):
        add_footnote(block=first_paragraph(report), text="   ")


def test_marker_position():
    assert marker_position("Hồ sơ đã giải quyết.") == len("Hồ sơ đã giải quyết")
    assert marker_position("Không có dấu") == len("Không có dấu")


def test_tasks_are_added_edited_reordered_and_removed_with_audit(db):
    report, user = make_report(), make_user()
    section = report.tasks.first().section
    task = add_task(
        report=report, section=section, text="Tổ chức hội nghị tổng kết năm.", user=user
    )
    assert list(report.tasks.filter(section=section).order_by("position"))[-1] == task
    move_task(task=task, offset=-1, user=user)
    ordered = list(
        report.tasks.filter(section=section).order_by("position").values_list("pk", flat=True)
    )
    assert ordered[-2] == task.pk
    save_task(task=task, text="Tổ chức hội nghị tổng kết năm 2025.", user=user)
    remove_task(task=task, user=user)
    assert not Task.objects.filter(pk=task.pk).exists()
    kinds = list(
        AuditEntry.objects.filter(report=report, target=f"task:{task.pk}")
        .order_by("id")
        .values_list("old", "new")
    )
    assert kinds[0] == ("", "Tổ chức hội nghị tổng kết năm.")
    assert kinds[-1] == ("Tổ chức hội nghị tổng kết năm 2025.", "")


def test_last_periods_tasks_get_their_outcome_from_this_periods_report(db):
    unit, user = make_unit(), make_user()
    first = make_report(unit, "2026-01")
    Report.objects.filter(pk=first.pk).update(status=Report.ACCEPTED)  # last month: locked
    second = make_report(unit, "2026-02")
    task = first.tasks.first()
    set_task_outcome(report=second, task=task, status=Task.IN_PROGRESS, note="Đạt 60%", user=user)
    task.refresh_from_db()
    assert (task.status, task.note) == (Task.IN_PROGRESS, "Đạt 60%")
    entry = AuditEntry.objects.get(report=second, action="outcome")
    assert entry.new == "Đang thực hiện — Đạt 60%"
    with pytest.raises(ReportError):  # a task of this period is not last period's
        set_task_outcome(report=second, task=second.tasks.first(), status=Task.DONE, user=user)


def test_locked_reports_refuse_prose_and_task_changes(db):
    report = make_report()
    block = first_paragraph(report)
    task = report.tasks.first()
    Report.objects.filter(pk=report.pk).update(status=Report.APPROVED)
    with pytest.raises(LockedError):
        save_block(block=block, text="Sửa sau khi duyệt.")
    with pytest.raises(LockedError):
        add_footnote(block=block, text="Chú thích.")
    with pytest.raises(LockedError):
        add_task(report=report, section=task.section, text="Việc mới.")
    with pytest.raises(LockedError):
        save_task(task=task, text="Sửa.")
    with pytest.raises(LockedError):
        remove_task(task=task)


def test_a_footnote_at_the_very_end_still_goes_before_the_full_stop(db):
    report = make_report()
    block = first_paragraph(report)
    save_block(block=block, text="Hồ sơ đã giải quyết.")
    note = add_footnote(block=block, text="Ghi chú.", position=len("Hồ sơ đã giải quyết."))
    block.refresh_from_db()
    assert block.text == f"Hồ sơ đã giải quyết[^{note.key}]."


# --- versions ---------------------------------------------------------------------------


def test_a_stale_task_save_is_refused_with_the_other_text(db):
    report = make_report()
    task = report.tasks.first() or add_task(
        report=report, section=report.sections.last(), text="Nhiệm vụ."
    )
    save_task(task=task, text="Bản của Lan.", expected_version=task.version)
    with pytest.raises(ConflictError) as caught:
        save_task(task=task, text="Bản của Hùng.", expected_version=task.version)
    assert caught.value.current == "Bản của Lan."
    with pytest.raises(ConflictError):
        remove_task(task=task, expected_version=task.version)
    assert Task.objects.get(pk=task.pk).text == "Bản của Lan."


def test_figure_versions_go_on_after_clearing(db):
    from baocao.reports.editing import figure_version, save_figure

    report = make_report()
    first = save_figure(
        report=report,
        code="tthc.received",
        value="10",
        expected_version=figure_version(report, "tthc.received"),
    )
    v = first.version
    assert save_figure(report=report, code="tthc.received", value="", expected_version=v) is None
    assert figure_version(report, "tthc.received") == v + 1
    again = save_figure(report=report, code="tthc.received", value="11", expected_version=v + 1)
    assert again.version == v + 2
    with pytest.raises(ConflictError):
        save_figure(report=report, code="tthc.received", value="12", expected_version=v)


# --- the blocks of a section -----------------------------------------------------------

from baocao.reports.editing import (  # noqa: E402
    add_block,
    check_table,
    empty_table,
    merge_block,
    move_block,
    remove_block,
    save_table,
    set_block_kind,
    split_block,
)


def body(section) -> list[Block]:
    return list(section.blocks.exclude(kind=Block.FOOTNOTE).order_by("position", "pk"))


def economy(report):
    return report.sections.get(title="Lĩnh vực kinh tế")


def test_add_a_paragraph_after_and_before_another(db):
    report, user = make_report(), make_user()
    section = economy(report)
    first, second = body(section)[:2]
    after = add_block(
        section=section, after=first, text="Sau.", user=user, expected_version=section.version
    )
    before = add_block(
        section=section,
        before=first,
        text="Trước.",
        user=user,
        expected_version=section.version + 1,
    )
    assert [b.pk for b in body(section)][:4] == [before.pk, first.pk, after.pk, second.pk]
    with pytest.raises(ConflictError):  # the page still had the first version
        add_block(section=section, text="Cũ.", expected_version=section.version)
    assert (
        AuditEntry.objects.filter(report=report, action="block", comment="thêm đoạn").count() == 2
    )


def test_split_at_the_cursor_keeps_figures_whole_and_moves_footnotes(db):
    report, user = make_report(), make_user()
    block = first_paragraph(report)
    save_block(
        block=block,
        text="Tiếp nhận {{tthc.received}} hồ sơ[^a]. Giải quyết {{tthc.resolved}} hồ sơ[^b].",
        expected_version=1,
    )
    block.refresh_from_db()
    Block.objects.create(
        section=block.section, kind=Block.FOOTNOTE, anchor=block, key="a", text="A"
    )
    Block.objects.create(
        section=block.section, kind=Block.FOOTNOTE, anchor=block, key="b", text="B"
    )
    cut = block.text.index("Giải quyết")
    new = split_block(
        block=block, text=block.text, at=cut, user=user, expected_version=block.version
    )
    block.refresh_from_db()
    assert block.text == "Tiếp nhận {{tthc.received}} hồ sơ[^a]."
    assert new.text == "Giải quyết {{tthc.resolved}} hồ sơ[^b]."
    assert Block.objects.get(key="b", section=block.section).anchor_id == new.pk
    assert Block.objects.get(key="a", section=block.section).anchor_id == block.pk
    # A cut inside a figure moves after it.
    inside = new.text.index("tthc.resolved")
    third = split_block(block=new, text=new.text, at=inside, expected_version=new.version)
    assert Block.objects.get(pk=new.pk).text == "Giải quyết {{tthc.resolved}}"
    assert third.text == "hồ sơ[^b]."


def test_merge_joins_the_text_and_footnotes_to_the_block_above(db):
    report = make_report()
    section = economy(report)
    first, second = body(section)[:2]
    notes = list(second.footnotes.values_list("pk", flat=True))
    merged = merge_block(block=second, expected_version=second.version)
    assert merged.pk == first.pk and merged.text == f"{first.text} {second.text}"
    assert not Block.objects.filter(pk=second.pk).exists()
    assert set(Block.objects.filter(anchor=first).values_list("pk", flat=True)) >= set(notes)
    with pytest.raises(ReportError, match="đoạn đầu tiên"):
        merge_block(block=first, expected_version=Block.objects.get(pk=first.pk).version)


def test_move_remove_and_list_levels(db):
    report, user = make_report(), make_user()
    section = economy(report)
    first, second = body(section)[:2]
    move_block(block=second, offset=-1, user=user, expected_version=section.version)
    assert [b.pk for b in body(section)][:2] == [second.pk, first.pk]
    item = set_block_kind(block=first, kind=Block.ITEM, level=2, expected_version=first.version)
    assert (item.kind, item.level, item.version) == ("item", 2, first.version + 1)
    with pytest.raises(ConflictError):
        remove_block(block=first, expected_version=first.version)  # stale
    remove_block(block=first, user=user, expected_version=item.version)
    assert not Block.objects.filter(pk=first.pk).exists()
    entry = AuditEntry.objects.get(report=report, target=f"block:{first.pk}", comment="xóa đoạn")
    assert entry.old.startswith("+ ")


def test_tables_are_checked_and_versioned(db):
    report = make_report()
    section = economy(report)
    table = add_block(
        section=section, kind=Block.TABLE, data=empty_table(2, 3), expected_version=section.version
    )
    assert len(table.data["rows"]) == 2 and len(table.data["rows"][0]) == 3
    data = {"header_rows": 1, "rows": [["Chỉ tiêu", "Số"], ["Hồ sơ", "{{tthc.received}}"]]}
    saved = save_table(block=table, data=data, expected_version=table.version)
    assert saved.data["rows"][1][1]["text"] == "{{tthc.received}}" and saved.version == 2
    with pytest.raises(ConflictError):
        save_table(block=table, data=data | {"header_rows": 0}, expected_version=1)
    with pytest.raises(ReportError):
        check_table({"rows": []})
    ragged = check_table({"rows": [["a"], ["b", "c"]]})
    assert [len(r) for r in ragged["rows"]] == [2, 2]
