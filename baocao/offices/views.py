"""The văn phòng's contribution board, the offices' states and home panel, and the
Word round trip's upload and review pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from baocao.accounts.access import can_view_unit
from baocao.documents.errors import DocumentError
from baocao.documents.services import CONTENT_TYPES, document_filename
from baocao.importer.update import NO_CHANGE, apply_changes, for_editing, propose
from baocao.offices.access import may_write_any, writable_sections, writes_everything
from baocao.offices.contributions import board, office_work, send_back, set_state
from baocao.offices.mapping import offices_of, section_offices
from baocao.offices.models import Contribution, UpdateProposal
from baocao.reports.errors import ReportError
from baocao.reports.models import Report, Section
from baocao.reports.services import audit, check_editable

MAX_UPLOAD = 10 * 1024 * 1024


def _report(user, pk: int) -> Report:
    report = Report.objects.select_related("unit", "template").filter(pk=pk).first()
    if report is None or not can_view_unit(user, report.unit):
        raise Http404("Không tìm thấy báo cáo.")
    return report


def _section(report: Report, pk: int) -> Section:
    section = Section.objects.filter(pk=pk, report=report).select_related("report").first()
    if section is None:
        raise Http404("Không tìm thấy mục.")
    return section


def _back(request, report: Report):
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("office_board", pk=report.pk)


@login_required
def board_view(request, pk):
    report = _report(request.user, pk)
    manager = writes_everything(request.user, report)
    data = board(report)
    mine = set() if manager else writable_sections(request.user, report)
    offices = list(offices_of(report.unit).values())
    return render(
        request,
        "offices/board.html",
        {
            "report": report,
            "board": data,
            "manager": manager,
            "mine": mine,
            "offices": offices,
            "states": Contribution.STATES,
            "editable": not report.is_locked,
        },
    )


@login_required
@require_POST
def state_view(request, pk, section_pk):
    report = _report(request.user, pk)
    section = _section(report, section_pk)
    try:
        set_state(section=section, state=request.POST.get("state", ""), user=request.user)
        messages.success(request, f"Đã ghi trạng thái của mục «{section.title}».")
    except ReportError as error:
        messages.error(request, str(error))
    return _back(request, report)


@login_required
@require_POST
def send_back_view(request, pk, section_pk):
    report = _report(request.user, pk)
    section = _section(report, section_pk)
    try:
        send_back(section=section, reason=request.POST.get("reason", ""), user=request.user)
        messages.success(request, f"Đã trả lại mục «{section.title}» cho đơn vị soạn.")
    except ReportError as error:
        messages.error(request, str(error))
    return _back(request, report)


@login_required
@require_POST
def assign_view(request, pk):
    """The văn phòng changes which office writes which section of this report."""
    report = _report(request.user, pk)
    try:
        check_editable(report)
        if not writes_everything(request.user, report):
            raise ReportError("Chỉ văn phòng và lãnh đạo được phân công mục cho đơn vị.")
    except ReportError as error:
        messages.error(request, str(error))
        return _back(request, report)
    offices = {str(o.pk): o for o in offices_of(report.unit).values()}
    sections = list(report.sections.order_by("position"))
    current = section_offices(report, sections)
    changed = 0
    with transaction.atomic():
        for section in sections:
            raw = request.POST.get(f"office-{section.pk}")
            office = current[section.pk] if raw is None else offices.get(raw)
            if section.office_id != (office.pk if office else None):
                old = section.office.name if section.office_id else ""
                section.office = office
                section.save(update_fields=["office"])
                if raw is not None:
                    audit(
                        report,
                        request.user,
                        "office",
                        f"section:{section.pk}",
                        old,
                        office.name if office else "Văn phòng",
                    )
                    changed += 1
    messages.success(request, f"Đã lưu phân công ({changed} mục thay đổi).")
    return _back(request, report)


@login_required
def my_work_view(request):
    return render(request, "offices/my_work.html", {"work": office_work(request.user)})


# -- the Word round trip -------------------------------------------------------------------


@login_required
def word_download_view(request, pk):
    """ "Tải Word để sửa": the draft DOCX, stamped so the upload knows its origin."""
    report = _report(request.user, pk)
    try:
        data = for_editing(report)
    except DocumentError as error:
        messages.error(request, str(error))
        return redirect("word_upload", pk=report.pk)
    response = HttpResponse(data, content_type=CONTENT_TYPES["docx"])
    response["Content-Disposition"] = f'attachment; filename="{document_filename(report, "docx")}"'
    return response


@login_required
def word_upload_view(request, pk):
    report = _report(request.user, pk)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if not may_write_any(request.user, report):
                raise ReportError("Bạn chỉ được xem báo cáo này, không được sửa.")
            check_editable(report)
            if upload is None:
                raise ReportError("Hãy chọn tệp Word (.docx) đã sửa.")
            if not upload.name.lower().endswith(".docx"):
                raise ReportError("Chỉ nhận tệp Word .docx (bản đã tải về từ baocao rồi sửa).")
            if upload.size > MAX_UPLOAD:
                raise ReportError("Tệp quá lớn (tối đa 10 MB).")
            proposal = propose(report, upload.read(), user=request.user)
        except ReportError as error_:
            error = str(error_)
        else:
            if proposal.empty:
                messages.info(request, f"{NO_CHANGE} Tệp «{upload.name}» giống hệt báo cáo.")
                return redirect("word_upload", pk=report.pk)
            saved = UpdateProposal.objects.create(
                report=report,
                user=request.user,
                filename=upload.name[:200],
                changes={
                    "changes": proposal.changes,
                    "ignored": proposal.ignored,
                    "later": proposal.later,
                },
            )
            return redirect("word_review", pk=report.pk, proposal_pk=saved.pk)
    return render(
        request,
        "offices/word_upload.html",
        {
            "report": report,
            "error": error,
            "can_write": may_write_any(request.user, report) and not report.is_locked,
            "download": reverse("word_download", args=[report.pk]),
        },
        status=422 if error else 200,
    )


@login_required
def word_review_view(request, pk, proposal_pk):
    report = _report(request.user, pk)
    proposal = UpdateProposal.objects.filter(
        pk=proposal_pk, report=report, user=request.user
    ).first()
    if proposal is None:
        raise Http404("Không tìm thấy bản tải lên.")
    changes = proposal.changes.get("changes", [])
    error = ""
    if request.method == "POST" and proposal.applied_at is None:
        chosen = {int(x) for x in request.POST.getlist("accept") if x.isdigit()}
        accepted = [c for c in changes if c["id"] in chosen]
        try:
            applied = apply_changes(report, accepted, user=request.user)
        except ReportError as error_:
            error = str(error_)
        else:
            proposal.applied_at = timezone.now()
            proposal.save(update_fields=["applied_at"])
            messages.success(
                request,
                f"Đã nhận {applied} thay đổi, bỏ {len(changes) - applied} thay đổi.",
            )
            return redirect("report_editor", pk=report.pk)
    return render(
        request,
        "offices/word_review.html",
        {
            "report": report,
            "proposal": proposal,
            "changes": changes,
            "ignored": proposal.changes.get("ignored", []),
            "later": proposal.changes.get("later", 0),
            "error": error,
        },
        status=409 if error else 200,
    )
