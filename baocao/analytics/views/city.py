from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from baocao.analytics.city_report import CITY_TEMPLATE, prepare_city_report
from baocao.analytics.completeness import commune_units
from baocao.analytics.digest import topic_digest
from baocao.analytics.selection import default_period, report_periods
from baocao.analytics.views import city_staff_only, scope
from baocao.catalog.loaders import CITY_CODE, GROUP_NAMES
from baocao.catalog.periods import Period, PeriodError
from baocao.reports.errors import ReportError
from baocao.reports.models import Report

DIGEST_PAGE = 15  # communes a page: each keeps its paragraphs whole


@city_staff_only
def city_report_page(request):
    available = report_periods()
    period = default_period(available)
    error = ""
    wanted = request.POST.get("period") or request.GET.get("period")
    if wanted:
        try:
            period = Period.parse(wanted)
        except PeriodError as exc:
            error, period = str(exc), None
    if request.method == "POST" and period is not None:
        try:
            report = prepare_city_report(period=period, user=request.user)
        except ReportError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Đã cập nhật số liệu tổng hợp vào {report}.")
        return redirect(reverse("analytics:city_report") + f"?period={period.key}")
    topic = request.GET.get("topic", "tthc")
    report = found = page = None
    if period is not None:
        report = Report.objects.filter(
            unit__code=CITY_CODE, template__code=CITY_TEMPLATE, period=period.key
        ).first()
        if topic in GROUP_NAMES:
            found = topic_digest(period, commune_units(scope(request)), topic)
            page = Paginator(found.entries, DIGEST_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "analytics/city_report.html",
        {
            "available": available,
            "period": period,
            "report": report,
            "error": error,
            "topics": GROUP_NAMES,
            "topic": topic,
            "digest": found,
            "page": page,
        },
    )
