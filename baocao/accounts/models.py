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


class LoginFailure(models.Model):
    """A failed login, kept for a day: too many for one name from one address in a
    short time and further attempts are refused (accounts/ratelimit.py)."""

    username = models.CharField(max_length=150)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "đăng nhập sai"
        verbose_name_plural = "đăng nhập sai"
        indexes = [models.Index(fields=["username", "ip", "at"])]

    def __str__(self) -> str:
        return f"{self.username} từ {self.ip} lúc {self.at:%d/%m/%Y %H:%M}"
