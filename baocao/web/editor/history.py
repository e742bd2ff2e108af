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
    entries = list(entries[:LIMIT])
    places = _places(entries)
    rows = [describe(e, places) for e in entries]
    figure = indicators().get(code)
    return render(
        request,
        "editor/history.html",
        {"report": report, "rows": rows, "code": code, "figure": figure, "limit": LIMIT},
    )


def _places(entries) -> dict[str, str]:
    """Where each paragraph, footnote or task named in the entries is, in two queries."""
    ids = {"block": set(), "task": set()}
    for entry in entries:
        kind, _, pk = entry.target.partition(":")
        if kind in ids and pk.isdigit():
            ids[kind].add(int(pk))
    places = {}
    for block in Block.objects.filter(pk__in=ids["block"]).select_related("section"):
        kind = "Chú thích" if block.kind == Block.FOOTNOTE else "Đoạn văn"
        places[f"block:{block.pk}"] = f"{kind}, mục {_name(block.section)}"
    for task in Task.objects.filter(pk__in=ids["task"]).select_related("section"):
        places[f"task:{task.pk}"] = f"Mục {_name(task.section)}"
    return places


def _name(section) -> str:
    return section.number or section.title[:40]


def describe(entry, places: dict[str, str]) -> dict:
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
        what = places.get(entry.target, "Đoạn văn đã xóa")
    elif entry.target.startswith("task:"):
        what = places.get(entry.target, "Nhiệm vụ đã xóa")
    return {
        "entry": entry,
        "kind": ACTIONS.get(entry.action, entry.action),
        "what": what,
        "old": old,
        "new": new,
        "who": (entry.user.get_full_name() or entry.user.username) if entry.user else "hệ thống",
    }
