from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "baocao.reports"
    verbose_name = "Báo cáo"
