from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "baocao.importer"
    verbose_name = "Nhập báo cáo có sẵn"
