"""Next-period tasks (add, edit, remove, reorder) and last period's task outcomes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_POST

from baocao.reports.editing import (
    add_task,
    move_task,
    remove_task,
    save_task,
    set_task_outcome,
)
from baocao.reports.errors import ConflictError, ReportError
from baocao.reports.models import Task
from baocao.web.editor.common import changed, posted_version, refusal, require_editor
from baocao.web.editor.workspace import find_report


def _task(report, task_pk: int) -> Task:
    task = Task.objects.select_related("section").filter(pk=task_pk, report=report).first()
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    return task


def _tasks_changed(request, report, section_id: int, roles: set[str]):
    return changed(
        request,
        report,
        template="editor/_tasks_changed.html",
        context={"task_section": section_id},
        roles=roles,
    )


@login_required
@require_POST
def add_task_view(request, pk):
    report = find_report(request.user, pk)
    section = report.sections.filter(pk=request.POST.get("task_section") or 0).first()
    if section is None:
        raise Http404("Không tìm thấy mục.")
    try:
        roles = require_editor(request.user, report, section)
        add_task(
            report=report, section=section, text=request.POST.get("text", ""), user=request.user
        )
    except ReportError as error:
        return refusal(request, report, error)
    return _tasks_changed(request, report, section.pk, roles=roles)


@login_required
@require_POST
def save_task_view(request, pk, task_pk):
    report = find_report(request.user, pk)
    task = _task(report, task_pk)
    try:
        roles = require_editor(request.user, report, task.section)
        saved = save_task(
            task=task,
            text=request.POST.get("text", ""),
            user=request.user,
            expected_version=posted_version(request),
        )
    except ConflictError as error:
        current = Task.objects.get(pk=task.pk)
        return refusal(
            request,
            report,
            error,
            extra={
                "text_conflict": {
                    "target": f"task-text-{task.pk}",
                    "theirs": current.text,
                    "version": current.version,
                    "mine": request.POST.get("text", ""),
                    "url": request.path,
                }
            },
        )
    except ReportError as error:
        return refusal(request, report, error)
    return changed(
        request,
        report,
        template="editor/_nothing.html",
        events={"baocao:task": {"id": saved.pk, "version": saved.version}},
        roles=roles,
    )


@login_required
@require_POST
def remove_task_view(request, pk, task_pk):
    report = find_report(request.user, pk)
    task = _task(report, task_pk)
    try:
        roles = require_editor(request.user, report, task.section)
        remove_task(task=task, user=request.user, expected_version=posted_version(request))
    except ReportError as error:
        return refusal(request, report, error)
    return _tasks_changed(request, report, task.section_id, roles=roles)


@login_required
@require_POST
def move_task_view(request, pk, task_pk, direction):
    report = find_report(request.user, pk)
    task = _task(report, task_pk)
    try:
        roles = require_editor(request.user, report, task.section)
        move_task(
            task=task,
            offset=-1 if direction == "len" else 1,
            user=request.user,
            expected_version=posted_version(request),
        )
    except ReportError as error:
        return refusal(request, report, error)
    return _tasks_changed(request, report, task.section_id, roles=roles)


@login_required
@require_POST
def set_outcome_view(request, pk, task_pk):
    """How one of last period's tasks went (the task belongs to the previous report)."""
    report = find_report(request.user, pk)
    task = Task.objects.filter(pk=task_pk).first()
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    try:
        roles = require_editor(request.user, report)
        saved = set_task_outcome(
            report=report,
            task=task,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
            user=request.user,
            expected_version=posted_version(request),
        )
    except ReportError as error:
        return refusal(request, report, error)
    return changed(
        request,
        report,
        template="editor/_nothing.html",
        events={"baocao:task": {"id": saved.pk, "version": saved.version}},
        roles=roles,
    )
