from django.urls import path

from baocao.analytics.views import city, completeness, exports, findings, indicators

app_name = "analytics"

urlpatterns = [
    path("", completeness.completeness_page, name="completeness"),
    path("chi-tieu/", indicators.indicators_page, name="indicators"),
    # Large selections become a background export (views/exports.py).
    path("chi-tieu.xlsx", exports.indicators_xlsx, name="indicators_xlsx"),
    path("xuat/<str:token>/", exports.export_status, name="export_status"),
    path("xuat/<str:token>/tai-ve/", exports.export_download, name="export_download"),
    path("chi-tieu.csv", indicators.indicators_csv, name="indicators_csv"),
    path("phat-hien/", findings.findings_page, name="findings"),
    path("bao-cao/", city.city_report_page, name="city_report"),
]
