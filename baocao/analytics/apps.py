from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


def _lift(sender, plan=None, using="default", **kwargs):
    """SQLite adds a column with a default by rebuilding the table, which fails while a
    fact trigger names it: a migrate with work to do runs without the triggers."""
    from django.db import connections

    connection = connections[using]
    if plan and connection.vendor == "sqlite":
        from baocao.analytics import triggers

        triggers.lift(connection)


def _restore(sender, plan=None, using="default", **kwargs):
    from django.db import connections

    connection = connections[using]
    if plan and connection.vendor == "sqlite":
        from baocao.analytics import triggers

        triggers.restore(connection)


class AnalyticsConfig(AppConfig):
    name = "baocao.analytics"
    verbose_name = "Tổng hợp của thành phố"

    def ready(self):
        pre_migrate.connect(_lift, sender=self)
        post_migrate.connect(_restore, sender=self)
