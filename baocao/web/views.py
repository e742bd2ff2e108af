from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from baocao.accounts.access import can_view_unit, is_city_staff, visible_units
from baocao.catalog.models import Unit
from baocao.catalog.periods import Period
from baocao.documents.errors import DocumentError
from baocao.documents.preview import report_preview
from baocao.documents.services import CONTENT_TYPES, document_filename, render_download
from baocao.reports.models import Report
from baocao.reports.queries import latest_periods, statuses_by_unit
from baocao.web.editor.myreports import awaiting_city, my_reports

WAITING_PAGE = 15


@login_required
def home(request):
    units = visible_units(request.user).filter(kind__in=Unit.COMMUNE_KINDS).order_by("name")
    cities = visible_units(request.user).filter(kind=Unit.CITY)
    keys = latest_periods(3)
    grid = statuses_by_unit(units, keys)
    rows = [{"unit": u, "cells": [grid[u.pk][k] for k in keys]} for u in units]
    periods = [Period.parse(k) for k in keys]  # headed "Tháng 11 năm 2025", not "2025-11"
    # Every report awaiting the city, newest approval first, a page at a time.
    waiting_count, waiting = awaiting_city(request.user, limit=None)
    waiting = Paginator(waiting, WAITING_PAGE).get_page(request.GET.get("cho"))
    return render(
        request,
        "web/home.html",
        {
            "cities": cities,
            "rows": rows,
            "periods": periods,
            "unit_count": len(rows),
            "my_reports": my_reports(request.user),
            "waiting": waiting,
            "waiting_count": waiting_count,
        },
    )


@login_required
def unit_detail(request, code):
    unit = get_object_or_404(Unit, code=code)
    if not can_view_unit(request.user, unit):
        raise Http404("Không tìm thấy đơn vị.")
    reports = unit.reports.select_related("template").order_by("-period", "template__code")
    return render(request, "web/unit.html", {"unit": unit, "reports": reports})


@login_required
def report_detail(request, pk):
    report = get_object_or_404(Report.objects.select_related("unit", "template"), pk=pk)
    if not can_view_unit(request.user, report.unit):
        # 404, not 403: a clerk must not learn which reports other communes have.
        raise Http404("Không tìm thấy báo cáo.")
    city_decides = report.status == Report.APPROVED and is_city_staff(request.user)
    return render(
        request,
        "web/report.html",
        {"report": report, "preview": report_preview(report), "city_decides": city_decides},
    )


@login_required
def report_document(request, pk, fmt):
    """The report as a DOCX, PDF or HTML download: an approved report's final document
    (its PDF signed by the unit), any other report's draft marked DỰ THẢO."""
    report = get_object_or_404(Report.objects.select_related("unit", "template"), pk=pk)
    if not can_view_unit(request.user, report.unit):
        raise Http404("Không tìm thấy báo cáo.")
    try:
        data = render_download(report, fmt)  # approved: final, PDF signed; else DỰ THẢO
    except DocumentError as error:
        messages.error(request, str(error))
        return redirect("report", pk=report.pk)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    filename = document_filename(report, fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
