"""Changes to a report's prose and tasks: keyword-only, atomic, audited (who, when,
old, new), refused on approved and accepted reports. Figures are saved by
services.save_value; the workflow lives in workflow.py."""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import F, Max

from baocao import vn
from baocao.reports import prose
from baocao.reports.errors import ConflictError, ReportError
from baocao.reports.models import Block, Report, Section, Task
from baocao.reports.queries import previous_report
from baocao.reports.services import _user, audit, check_editable


def _locked_report(report_id: int) -> Report:
    """The report row locked for the transaction: edits of one report queue."""
    report = Report.objects.select_for_update().get(pk=report_id)
    check_editable(report)
    return report


def _clean(text: str) -> str:
    return vn.nfc(text or "").replace("\r\n", "\n").strip()


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


# --- prose ---------------------------------------------------------------------------


@transaction.atomic
def save_block(*, block: Block, text: str, user=None, expected_version: int | None = None) -> Block:
    """Store a paragraph's or footnote's text. expected_version is the version the
    user loaded; if someone saved since, the save is refused with their text."""
    report = _locked_report(block.section.report_id)
    current = Block.objects.select_related("updated_by").get(pk=block.pk)
    if expected_version is not None and expected_version != current.version:
        shown = current.text if len(current.text) <= 200 else current.text[:200] + "…"
        by = _who(current.updated_by)
        raise ConflictError(
            f"Đoạn văn này vừa được {by or 'người khác'} sửa. Nội dung hiện tại: «{shown}». "
            "Hãy xem lại trước khi lưu.",
            current=current.text,
            by=by,
        )
    text = _clean(text)
    if text == current.text:
        return current
    Block.objects.filter(pk=current.pk).update(
        text=text, version=F("version") + 1, updated_by=_user(user)
    )
    audit(report, user, "block", f"block:{current.pk}", old=current.text, new=text)
    return Block.objects.get(pk=current.pk)


def _free_key(report: Report) -> str:
    used = set(
        Block.objects.filter(section__report=report, kind=Block.FOOTNOTE).values_list(
            "key", flat=True
        )
    )
    n = 1
    while str(n) in used:
        n += 1
    return str(n)


_CLOSING = re.compile(r"[.;:,!?…]+\s*$")


def marker_position(text: str) -> int:
    """Where a footnote goes when the user did not choose: after the last word, before
    the closing punctuation ("… trên địa bàn[^1].")."""
    m = _CLOSING.search(text)
    return m.start() if m else len(text.rstrip())


@transaction.atomic
def add_footnote(
    *,
    block: Block,
    text: str,
    position: int | None = None,
    user=None,
    expected_version: int | None = None,
) -> Block:
    """A footnote on a paragraph: the marker `[^key]` goes into the paragraph at
    position (a character offset; by default at the end of the sentence) and the
    note becomes a footnote block (docs/placeholders.md)."""
    report = _locked_report(block.section.report_id)
    anchor = Block.objects.get(pk=block.pk)
    if anchor.kind != Block.PARAGRAPH:
        raise ReportError("Chỉ thêm được chú thích vào một đoạn văn.")
    note = _clean(text)
    if not note:
        raise ReportError("Chú thích cần có nội dung.")
    if expected_version is not None and expected_version != anchor.version:
        raise ConflictError(
            "Đoạn văn này vừa được người khác sửa; hãy tải lại trang rồi thêm chú thích.",
            current=anchor.text,
        )
    # Left at the very end (where the cursor often is), the marker goes before the full stop.
    if position is None or position >= len(anchor.text.rstrip()):
        at = marker_position(anchor.text)
    else:
        at = max(0, position)
    at = _outside_token(anchor.text, at)
    key = _free_key(report)
    new_text = f"{anchor.text[:at]}[^{key}]{anchor.text[at:]}"
    Block.objects.filter(pk=anchor.pk).update(
        text=new_text, version=F("version") + 1, updated_by=_user(user)
    )
    footnote = Block.objects.create(
        section_id=anchor.section_id,
        position=anchor.position,
        kind=Block.FOOTNOTE,
        anchor=anchor,
        key=key,
        text=note,
        updated_by=_user(user),
    )
    audit(report, user, "block", f"block:{anchor.pk}", old=anchor.text, new=new_text)
    audit(report, user, "footnote", f"block:{footnote.pk}", new=note, comment=f"[^{key}]")
    return footnote


def _outside_token(text: str, at: int) -> int:
    """A marker must not split a placeholder or another marker: move it after one."""
    for pattern in (prose.PLACEHOLDER, prose.FOOTNOTE):
        for m in pattern.finditer(text):
            if m.start() < at < m.end():
                return m.end()
    return at


@transaction.atomic
def remove_footnote(*, footnote: Block, user=None) -> None:
    report = _locked_report(footnote.section.report_id)
    note = Block.objects.select_related("anchor").get(pk=footnote.pk)
    if note.kind != Block.FOOTNOTE:
        raise ReportError("Đây không phải chú thích.")
    anchor = note.anchor
    if anchor is not None:
        new_text = anchor.text.replace(f"[^{note.key}]", "")
        if new_text != anchor.text:
            Block.objects.filter(pk=anchor.pk).update(
                text=new_text, version=F("version") + 1, updated_by=_user(user)
            )
            audit(report, user, "block", f"block:{anchor.pk}", old=anchor.text, new=new_text)
    audit(report, user, "footnote", f"block:{note.pk}", old=note.text, comment=f"[^{note.key}]")
    note.delete()


# --- next-period tasks -------------------------------------------------------------------


@transaction.atomic
def add_task(*, report: Report, section: Section, text: str, user=None) -> Task:
    report = _locked_report(report.pk)
    if section.report_id != report.pk:
        raise ReportError("Mục không thuộc báo cáo này.")
    text = _clean(text)
    if not text:
        raise ReportError("Nhiệm vụ cần có nội dung.")
    last = report.tasks.filter(section=section).aggregate(m=Max("position"))["m"] or 0
    task = Task.objects.create(report=report, section=section, position=last + 1, text=text)
    audit(report, user, "task", f"task:{task.pk}", new=text)
    return task


@transaction.atomic
def save_task(*, task: Task, text: str, user=None) -> Task:
    report = _locked_report(task.report_id)
    current = Task.objects.get(pk=task.pk)
    text = _clean(text)
    if not text:
        raise ReportError("Nhiệm vụ cần có nội dung; muốn bỏ nhiệm vụ thì bấm «Xóa».")
    if text != current.text:
        Task.objects.filter(pk=current.pk).update(text=text)
        audit(report, user, "task", f"task:{current.pk}", old=current.text, new=text)
        current.text = text
    return current


@transaction.atomic
def remove_task(*, task: Task, user=None) -> None:
    report = _locked_report(task.report_id)
    current = Task.objects.get(pk=task.pk)
    audit(report, user, "task", f"task:{current.pk}", old=current.text)
    current.delete()


@transaction.atomic
def move_task(*, task: Task, offset: int, user=None) -> None:
    """Move a task up (offset -1) or down (+1) among its section's tasks."""
    report = _locked_report(task.report_id)
    tasks = list(report.tasks.filter(section_id=task.section_id).order_by("position", "pk"))
    index = next(i for i, t in enumerate(tasks) if t.pk == task.pk)
    target = index + offset
    if not 0 <= target < len(tasks):
        return
    tasks.insert(target, tasks.pop(index))
    for position, t in enumerate(tasks, start=1):
        if t.position != position:
            Task.objects.filter(pk=t.pk).update(position=position)
    audit(
        report,
        user,
        "task",
        f"task:{task.pk}",
        old=str(index + 1),
        new=str(target + 1),
        comment="đổi thứ tự",
    )


OUTCOMES = (Task.DONE, Task.IN_PROGRESS, Task.NOT_DONE, Task.PLANNED)


@transaction.atomic
def set_task_outcome(*, report: Report, task: Task, status: str, note: str = "", user=None) -> Task:
    """How one of last period's tasks went, set while writing this period's report.
    The outcome belongs to the task (of the previous report, which may be locked: its
    text is not touched), and the change is audited on the report being written."""
    report = _locked_report(report.pk)
    previous = previous_report(report)
    current = Task.objects.get(pk=task.pk)
    if previous is None or current.report_id != previous.pk:
        raise ReportError("Nhiệm vụ này không thuộc báo cáo kỳ trước.")
    if status not in OUTCOMES:
        raise ReportError("Kết quả không hợp lệ.")
    note = _clean(note)
    if (status, note) == (current.status, current.note):
        return current
    labels = dict(Task.STATUSES)
    old = labels[current.status] + (f" — {current.note}" if current.note else "")
    new = labels[status] + (f" — {note}" if note else "")
    Task.objects.filter(pk=current.pk).update(status=status, note=note)
    audit(report, user, "outcome", f"task:{current.pk}", old=old, new=new)
    current.status, current.note = status, note
    return current
