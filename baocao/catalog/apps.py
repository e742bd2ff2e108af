from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "baocao.catalog"
    verbose_name = "Danh mục"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from baocao.catalog.models import MovedDay
        from baocao.catalog.workdays import forget_moved_days

        post_save.connect(forget_moved_days, sender=MovedDay, dispatch_uid="moved-day-saved")
        post_delete.connect(forget_moved_days, sender=MovedDay, dispatch_uid="moved-day-deleted")
