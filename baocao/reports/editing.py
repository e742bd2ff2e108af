"""Changes to a report's prose, figures and tasks: keyword-only, atomic, audited (who,
when, old, new), refused on approved and accepted reports. The outline lives in
outline.py, comments in comments.py, the workflow in workflow.py.

Every change a person makes is based on a version: expected_version is the version
of the row the user loaded, and a different current version means someone else saved
in between, so the change is refused (ConflictError, with their text) rather than
silently overwriting it. Versions only go up. expected_version=None is for the
program's own writers (import, carry-over, demo); the editor always passes one."""

from __future__ import annotations

import json
import re

from django.db import transaction
from django.db.models import F, Max

from baocao import vn
from baocao.reports import prose
from baocao.reports.errors import ConflictError, ReportError
from baocao.reports.models import AuditEntry, Block, Report, Section, Task, Value
from baocao.reports.queries import previous_report
from baocao.reports.services import (
    _user,
    audit,
    catalog_indicator,
    check_editable,
    write_value,
)


def _locked_report(report_id: int) -> Report:
    """The report row locked for the transaction: edits of one report queue."""
    report = Report.objects.select_for_update().get(pk=report_id)
    check_editable(report)
    return report


def clean_text(text: str) -> str:
    """Text as stored: NFC, Unix line ends, no control characters, no surrounding blanks."""
    return prose.without_controls(vn.nfc(text or "").replace("\r\n", "\n")).strip()


_clean = clean_text


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# --- figures -------------------------------------------------------------------------

# A cleared figure has no row, yet its version must not start again at 1 when it is
# typed anew (a stale page would then be accepted): the version at which it was
# cleared is kept in the audit entry of the clearing.
CLEARED = "Đã xóa số liệu, phiên bản "


def cleared_versions(report: Report, codes=None) -> dict[str, int]:
    """The version each cleared figure (no row) had when it was cleared."""
    entries = AuditEntry.objects.filter(
        report=report, action="value", new="", comment__startswith=CLEARED
    )
    if codes is not None:
        entries = entries.filter(target__in=list(codes))
    found: dict[str, int] = {}
    for target, comment in entries.order_by("id").values_list("target", "comment"):
        number = comment[len(CLEARED) :]
        if number.isdigit():
            found[target] = max(found.get(target, 0), int(number))
    return found


def figure_version(report: Report, code: str) -> int:
    """The version of a figure as the editor shows it, stored or cleared."""
    stored = Value.objects.filter(report=report, indicator__code=code).first()
    if stored is not None:
        return stored.version
    return cleared_versions(report, [code]).get(code, 0)


@transaction.atomic
def save_figure(
    *, report: Report, code: str, value: str | None, user=None, expected_version: int | None
) -> Value | None:
    """A figure typed in the editor ("" clears it: not reported), based on the version
    the user loaded. Parsing, money checks and the audit are save_value's."""
    report = _locked_report(report.pk)
    current = (
        Value.objects.select_related("indicator", "updated_by")
        .filter(report=report, indicator__code=code)
        .first()
    )
    version = current.version if current else cleared_versions(report, [code]).get(code, 0)
    if expected_version is not None and expected_version != version:
        if current is not None:
            name, by = current.indicator.name, _who(current.updated_by)
            shown = vn.format_number(current.value)
            message = f"Số liệu «{name}» vừa được {by or 'người khác'} sửa thành {shown}."
        else:
            entry = (
                AuditEntry.objects.filter(report=report, action="value", target=code)
                .select_related("user")
                .first()
            )
            by, shown = _who(entry.user if entry else None), ""
            message = f"Số liệu «{code}» vừa được {by or 'người khác'} xóa."
        raise ConflictError(message + " Hãy xem lại trước khi lưu.", current=shown, by=by)
    if value is None or not str(value).strip():
        if current is not None:
            current.delete()
            audit(
                report,
                user,
                "value",
                code,
                old=vn.format_number(current.value),
                new="",
                comment=f"{CLEARED}{current.version + 1}",
            )
        return None
    # The report is locked and the row read above: written without reading them again.
    saved = write_value(
        report=report,
        indicator=current.indicator if current else catalog_indicator(code),
        current=current,
        value=value,
        user=user,
    )
    if current is None and saved is not None and saved.version <= version:
        # Typed again after being cleared: on from the cleared version, never back.
        Value.objects.filter(pk=saved.pk).update(version=version + 1)
        saved.version = version + 1
    return saved


# --- prose ---------------------------------------------------------------------------


@transaction.atomic
def save_block(*, block: Block, text: str, user=None, expected_version: int | None = None) -> Block:
    """Store a paragraph's or footnote's text. expected_version is the version the
    user loaded; if someone saved since, the save is refused with their text."""
    report = _locked_report(block.section.report_id)
    current = Block.objects.select_related("updated_by").get(pk=block.pk)
    if expected_version is not None and expected_version != current.version:
        shown = _short(current.text)
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
    # The row as just written (it is locked with the report): not read back.
    current.text, current.version, current.updated_by = text, current.version + 1, _user(user)
    return current


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
    at = outside_token(anchor.text, at)
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


def outside_token(text: str, at: int) -> int:
    """A marker must not split a placeholder or another marker: move it after one."""
    for pattern in (prose.PLACEHOLDER, prose.FOOTNOTE):
        for m in pattern.finditer(text):
            if m.start() < at < m.end():
                return m.end()
    return at


@transaction.atomic
def remove_footnote(*, footnote: Block, user=None, expected_version: int | None = None) -> None:
    report = _locked_report(footnote.section.report_id)
    note = Block.objects.select_related("anchor").get(pk=footnote.pk)
    if note.kind != Block.FOOTNOTE:
        raise ReportError("Đây không phải chú thích.")
    if expected_version is not None and expected_version != note.version:
        raise ConflictError(
            f"Chú thích này vừa được người khác sửa: «{_short(note.text)}». Hãy xem lại trước khi xóa.",
            current=note.text,
        )
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


def _check_task(current: Task, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != current.version:
        raise ConflictError(
            f"Nhiệm vụ này vừa được người khác sửa. Nội dung hiện tại: «{_short(current.text)}». "
            "Hãy xem lại trước khi lưu.",
            current=current.text,
        )


@transaction.atomic
def save_task(*, task: Task, text: str, user=None, expected_version: int | None = None) -> Task:
    report = _locked_report(task.report_id)
    current = Task.objects.get(pk=task.pk)
    _check_task(current, expected_version)
    text = _clean(text)
    if not text:
        raise ReportError("Nhiệm vụ cần có nội dung; muốn bỏ nhiệm vụ thì bấm «Xóa».")
    if text != current.text:
        Task.objects.filter(pk=current.pk).update(text=text, version=F("version") + 1)
        audit(report, user, "task", f"task:{current.pk}", old=current.text, new=text)
        current.text, current.version = text, current.version + 1
    return current


@transaction.atomic
def remove_task(*, task: Task, user=None, expected_version: int | None = None) -> None:
    report = _locked_report(task.report_id)
    current = Task.objects.get(pk=task.pk)
    _check_task(current, expected_version)
    audit(report, user, "task", f"task:{current.pk}", old=current.text)
    current.delete()


@transaction.atomic
def move_task(*, task: Task, offset: int, user=None, expected_version: int | None = None) -> None:
    """Move a task up (offset -1) or down (+1) among its section's tasks."""
    report = _locked_report(task.report_id)
    _check_task(Task.objects.get(pk=task.pk), expected_version)
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
def set_task_outcome(
    *,
    report: Report,
    task: Task,
    status: str,
    note: str = "",
    user=None,
    expected_version: int | None = None,
) -> Task:
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
    if expected_version is not None and expected_version != current.version:
        labels = dict(Task.STATUSES)
        raise ConflictError(
            "Kết quả nhiệm vụ này vừa được người khác ghi: "
            f"«{labels[current.status]}{' — ' + current.note if current.note else ''}». "
            "Hãy tải lại trang để xem.",
            current=current.note,
        )
    note = _clean(note)
    if (status, note) == (current.status, current.note):
        return current
    labels = dict(Task.STATUSES)
    old = labels[current.status] + (f" — {current.note}" if current.note else "")
    new = labels[status] + (f" — {note}" if note else "")
    Task.objects.filter(pk=current.pk).update(status=status, note=note, version=F("version") + 1)
    audit(report, user, "outcome", f"task:{current.pk}", old=old, new=new)
    current.status, current.note, current.version = status, note, current.version + 1
    return current


# --- paragraphs, list items and tables: the structure of a section ---------------------

BODY_KINDS = (Block.PARAGRAPH, Block.ITEM, Block.TABLE)


def _check_section(section: Section, expected_version: int | None) -> Section:
    current = Section.objects.get(pk=section.pk)
    if expected_version is not None and expected_version != current.version:
        raise ConflictError(
            "Các đoạn của mục này vừa được người khác thêm, xóa hoặc chuyển chỗ. "
            "Hãy tải lại trang rồi làm lại."
        )
    return current


def _check_block(current: Block, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != current.version:
        by = _who(current.updated_by)
        raise ConflictError(
            f"Đoạn văn này vừa được {by or 'người khác'} sửa. Nội dung hiện tại: "
            f"«{_short(current.text)}». Hãy xem lại trước khi lưu.",
            current=current.text,
            by=by,
        )


def _body(section_id: int) -> list[Block]:
    return list(
        Block.objects.filter(section_id=section_id)
        .exclude(kind=Block.FOOTNOTE)
        .order_by("position", "pk")
    )


def _renumber(section_id: int, body: list[Block]) -> None:
    """Positions 1..n in the order given; footnotes share their paragraph's position."""
    for position, block in enumerate(body, start=1):
        if block.position != position:
            Block.objects.filter(pk=block.pk).update(position=position)
            Block.objects.filter(anchor_id=block.pk).update(position=position)
            block.position = position


def _bump_section(section_id: int) -> None:
    Section.objects.filter(pk=section_id).update(version=F("version") + 1)


def _level(kind: str, level: int | None) -> int:
    if kind != Block.ITEM:
        return 0
    return 2 if (level or 1) >= 2 else 1


def check_table(data) -> dict:
    """A table as the editor sends it, checked and cleaned: rows of cells, each with
    text in the prose syntax; the first header_rows rows are the header."""
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list) or not data["rows"]:
        raise ReportError("Bảng cần có ít nhất một hàng.")
    rows = []
    for row in data["rows"]:
        if not isinstance(row, list) or not row:
            raise ReportError("Mỗi hàng của bảng cần có ít nhất một ô.")
        cells = []
        for cell in row:
            text = cell.get("text", "") if isinstance(cell, dict) else cell
            if not isinstance(text, str):
                raise ReportError("Ô của bảng chỉ chứa chữ hoặc số liệu.")
            cells.append({"text": _clean(text).replace("\n", " "), "colspan": 1, "rowspan": 1})
        rows.append(cells)
    width = max(len(r) for r in rows)
    if width > 12 or len(rows) > 200:
        raise ReportError("Bảng quá lớn (tối đa 12 cột, 200 hàng).")
    for r in rows:  # every row as wide as the widest
        r += [{"text": "", "colspan": 1, "rowspan": 1} for _ in range(width - len(r))]
    header = data.get("header_rows", 1)
    header = header if isinstance(header, int) and 0 <= header <= len(rows) else 1
    return {"header_rows": header, "rows": rows}


def empty_table(rows: int, columns: int) -> dict:
    if not (1 <= rows <= 200 and 1 <= columns <= 12):
        raise ReportError("Bảng cần từ 1 đến 200 hàng và từ 1 đến 12 cột.")
    return {
        "header_rows": 1,
        "rows": [
            [{"text": "", "colspan": 1, "rowspan": 1} for _ in range(columns)] for _ in range(rows)
        ],
    }


def _describe(block: Block) -> str:
    if block.kind == Block.TABLE:
        return "[bảng] " + " | ".join(c["text"] for c in block.data.get("rows", [[]])[0])
    marker = {1: "- ", 2: "+ "}.get(block.level, "") if block.kind == Block.ITEM else ""
    return marker + block.text


@transaction.atomic
def add_block(
    *,
    section: Section,
    after: Block | None = None,
    before: Block | None = None,
    kind: str = Block.PARAGRAPH,
    level: int = 0,
    text: str = "",
    data: dict | None = None,
    user=None,
    expected_version: int | None = None,
) -> Block:
    """A paragraph, list item or table after or before another block of the
    section (at the end by default). Based on the section's version."""
    report = _locked_report(section.report_id)
    section = _check_section(section, expected_version)
    if kind not in BODY_KINDS:
        raise ReportError("Loại đoạn không hợp lệ.")
    body = _body(section.pk)
    at = len(body)
    for anchor, shift in ((after, 1), (before, 0)):
        if anchor is not None:
            index = next((i for i, b in enumerate(body) if b.pk == anchor.pk), None)
            if index is None:
                raise ReportError("Đoạn văn này không còn trong mục (có thể vừa bị xóa).")
            at = index + shift
    table = check_table(data) if kind == Block.TABLE else {}
    block = Block.objects.create(
        section=section,
        position=0,
        kind=kind,
        level=_level(kind, level),
        text=_clean(text) if kind != Block.TABLE else "",
        data=table,
        updated_by=_user(user),
    )
    body.insert(at, block)
    _renumber(section.pk, body)
    _bump_section(section.pk)
    audit(report, user, "block", f"block:{block.pk}", new=_describe(block), comment="thêm đoạn")
    return block


@transaction.atomic
def remove_block(*, block: Block, user=None, expected_version: int | None = None) -> None:
    """Remove a paragraph (with its footnotes), a list item or a table, based on the
    version of the block the user saw."""
    report = _locked_report(block.section.report_id)
    current = Block.objects.select_related("updated_by").get(pk=block.pk)
    if current.kind == Block.FOOTNOTE:
        raise ReportError("Xóa chú thích bằng nút «Xóa chú thích».")
    _check_block(current, expected_version)
    notes = list(current.footnotes.values_list("key", "text"))
    old = _describe(current) + "".join(f"\n[^{k}]: {t}" for k, t in notes)
    audit(report, user, "block", f"block:{current.pk}", old=old, new="", comment="xóa đoạn")
    current.delete()
    _renumber(current.section_id, _body(current.section_id))
    _bump_section(current.section_id)


@transaction.atomic
def move_block(
    *, block: Block, offset: int, user=None, expected_version: int | None = None
) -> Block:
    """Up (-1) or down (+1) within its section; its footnotes go with it."""
    report = _locked_report(block.section.report_id)
    _check_section(block.section, expected_version)
    body = _body(block.section_id)
    index = next((i for i, b in enumerate(body) if b.pk == block.pk), None)
    if index is None:
        raise ReportError("Đoạn văn này không còn trong mục (có thể vừa bị xóa).")
    target = index + offset
    if not 0 <= target < len(body):
        raise ReportError("Đoạn đã ở đầu mục." if offset < 0 else "Đoạn đã ở cuối mục.")
    body.insert(target, body.pop(index))
    _renumber(block.section_id, body)
    _bump_section(block.section_id)
    audit(
        report,
        user,
        "block",
        f"block:{block.pk}",
        old=str(index + 1),
        new=str(target + 1),
        comment="đổi thứ tự đoạn",
    )
    return block


@transaction.atomic
def split_block(
    *, block: Block, text: str, at: int, user=None, expected_version: int | None = None
) -> Block:
    """Split a paragraph or item at the cursor (Enter): text is what the user sees in
    the field (saved first, based on the block's version), at a character offset in
    it. The second half becomes a new block of the same kind right after; footnotes
    whose markers go with it follow. Figures are never cut: the cut moves after one."""
    report = _locked_report(block.section.report_id)
    current = Block.objects.select_related("updated_by").get(pk=block.pk)
    if current.kind not in (Block.PARAGRAPH, Block.ITEM):
        raise ReportError("Chỉ tách được đoạn văn hoặc ý gạch đầu dòng.")
    _check_block(current, expected_version)
    text = vn.nfc(text or "").replace("\r\n", "\n")
    at = outside_token(text, max(0, min(at, len(text))))
    first, second = _clean(text[:at]), _clean(text[at:])
    body = _body(current.section_id)
    index = next(i for i, b in enumerate(body) if b.pk == current.pk)
    Block.objects.filter(pk=current.pk).update(
        text=first, version=F("version") + 1, updated_by=_user(user)
    )
    new = Block.objects.create(
        section_id=current.section_id,
        position=0,
        kind=current.kind,
        level=current.level,
        text=second,
        updated_by=_user(user),
    )
    moved = prose.footnote_keys(second)
    if moved:
        Block.objects.filter(anchor=current, key__in=moved).update(anchor=new)
    body.insert(index + 1, new)
    _renumber(current.section_id, body)
    _bump_section(current.section_id)
    audit(
        report,
        user,
        "block",
        f"block:{current.pk}",
        old=current.text,
        new=first,
        comment="tách đoạn",
    )
    audit(report, user, "block", f"block:{new.pk}", new=second, comment="tách đoạn")
    return new


@transaction.atomic
def merge_block(
    *, block: Block, text: str | None = None, user=None, expected_version: int | None = None
) -> Block:
    """Join a paragraph or item to the one before it (Backspace at its start): the
    text (what the user sees, if given) goes at the end of the previous block, its
    footnotes with it. Returns the previous block."""
    report = _locked_report(block.section.report_id)
    current = Block.objects.select_related("updated_by").get(pk=block.pk)
    _check_block(current, expected_version)
    body = _body(current.section_id)
    index = next(i for i, b in enumerate(body) if b.pk == current.pk)
    if index == 0:
        raise ReportError("Đây là đoạn đầu tiên của mục, không có đoạn nào ở trên để gộp.")
    previous = body[index - 1]
    if Block.TABLE in (previous.kind, current.kind):
        raise ReportError("Không gộp được bảng với đoạn văn.")
    own = _clean(current.text if text is None else text)
    joined = f"{previous.text} {own}".strip() if previous.text and own else previous.text + own
    Block.objects.filter(pk=previous.pk).update(
        text=joined, version=F("version") + 1, updated_by=_user(user)
    )
    Block.objects.filter(anchor=current).update(anchor=previous, position=previous.position)
    audit(
        report,
        user,
        "block",
        f"block:{previous.pk}",
        old=previous.text,
        new=joined,
        comment="gộp đoạn",
    )
    audit(
        report,
        user,
        "block",
        f"block:{current.pk}",
        old=current.text,
        new="",
        comment="gộp vào đoạn trên",
    )
    current.delete()
    _renumber(current.section_id, _body(current.section_id))
    _bump_section(current.section_id)
    return Block.objects.get(pk=previous.pk)


@transaction.atomic
def set_block_kind(
    *, block: Block, kind: str, level: int = 0, user=None, expected_version: int | None = None
) -> Block:
    """Make a paragraph a list item ("-" level 1, "+" level 2) or back."""
    report = _locked_report(block.section.report_id)
    current = Block.objects.select_related("updated_by").get(pk=block.pk)
    _check_block(current, expected_version)
    if kind not in (Block.PARAGRAPH, Block.ITEM) or current.kind not in (
        Block.PARAGRAPH,
        Block.ITEM,
    ):
        raise ReportError("Chỉ đổi được giữa đoạn văn và ý gạch đầu dòng.")
    level = _level(kind, level)
    if (kind, level) == (current.kind, current.level):
        return current
    Block.objects.filter(pk=current.pk).update(
        kind=kind, level=level, version=F("version") + 1, updated_by=_user(user)
    )
    old = _describe(current)
    current.kind, current.level = kind, level
    audit(
        report,
        user,
        "block",
        f"block:{current.pk}",
        old=old,
        new=_describe(current),
        comment="đổi kiểu đoạn",
    )
    return Block.objects.get(pk=current.pk)


@transaction.atomic
def save_table(
    *, block: Block, data: dict, user=None, expected_version: int | None = None
) -> Block:
    """Store a table's cells (and header rows), based on the version the user saw."""
    report = _locked_report(block.section.report_id)
    current = Block.objects.select_related("updated_by").get(pk=block.pk)
    if current.kind != Block.TABLE:
        raise ReportError("Đây không phải bảng.")
    if expected_version is not None and expected_version != current.version:
        raise ConflictError(
            f"Bảng này vừa được {_who(current.updated_by) or 'người khác'} sửa. "
            "Hãy tải lại trang để xem bản mới.",
            current=json.dumps(current.data, ensure_ascii=False),
        )
    table = check_table(data)
    if table == current.data:
        return current
    Block.objects.filter(pk=current.pk).update(
        data=table, version=F("version") + 1, updated_by=_user(user)
    )
    audit(
        report,
        user,
        "block",
        f"block:{current.pk}",
        old=json.dumps(current.data, ensure_ascii=False),
        new=json.dumps(table, ensure_ascii=False),
        comment="sửa bảng",
    )
    return Block.objects.get(pk=current.pk)


@transaction.atomic
def bind_number(
    *, block: Block, literal: str, code: str, user=None, expected_version: int | None = None
) -> Block:
    """A number written as text ("1.527") becomes the figure it equals ({{code}}), at
    the first place it stands outside a figure."""
    current = Block.objects.get(pk=block.pk)
    if not re.fullmatch(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*", code or ""):
        raise ReportError("Mã số liệu không hợp lệ.")
    taken = [(m.start(), m.end()) for m in prose.PLACEHOLDER.finditer(current.text)]
    for m in re.finditer(re.escape(literal), current.text) if literal else ():
        if not any(s <= m.start() < e for s, e in taken):
            text = f"{current.text[: m.start()]}{{{{{code}}}}}{current.text[m.end() :]}"
            return save_block(
                block=current, text=text, user=user, expected_version=expected_version
            )
    raise ReportError(f"Không còn thấy số «{literal}» trong đoạn văn.")
