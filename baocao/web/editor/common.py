"""What the editor's htmx endpoints share: who may change the report, how a change is
answered (the fragments that change, out of band), and how an error is shown."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse

from baocao.accounts.access import roles_for
from baocao.offices.access import check_write
from baocao.reports.errors import ConflictError, LockedError, NotAllowedError, ReportError
from baocao.reports.models import Report
from baocao.reports.workflow import EDITORS
from baocao.web.editor.workspace import build_workspace


class MissingVersionError(ReportError):
    """A save that does not say which version it was based on: refused, never applied
    blindly (an old page or a script must not overwrite someone's work)."""


def require_editor(
    user,
    report: Report,
    section=None,
    code: str | None = None,
    *,
    outline: bool = False,
    request=None,
) -> set[str]:
    """The one check every write of the editor passes: clerks and leaders of the unit
    change a report; the city reads it. (Approved and accepted reports are refused by
    the services themselves.) section is the section being changed, when there is
    one, for per-section rights; with request, the section on screen as the page posts
    it (read only when per-section rights apply). The user's roles."""
    roles = roles_for(user, report.unit)
    if not roles & EDITORS:
        if request is not None:
            section = posted_section(request, report)
        # An office's member writes only their office's sections (offices/access.py).
        check_write(user, report, section=section, code=code, outline=outline)
    return roles


def posted_section(request, report: Report):
    """The section on screen, as the page posts it (None when absent or foreign)."""
    raw = request.POST.get("section", "")
    return report.sections.filter(pk=int(raw)).first() if raw.isdigit() else None


def posted_version(request, name: str = "version") -> int:
    """The version the user's page was based on; a save without one is refused."""
    raw = request.POST.get(name, "").strip()
    if not raw.isdigit():
        raise MissingVersionError(
            "Trang soạn thảo đã cũ (thiếu phiên bản của nội dung). Hãy tải lại trang rồi sửa tiếp."
        )
    return int(raw)


def editor_url(report: Report, section: str | int | None = None) -> str:
    url = reverse("report_editor", args=[report.pk])
    return f"{url}?muc={section}" if section else url


def status_for(error: ReportError) -> int:
    if isinstance(error, MissingVersionError):
        return 400
    if isinstance(error, NotAllowedError):
        return 403
    if isinstance(error, (ConflictError, LockedError)):
        return 409
    return 422


def refusal(request, report: Report, error: ReportError, *, extra: dict | None = None):
    """A refused change: for htmx a toast (status 409/422/403, which htmx is told to
    swap); without JavaScript, a message on the editor page."""
    if not request.htmx:
        messages.error(request, str(error))
        return redirect(editor_url(report, request.POST.get("section")))
    html = render_to_string(
        "editor/_toast.html",
        {"message": str(error), "kind": "error", **(extra or {})},
        request=request,
    )
    response = HttpResponse(html, status=status_for(error))
    response["HX-Reswap"] = "none"  # only the toast, out of band
    return response


def changed(
    request,
    report: Report,
    *,
    template: str = "editor/_changed.html",
    context: dict | None = None,
    events: dict | None = None,
    roles: set[str] | None = None,
):
    """The answer to a successful change: the findings of the section on screen and
    the summary, swapped out of band; events tell the page's script what to update
    (figure versions and colours) without touching the field the user types in."""
    if not request.htmx:
        return redirect(editor_url(report, request.POST.get("section")))
    ws = build_workspace(report, request.user, roles)
    section_pk = request.POST.get("section", "")
    context = {
        "ws": ws,
        "report": report,
        "current": ws.section(int(section_pk)) if section_pk.isdigit() else None,
        "oob": True,
        **(context or {}),
    }
    if "changed_block" in context:  # the paragraph (with its footnotes) to show anew
        context["bv"] = ws.block(context["changed_block"])
    if "task_section" in context:  # the task list to show anew
        context["node"] = next(
            (n for n in ws.all_sections() if n.section.pk == context["task_section"]), None
        )
    html = render_to_string(template, context, request)
    response = HttpResponse(html)
    response["HX-Trigger"] = json.dumps({"baocao:marks": ws.marks(), **(events or {})})
    return response
