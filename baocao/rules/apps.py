from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "baocao.rules"
    verbose_name = "Kiểm tra số liệu"
