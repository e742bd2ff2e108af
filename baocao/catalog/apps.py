from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "baocao.catalog"
    verbose_name = "Danh mục"
