from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "baocao.registry"
    verbose_name = "Sổ văn bản đi"
    default_auto_field = "django.db.models.BigAutoField"
