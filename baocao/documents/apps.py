from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "baocao.documents"
    verbose_name = "Văn bản báo cáo"
