"""Nơi nhận of a report: the report's own list of recipients, one a line, as the
document prints it (prose syntax: "UBND thành phố (*để báo cáo*);")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from baocao.accounts.access import can_view_unit
from baocao.reports.models import Report
from baocao.reports.services import audit
from baocao.reports.workflow import can_edit

MAX_LINES, MAX_LENGTH = 30, 200


def parse_recipients(text: str) -> list[str]:
    """One recipient a line; the leading "-" the document prints is dropped."""
    lines = (line.strip().lstrip("-–•").strip() for line in text.splitlines())
    return [line for line in lines if line]


@login_required
def recipients(request, pk):
    report = get_object_or_404(Report.objects.select_related("unit", "template"), pk=pk)
    if not can_view_unit(request.user, report.unit):
        raise Http404("Không tìm thấy báo cáo.")
    editable = can_edit(request.user, report)
    lines = list(report.recipients or report.template.recipients)
    error = ""
    if request.method == "POST":
        if not editable:
            messages.error(request, "Bạn không sửa được nơi nhận của báo cáo này.")
            return redirect("report", pk=report.pk)
        text = request.POST.get("recipients", "")
        lines = parse_recipients(text)
        if not lines:
            error = "Cần ít nhất một nơi nhận (thường có «Lưu: VT.»)."
        elif len(lines) > MAX_LINES or max(len(line) for line in lines) > MAX_LENGTH:
            error = f"Tối đa {MAX_LINES} nơi nhận, mỗi dòng không quá {MAX_LENGTH} ký tự."
        else:
            old = "\n".join(report.recipients)
            Report.objects.filter(pk=report.pk).update(recipients=lines)
            audit(report, request.user, "report", "recipients", old=old, new="\n".join(lines))
            messages.success(request, "Đã lưu nơi nhận.")
            return redirect("report", pk=report.pk)
    return render(
        request,
        "documents/recipients.html",
        {"report": report, "text": "\n".join(lines), "editable": editable, "error": error},
    )
