"""Workflow steps (submit, approve, return, accept, reopen) and creating the next
period's report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from baocao.accounts.access import can_view_unit, roles_for
from baocao.catalog.models import ReportTemplate, Unit
from baocao.catalog.periods import Period, PeriodError
from baocao.reports.creation import check_creatable
from baocao.reports.errors import ReportError
from baocao.reports.services import create_report
from baocao.reports.workflow import (
    ACCEPT,
    APPROVE,
    EDITORS,
    REOPEN,
    RETURN,
    SUBMIT,
    TRANSITIONS,
)
from baocao.web.editor.common import editor_url
from baocao.web.editor.workspace import find_report

# URL slug → action; Vietnamese in the address bar, English in the code.
SLUGS = {
    "trinh": SUBMIT,
    "duyet": APPROVE,
    "tra-lai": RETURN,
    "tiep-nhan": ACCEPT,
    "mo-lai": REOPEN,
}
DONE = {
    SUBMIT: "Đã trình báo cáo lên lãnh đạo.",
    APPROVE: "Đã duyệt báo cáo. Báo cáo đã được khóa.",
    RETURN: "Đã trả lại báo cáo kèm ý kiến.",
    ACCEPT: "Đã tiếp nhận báo cáo.",
    REOPEN: "Đã mở lại báo cáo để sửa.",
}


@login_required
@require_POST
def transition(request, pk, slug):
    if slug not in SLUGS:
        raise Http404("Không có thao tác này.")
    report = find_report(request.user, pk)
    action = SLUGS[slug]
    try:
        TRANSITIONS[action](
            report=report, user=request.user, comment=request.POST.get("comment", "")
        )
    except ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, DONE[action])
    if request.POST.get("back") == "report":  # the city's buttons on the report page
        return redirect("report", pk=report.pk)
    return redirect(editor_url(report, request.POST.get("section")))


@login_required
@require_POST
def create_next(request):
    """A new report for the unit and period; create_report carries over the last
    report's outline, prose and tasks."""
    unit = get_object_or_404(Unit, code=request.POST.get("unit", ""))
    if not can_view_unit(request.user, unit):
        raise Http404("Không tìm thấy đơn vị.")
    template = get_object_or_404(ReportTemplate, code=request.POST.get("template", ""))
    if not roles_for(request.user, unit) & EDITORS:
        messages.error(request, "Chỉ cán bộ, lãnh đạo của đơn vị mới tạo được báo cáo.")
        return redirect("home")
    try:
        period = Period.parse(request.POST.get("period", ""))
        if period.frequency != template.frequency:
            raise ReportError("Kỳ báo cáo không đúng với tần suất của mẫu.")
        check_creatable(unit, template, period)  # from the unit's start to next period
        report = create_report(unit=unit, template=template, period=period, user=request.user)
    except (ReportError, PeriodError) as error:
        messages.error(request, str(error))
        return redirect("home")
    messages.success(
        request, f"Đã tạo báo cáo {period.label}, mang theo lời văn và nhiệm vụ kỳ trước."
    )
    return redirect(editor_url(report))
