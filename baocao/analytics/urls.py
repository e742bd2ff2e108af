from django.urls import path

from baocao.analytics.views import city, completeness, findings, indicators

app_name = "analytics"

urlpatterns = [
    path("", completeness.completeness_page, name="completeness"),
    path("chi-tieu/", indicators.indicators_page, name="indicators"),
    path("chi-tieu.xlsx", indicators.indicators_xlsx, name="indicators_xlsx"),
    path("chi-tieu.csv", indicators.indicators_csv, name="indicators_csv"),
    path("phat-hien/", findings.findings_page, name="findings"),
    path("bao-cao/", city.city_report_page, name="city_report"),
]
