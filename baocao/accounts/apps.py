from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "baocao.accounts"
    verbose_name = "Người dùng và vai trò"
