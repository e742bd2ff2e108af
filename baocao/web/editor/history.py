"""The audit trail of a report: every change of a figure, a block, a task or the
status (who, when, old, new); for the whole report or one figure."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from baocao.reports.models import Block, Report, Task
from baocao.reports.outline import RESTORED
from baocao.reports.workflow import can_edit
from baocao.web.editor.workspace import find_report, indicators

ACTIONS = {
    "value": "Số liệu",
    "block": "Lời văn",
    "footnote": "Chú thích",
    "task": "Nhiệm vụ kỳ tới",
    "outcome": "Kết quả nhiệm vụ kỳ trước",
    "status": "Trạng thái",
    "outline": "Đề cương",
    "comment": "Góp ý",
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
    restorable = can_edit(request.user, report) and not code
    restored = set(
        report.audit.filter(action="outline", comment=RESTORED).values_list("old", flat=True)
    )
    for row in rows:
        entry = row["entry"]
        row["restorable"] = (
            restorable and entry.comment.startswith("xóa mục") and str(entry.pk) not in restored
        )
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


def _removed(kept: str) -> str:
    """A removed section as the history shows it: its titles and paragraphs in words."""
    try:
        node = json.loads(kept)
    except ValueError:
        return kept
    lines = []

    def walk(n, depth):
        lines.append("  " * depth + (n.get("title") or "(mục liền đoạn)"))
        for b in n.get("blocks", []):
            lines.append("  " * depth + "  " + (b.get("text") or "[bảng]"))
        for c in n.get("children", []):
            walk(c, depth + 1)

    walk(node, 0)
    return "\n".join(lines)


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
    elif entry.target.startswith("section:"):
        what = "Mục báo cáo"
        if entry.comment.startswith("xóa mục"):
            what, old = "Mục đã xóa", _removed(entry.old)
        elif entry.comment == RESTORED:
            old = ""
    elif entry.target.startswith("comment:"):
        what = "Góp ý"
    return {
        "entry": entry,
        "kind": ACTIONS.get(entry.action, entry.action),
        "what": what,
        "old": old,
        "new": new,
        "who": (entry.user.get_full_name() or entry.user.username) if entry.user else "hệ thống",
    }
