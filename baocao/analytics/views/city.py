from django.shortcuts import render

from baocao.analytics.views import city_staff_only


@city_staff_only
def city_report_page(request):
    return render(request, "analytics/error.html", {"message": "Đang xây dựng."})
