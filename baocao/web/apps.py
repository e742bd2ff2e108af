from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "baocao.web"
    verbose_name = "Giao diện web"
