"""Reports: list, read (outline, prose, figures, footnotes, tasks, findings), create
the next period's report, workflow steps, documents. Every call reads through the
web's permission code (accounts/access.py, reports/workflow.py)."""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from ninja import Query, Router, Status

from baocao import vn
from baocao.accounts.access import can_view_unit, roles_for, visible_units
from baocao.api.auth import require_write
from baocao.api.etags import check_if_match, report_etag
from baocao.api.findings import report_findings_json
from baocao.api.paging import MAX_LIMIT, page
from baocao.api.problems import ApiProblem
from baocao.api.responses import PERIOD_KEY, READ, WRITE
from baocao.api.schemas import NewReport, Reason, ReportOut, ReportPage
from baocao.catalog.models import ReportTemplate, Unit
from baocao.catalog.periods import Period
from baocao.documents.services import CONTENT_TYPES, document_filename, render_report
from baocao.reports.models import AuditEntry, Block, Report, Task, Value
from baocao.reports.services import create_report
from baocao.reports.workflow import EDITORS, TRANSITIONS, allowed_actions, can_edit
from baocao.web.editor.workspace import find_report

router = Router(tags=["reports"])


def _json_number(value):
    return int(value) if value == value.to_integral_value() else float(value)


def summary(report: Report) -> dict:
    return {
        "id": report.pk,
        "unit": {"code": report.unit.code, "name": report.unit.name},
        "template": report.template.code,
        "period": report.period,
        "period_label": report.period_obj.label,
        "status": report.status,
        "status_label": report.get_status_display(),
        "version": report.version,
        "updated_at": report.updated_at,
    }


def _with_etag(data: dict, report: Report, response: HttpResponse) -> dict:
    response["ETag"] = report_etag(report)
    return data


def report_detail(request, report: Report) -> dict:
    roles = roles_for(request.user, report.unit)
    sections = list(report.sections.order_by("position", "pk"))
    blocks = list(Block.objects.filter(section__report=report).order_by("position", "pk"))
    by_section = defaultdict(list)
    for block in blocks:
        by_section[block.section_id].append(block)
    depth: dict[int, int] = {}
    outline = []
    for s in sections:
        depth[s.pk] = depth.get(s.parent_id, -1) + 1 if s.parent_id else 0
        outline.append(
            {
                "id": s.pk,
                "parent": s.parent_id,
                "depth": depth[s.pk],
                "number": s.number,
                "title": s.title,
                "style": s.style,
                "is_tasks": s.is_tasks,
                "indicators": list(s.indicators or []),
                "version": s.version,
                "blocks": [
                    {
                        "id": b.pk,
                        "kind": b.kind,
                        "level": b.level,
                        "text": b.text,
                        "data": b.data or {},
                        "key": b.key,
                        "anchor": b.anchor_id,
                        "version": b.version,
                    }
                    for b in by_section[s.pk]
                ],
            }
        )
    values = [
        {
            "indicator": code,
            "value": _json_number(value),
            "shown": vn.format_number(value),
            "version": version,
            "updated_at": updated_at,
        }
        for code, value, version, updated_at in Value.objects.filter(report=report)
        .order_by("indicator__position")
        .values_list("indicator__code", "value", "version", "updated_at")
    ]
    return {
        **summary(report),
        "number": report.number,
        "issued_on": report.issued_on,
        "signer_name": report.signer_name,
        "recipients": report.recipients or [],
        "submitted_at": report.submitted_at,
        "approved_at": report.approved_at,
        "editable": can_edit(request.user, report, roles),
        "actions": allowed_actions(request.user, report, roles),
        "outline": outline,
        "values": values,
        "footnotes": [
            {"key": b.key, "text": b.text, "anchor": b.anchor_id}
            for b in blocks
            if b.kind == Block.FOOTNOTE
        ],
        "tasks": [
            {
                "id": t.pk,
                "section": t.section_id,
                "text": t.text,
                "status": t.status,
                "note": t.note,
                "version": t.version,
            }
            for t in Task.objects.filter(report=report).order_by("position", "pk")
        ],
        "findings": report_findings_json(report),
    }


@router.get("/reports", response={200: ReportPage, **READ}, summary="Reports")
def reports(
    request,
    unit: str | None = Query(None, max_length=20, description="unit code"),
    period: str | None = Query(
        None,
        max_length=10,
        examples=["2025-11"],
        pattern=PERIOD_KEY,
    ),
    template: str | None = Query(None, max_length=40),
    status: Literal["draft", "submitted", "approved", "accepted", "returned"] | None = None,
    updated_since: str | None = Query(
        None,
        max_length=40,
        description="ISO 8601 date and time",
        format="date-time",
    ),
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    cursor: str | None = Query(None, max_length=100, pattern=r"^[A-Za-z0-9_-]+$"),
):
    """The reports of the units the caller may read, oldest id first."""
    qs = Report.objects.filter(unit__in=visible_units(request.user)).select_related(
        "unit", "template"
    )
    qs = qs.defer("template__outline")
    if unit:
        qs = qs.filter(unit__code=unit)
    if period:
        qs = qs.filter(period=period)
    if template:
        qs = qs.filter(template__code=template)
    if status:
        qs = qs.filter(status=status)
    if updated_since:
        since = parse_datetime(updated_since)
        if since is None:
            raise ApiProblem(
                422, "updated_since phải là ngày giờ ISO 8601, vd. 2025-11-14T00:00:00+07:00."
            )
        if since.tzinfo is None:
            since = timezone.make_aware(since)
        # A figure or a paragraph changes no column of the report, but every change
        # is in its audit trail.
        changed = AuditEntry.objects.filter(report_id=OuterRef("pk"), at__gte=since)
        qs = qs.filter(Q(updated_at__gte=since) | Exists(changed))
    rows, next_cursor = page(qs, limit, cursor)
    return {"items": [summary(r) for r in rows], "next_cursor": next_cursor}


@router.get(
    "/reports/{report_id}",
    response={200: ReportOut, **READ},
    summary="One report",
    openapi_extra={"responses": {200: {"headers": {"ETag": {"schema": {"type": "string"}}}}}},
)
def report(request, report_id: int, response: HttpResponse):
    """Outline with structured prose (blocks: paragraph, item with level, table with
    data, footnote), figures, footnotes, tasks and findings. The ETag header is what
    If-Match must carry on writes."""
    found = find_report(request.user, report_id)
    return _with_etag(report_detail(request, found), found, response)


@router.post("/reports", response={201: ReportOut, **WRITE}, summary="Create next period's report")
def create(request, body: NewReport, response: HttpResponse):
    """A new draft for the unit, carrying over the last report's outline, prose and
    tasks (as on the home page). Without period: the period after the unit's last
    report of the template. Creating needs no If-Match (there is nothing to be stale)."""
    require_write(request)
    unit = Unit.objects.filter(code=body.unit).first()
    if unit is None or not can_view_unit(request.user, unit):
        raise ApiProblem(404, "Không tìm thấy đơn vị.", kind="not-found")
    template = get_object_or_404(ReportTemplate.objects.defer("outline"), code=body.template)
    if not roles_for(request.user, unit) & EDITORS:
        raise ApiProblem(403, "Chỉ cán bộ, lãnh đạo của đơn vị mới tạo được báo cáo.")
    if body.period:
        period = Period.parse(body.period)
    else:
        last = Report.objects.filter(unit=unit, template=template).order_by("-period").first()
        if last is None:
            raise ApiProblem(422, "Đơn vị chưa có báo cáo nào của mẫu này: cần ghi rõ kỳ.")
        period = last.period_obj.next()
    if period.frequency != template.frequency:
        raise ApiProblem(422, "Kỳ báo cáo không đúng với tần suất của mẫu.")
    if Report.objects.filter(unit=unit, template=template, period=period.key).exists():
        raise ApiProblem(409, f"{unit.name} đã có báo cáo {period.label}.", kind="exists")
    made = create_report(unit=unit, template=template, period=period, user=request.user)
    made = find_report(request.user, made.pk)
    return Status(201, _with_etag(report_detail(request, made), made, response))


ACTIONS = Literal["submit", "approve", "return", "accept", "reopen"]


@router.post(
    "/reports/{report_id}/actions/{action}",
    response={200: ReportOut, **WRITE},
    summary="Workflow step",
)
def workflow_step(request, report_id: int, action: ACTIONS, body: Reason, response: HttpResponse):
    """submit, approve, return (reason required), accept, reopen (reason required):
    the web's rules (roles, statuses, findings that block submission). If-Match required."""
    require_write(request)
    found = find_report(request.user, report_id)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=found.pk)
        check_if_match(request, [locked])
        TRANSITIONS[action](report=found, user=request.user, comment=body.reason)
    found = find_report(request.user, report_id)
    return _with_etag(report_detail(request, found), found, response)


FORMATS = Literal["docx", "pdf", "html"]
DOC_RESPONSES = {
    200: {
        "description": "the document",
        "content": {
            CONTENT_TYPES["docx"]: {"schema": {"type": "string", "format": "binary"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }
}


@router.get(
    "/reports/{report_id}/document.{fmt}",
    response={200: None, **READ},
    summary="Render as DOCX, PDF or HTML",
    openapi_extra={"responses": DOC_RESPONSES},
)
def document(request, report_id: int, fmt: FORMATS, draft: bool = False):
    """The document in the legal format. A final document (the default) is refused
    with 422 while figures are missing; draft=true marks them instead."""
    found = find_report(request.user, report_id)
    data = render_report(found, fmt, final=not draft)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{document_filename(found, fmt)}"'
    response["ETag"] = report_etag(found)
    return response
