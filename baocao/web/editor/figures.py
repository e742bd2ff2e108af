"""Saving a figure, and the searchable indicator list of the "insert figure" picker."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from baocao import vn
from baocao.reports.editing import figure_version, save_figure
from baocao.reports.errors import ConflictError, ReportError
from baocao.vn.text import strip_accents
from baocao.web.editor.common import (
    changed,
    posted_version,
    refusal,
    require_editor,
)
from baocao.web.editor.workspace import dom_id, find_report, indicators


@login_required
@require_POST
def save_figure_view(request, pk, code):
    """One figure typed by the clerk ("1.050.761.000", "74,69", "11 tỷ 15 triệu")."""
    report = find_report(request.user, pk)
    try:
        roles = require_editor(request.user, report, code=code, request=request)
        saved = save_figure(
            report=report,
            code=code,
            value=request.POST.get("value", ""),
            user=request.user,
            expected_version=posted_version(request),
        )
    except ConflictError as error:
        return refusal(
            request,
            report,
            error,
            extra={
                "conflict": {
                    "code": code,
                    "id": dom_id(code),
                    "theirs": error.current,
                    "version": figure_version(report, code),
                    "mine": request.POST.get("value", ""),
                    "url": request.path,
                }
            },
        )
    except ReportError as error:
        return refusal(request, report, error, extra={"code": code})
    event = {
        "code": code,
        "id": dom_id(code),
        "version": saved.version if saved else figure_version(report, code),
        "shown": vn.format_number(saved.value) if saved else "",
    }
    return changed(request, report, events={"baocao:figure": event}, roles=roles)


@login_required
@require_GET
def indicator_search(request, pk):
    """Indicators whose name or code matches the words typed (accents optional); with
    nothing typed, the figures of the section being edited come first."""
    report = find_report(request.user, pk)
    query = strip_accents(request.GET.get("q", "")).lower().split()
    first = set()
    section = request.GET.get("section", "")
    if section.isdigit():
        found = report.sections.filter(pk=int(section)).first()
        first = set(found.indicators) if found else set()
    matches = []
    for indicator in indicators().values():
        haystack = strip_accents(f"{indicator.name} {indicator.code} {indicator.group}").lower()
        if all(word in haystack for word in query):
            matches.append(indicator)
    matches.sort(key=lambda i: (i.code not in first, i.position))
    return render(
        request,
        "editor/_picker_results.html",
        {
            "matches": matches[:40],
            "more": max(0, len(matches) - 40),
            "target": request.GET.get("target", ""),
        },
    )
