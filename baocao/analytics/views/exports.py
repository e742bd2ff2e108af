"""The Excel export of the indicator tables: small selections as the file at once
(baocao.analytics.views.indicators), large ones as a background job with a progress
page and a download link (baocao.analytics.export_jobs)."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render

from baocao.analytics import export_jobs
from baocao.analytics.aggregate import AnalyticsError
from baocao.analytics.exports import XLSX_TYPE
from baocao.analytics.views import city_staff_only, indicators, scope


@city_staff_only
def indicators_xlsx(request):
    try:
        _, selection = indicators._read(request)
    except AnalyticsError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    units = selection.units(scope(request)).count()
    if export_jobs.cells(selection, units) <= export_jobs.LARGE_CELLS:
        return indicators.indicators_xlsx(request)
    job = export_jobs.start(request.user, request.GET.urlencode(), len(selection.codes))
    return redirect("analytics:export_status", token=job.token)


def _own_job(request, token: str) -> export_jobs.ExportJob:
    job = export_jobs.load(token)
    if job is None or job.owner != request.user.pk:
        raise Http404("Không tìm thấy tệp xuất.")  # another user's export is not theirs
    return job


@city_staff_only
def export_status(request, token: str):
    job = _own_job(request, token)
    return render(request, "analytics/export_status.html", {"job": job})


@city_staff_only
def export_download(request, token: str):
    job = _own_job(request, token)
    if job.status != export_jobs.DONE or not job.path.exists():
        raise Http404("Tệp chưa sẵn sàng.")
    return FileResponse(
        job.path.open("rb"), as_attachment=True, filename=job.filename, content_type=XLSX_TYPE
    )
