from django.conf import settings
from django.db import models

from baocao.catalog.models import Unit


class Membership(models.Model):
    """A user's role in one unit. A user may hold several (an officer of two offices)."""

    CLERK, LEADER, CITY_STAFF, ADMIN = "clerk", "leader", "city_staff", "admin"
    ROLES = [
        (CLERK, "Cán bộ, công chức nhập liệu"),
        (LEADER, "Lãnh đạo xã, phường"),
        (CITY_STAFF, "Cán bộ thành phố"),
        (ADMIN, "Quản trị"),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("vai trò", max_length=20, choices=ROLES)

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit.name}"
