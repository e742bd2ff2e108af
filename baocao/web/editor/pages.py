"""The editor page: the outline on the side, one section at a time."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from baocao.offices.access import may_write_section
from baocao.reports.models import Task
from baocao.reports.queries import last_status_change
from baocao.reports.workflow import LABELS
from baocao.web.editor.workspace import build_workspace, find_report

OUTCOMES = "ket-qua-ky-truoc"  # the pseudo-section: how last period's tasks went
FINDINGS = "kiem-tra"  # the pseudo-section: every finding of the report
COMMENTS = "gop-y"  # the pseudo-section: every góp ý, open ones first


@login_required
def editor(request, pk):
    report = find_report(request.user, pk)
    ws = build_workspace(report, request.user)
    shown = request.GET.get("muc", "")
    context = {
        "ws": ws,
        "report": report,
        "labels": LABELS,
        "last_change": last_status_change(report),
        "deadline": report.period_obj.deadline(
            report.template.period_mode, report.template.deadline_days
        ),
        "pseudo": shown if shown in (OUTCOMES, FINDINGS, COMMENTS) else "",
    }
    if shown == OUTCOMES:
        context["outcomes"] = previous_tasks(ws)
        context["outcome_choices"] = [
            (Task.DONE, "Đã hoàn thành"),
            (Task.IN_PROGRESS, "Đang thực hiện"),
            (Task.NOT_DONE, "Chưa thực hiện"),
        ]
    elif shown == COMMENTS:
        context["sections_of"] = section_of_codes(ws)
    elif shown != FINDINGS:
        current = ws.section(int(shown) if shown.isdigit() else None)
        context["current"] = current
        # An office's member sees other offices' sections read-only (offices/access.py).
        ws.editable = ws.editable and may_write_section(request.user, current.section)
        context["sections_of"] = section_of_codes(ws)
    else:
        context["sections_of"] = section_of_codes(ws)
    return render(request, "editor/page.html", context)


def previous_tasks(ws) -> list[dict]:
    """Last period's tasks grouped by the title of their section."""
    if ws.previous is None:
        return []
    groups: dict[int, dict] = {}
    for task in ws.previous.tasks.select_related("section").order_by(
        "section__position", "position"
    ):
        group = groups.setdefault(task.section_id, {"section": task.section, "tasks": []})
        group["tasks"].append(task)
    return list(groups.values())


def section_of_codes(ws) -> dict[str, int]:
    """Where each figure is edited: the deepest section that shows it."""
    where: dict[str, int] = {}
    for node in ws.all_sections():
        for figure in node.figures:
            where[figure.code] = node.section.pk
    return where
