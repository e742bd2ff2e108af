from django.shortcuts import render

from baocao.analytics.completeness import commune_units
from baocao.analytics.findings import cached_city_findings
from baocao.analytics.selection import default_period, report_periods
from baocao.analytics.views import city_staff_only, scope
from baocao.catalog.periods import Period, PeriodError


@city_staff_only
def findings_page(request):
    available = report_periods()
    error = ""
    period = default_period(available)
    if request.GET.get("period"):
        try:
            period = Period.parse(request.GET["period"])
        except PeriodError as exc:
            error = str(exc)
    found = cached_city_findings(commune_units(scope(request)), period) if period else None
    return render(
        request,
        "analytics/findings.html",
        {"found": found, "available": available, "period": period, "error": error},
    )
