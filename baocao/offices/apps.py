from django.apps import AppConfig


class OfficesConfig(AppConfig):
    name = "baocao.offices"
    verbose_name = "Đơn vị tham mưu"
    default_auto_field = "django.db.models.BigAutoField"
