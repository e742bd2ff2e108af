"""The audit trail of a report: every change of a figure, a block, a task or the
status (who, when, old, new); for the whole report or one figure."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from baocao.reports.models import Block, Report, Task
from baocao.web.editor.workspace import find_report, indicators

ACTIONS = {
    "value": "Số liệu",
    "block": "Lời văn",
    "footnote": "Chú thích",
    "task": "Nhiệm vụ kỳ tới",
    "outcome": "Kết quả nhiệm vụ kỳ trước",
    "status": "Trạng thái",
}
LIMIT = 500


@login_required
def history(request, pk):
    report = find_report(request.user, pk)
    entries = report.audit.select_related("user")
    code = request.GET.get("ma", "")
    if code:
        entries = entries.filter(action="value", target=code)
    rows = [describe(e) for e in entries[:LIMIT]]
    figure = indicators().get(code)
    return render(
        request,
        "editor/history.html",
        {"report": report, "rows": rows, "code": code, "figure": figure, "limit": LIMIT},
    )


def describe(entry) -> dict:
    """An audit entry in words: what changed, from what, to what."""
    what, old, new = entry.target, entry.old, entry.new
    if entry.action == "value":
        indicator = indicators().get(entry.target)
        what = indicator.name if indicator else entry.target
    elif entry.action == "status":
        labels = dict(Report.STATUSES)
        what = "Tạo báo cáo" if entry.target == "create" else "Trạng thái"
        old, new = labels.get(old, old), labels.get(new, new)
    elif entry.target.startswith("block:"):
        what = _block_place(entry.target)
    elif entry.target.startswith("task:"):
        what = _task_place(entry.target)
    return {
        "entry": entry,
        "kind": ACTIONS.get(entry.action, entry.action),
        "what": what,
        "old": old,
        "new": new,
        "who": (entry.user.get_full_name() or entry.user.username) if entry.user else "hệ thống",
    }


def _block_place(target: str) -> str:
    block = Block.objects.filter(pk=target.split(":")[1]).select_related("section").first()
    if block is None:
        return "Đoạn văn đã xóa"
    kind = "Chú thích" if block.kind == Block.FOOTNOTE else "Đoạn văn"
    return f"{kind}, mục {block.section.number or block.section.title[:40]}"


def _task_place(target: str) -> str:
    task = Task.objects.filter(pk=target.split(":")[1]).select_related("section").first()
    return f"Mục {task.section.number or task.section.title[:40]}" if task else "Nhiệm vụ đã xóa"
