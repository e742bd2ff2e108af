from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "baocao.accounts"
    verbose_name = "Người dùng và vai trò"

    def ready(self) -> None:
        from baocao.accounts import ratelimit  # noqa: F401  (connects the login signals)
