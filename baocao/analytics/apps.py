from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "baocao.analytics"
    verbose_name = "Tổng hợp của thành phố"
