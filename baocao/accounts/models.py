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


class UnitPolicy(models.Model):
    """A unit's own rules. Separation of duties: by default the leader who submitted
    a UBND report may not approve it too; a unit with one official may allow it."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="policy")
    allow_self_approval = models.BooleanField(
        "cho phép người trình tự duyệt báo cáo UBND",
        default=False,
        help_text="Tắt (mặc định): người đã trình báo cáo không được tự duyệt báo cáo đó.",
    )

    class Meta:
        verbose_name = "quy định của đơn vị"
        verbose_name_plural = "quy định của đơn vị"

    def __str__(self) -> str:
        return f"Quy định — {self.unit.name}"

    @staticmethod
    def self_approval_allowed(unit: Unit, issuer: str) -> bool:
        """Đảng ủy reports are approved by the secretary who often writes them: allowed.
        UBND reports: only if the unit's policy says so."""
        if issuer != "ubnd":
            return True
        return UnitPolicy.objects.filter(unit=unit, allow_self_approval=True).exists()
