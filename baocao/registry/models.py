from django.conf import settings
from django.db import models

from baocao.catalog.models import Unit
from baocao.reports.models import Report


class Counter(models.Model):
    """The last number given in one register: per unit, issuer (UBND, Đảng ủy) and
    year. Numbers start at 1 on 1 January (ND 30/2020 Art. 15)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    issuer = models.CharField(max_length=10)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "issuer", "year"], name="registry_counter_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.issuer} {self.year}: {self.last}"


class Entry(models.Model):
    """One issued document: its number, symbol, date, summary and signer."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="register_entries")
    issuer = models.CharField("cơ quan ban hành", max_length=10)
    year = models.PositiveIntegerField("năm")
    number = models.PositiveIntegerField("số")
    symbol = models.CharField("ký hiệu", max_length=40)
    issued_on = models.DateField("ngày ban hành")
    title = models.CharField("trích yếu", max_length=400)
    signer_name = models.CharField("người ký", max_length=100, blank=True)
    report = models.OneToOneField(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="register_entry"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = "văn bản đi"
        verbose_name_plural = "sổ văn bản đi"
        constraints = [
            # No number twice in a register, whatever the code above does.
            models.UniqueConstraint(
                fields=["unit", "issuer", "year", "number"], name="registry_number_once"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """'125/BC-UBND' (ND 30) or '12-BC/ĐU' (HD 36), as the header prints it."""
        if self.issuer == "dang":
            return f"{self.number}-{self.symbol}"
        return f"{self.number}/{self.symbol}"
