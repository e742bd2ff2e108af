from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "baocao.backup"
    verbose_name = "Sao lưu, phục hồi"
