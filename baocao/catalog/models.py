from django.core.exceptions import ValidationError
from django.db import models

from baocao.catalog.periods import CALENDAR, FREQUENCIES, ND09


class Unit(models.Model):
    """An administrative unit keyed by its official code (QĐ 19/2025/QĐ-TTg), or an
    office inside a commune. Units merged away on 01/07/2025 keep their rows with
    valid_to and successor, so old figures can be summed into the new unit."""

    CITY, XA, PHUONG, DAC_KHU, OFFICE = "city", "xa", "phuong", "dac_khu", "office"
    KINDS = [
        (CITY, "Tỉnh, thành phố"),
        (XA, "Xã"),
        (PHUONG, "Phường"),
        (DAC_KHU, "Đặc khu"),
        (OFFICE, "Cơ quan, đơn vị"),
    ]
    COMMUNE_KINDS = (XA, PHUONG, DAC_KHU)

    code = models.CharField("mã", max_length=20, unique=True)
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại", max_length=10, choices=KINDS)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    formed_from = models.CharField("hình thành từ", max_length=100, blank=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="đơn vị kế thừa",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def short_name(self) -> str:
        """'Thạch Khôi' from 'Phường Thạch Khôi'."""
        for prefix in ("Thành phố ", "Phường ", "Xã ", "Đặc khu "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name

    @property
    def is_commune(self) -> bool:
        return self.kind in self.COMMUNE_KINDS


class Indicator(models.Model):
    """A chỉ tiêu: what a figure in a report means."""

    FLOW, STOCK, RATE = "flow", "stock", "rate"
    KINDS = [(FLOW, "Phát sinh trong kỳ"), (STOCK, "Số tại thời điểm"), (RATE, "Tỷ lệ")]

    code = models.CharField("mã", max_length=80, unique=True)
    name = models.CharField("tên", max_length=300)
    unit = models.CharField("đơn vị tính", max_length=40)
    kind = models.CharField("loại", max_length=10, choices=KINDS)
    group = models.CharField("nhóm", max_length=40)
    parts = models.JSONField("các thành phần", default=list, blank=True)
    partial = models.BooleanField("thành phần có thể chưa đủ", default=False)
    of = models.JSONField("tử số, mẫu số", default=list, blank=True)
    position = models.PositiveIntegerField("thứ tự", default=0)
    # Whether a ranking of units by this figure puts the highest first ("more": online
    # rate), the lowest first ("less": poor households), or is meaningless ("").
    MORE, LESS = "more", "less"
    BETTER = [(MORE, "Càng cao càng tốt"), (LESS, "Càng thấp càng tốt"), ("", "Không xếp hạng")]
    better = models.CharField("xếp hạng", max_length=4, choices=BETTER, blank=True, default="")

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def is_money(self) -> bool:
        return self.unit == "đồng"

    def clean(self) -> None:
        """A breakdown or rate may only name indicators that exist."""
        named = set(self.parts) | set(self.of)
        known = set(Indicator.objects.filter(code__in=named).values_list("code", flat=True))
        unknown = sorted(named - known - {self.code})
        if unknown:
            raise ValidationError(f"Chỉ tiêu không có trong danh mục: {', '.join(unknown)}")
        if self.of and len(self.of) != 2:
            raise ValidationError("Tỷ lệ cần đúng hai chỉ tiêu: tử số và mẫu số.")


class ReportTemplate(models.Model):
    """The outline of a report type and its issuer's header data."""

    UBND, DANG, CITY = "ubnd", "dang", "city"
    ISSUERS = [(UBND, "Ủy ban nhân dân"), (DANG, "Đảng ủy"), (CITY, "Cấp thành phố")]

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=200)
    issuer = models.CharField("cơ quan ban hành", max_length=10, choices=ISSUERS)
    frequency = models.CharField(
        "tần suất", max_length=20, choices=[(f, f) for f in FREQUENCIES], default="monthly"
    )
    period_mode = models.CharField(
        "cách tính kỳ",
        max_length=10,
        default=ND09,
        choices=[
            (ND09, "Chốt số liệu theo Nghị định 09/2019 (15 → 14)"),
            (CALENDAR, "Theo tháng dương lịch"),
        ],
    )
    deadline_days = models.PositiveSmallIntegerField(
        "hạn gửi (ngày làm việc sau ngày chốt)", default=2
    )
    symbol = models.CharField("ký hiệu", max_length=40)
    issuer_parent = models.CharField("cơ quan cấp trên", max_length=200, blank=True)
    issuer_name = models.CharField("tên cơ quan ban hành", max_length=200)
    title = models.CharField("trích yếu", max_length=300)
    signer_authority = models.CharField("quyền hạn ký", max_length=100, blank=True)
    signer_deputy = models.CharField("ký thay", max_length=100, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=100)
    recipients = models.JSONField("nơi nhận", default=list)
    closing = models.TextField("câu kết", blank=True)
    mandatory = models.JSONField("chỉ tiêu bắt buộc", default=list, blank=True)
    outline = models.JSONField("đề cương", default=list)

    class Meta:
        verbose_name = "mẫu báo cáo"
        verbose_name_plural = "mẫu báo cáo"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """A unit's plan figure for a year: the budget estimate (dự toán thu, chi) or a
    planned level (chỉ tiêu kế hoạch: winter-crop area, poor-household rate).
    "% of estimate" and progress towards the target are computed from it."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField("năm")
    value = models.DecimalField("kế hoạch, dự toán", max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = "chỉ tiêu kế hoạch, dự toán"
        verbose_name_plural = "chỉ tiêu kế hoạch, dự toán"
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator", "year"], name="target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} — {self.indicator.code} — {self.year}: {self.value}"


class MovedDay(models.Model):
    """A day the government moves each year, beyond the holidays of the Labour Code
    (which the `holidays` package knows): a compensatory day off, or a Saturday
    worked in exchange for a day off next to a holiday. Deadlines count with it."""

    OFF, WORK = "off", "work"
    KINDS = [(OFF, "Ngày nghỉ (nghỉ bù, hoán đổi)"), (WORK, "Ngày làm việc bù (thứ Bảy, Chủ nhật)")]

    day = models.DateField("ngày", unique=True)
    kind = models.CharField("loại", max_length=4, choices=KINDS)
    note = models.CharField("ghi chú", max_length=200, blank=True)
    source = models.CharField("văn bản", max_length=200, blank=True)

    class Meta:
        verbose_name = "ngày nghỉ, làm bù"
        verbose_name_plural = "ngày nghỉ, làm bù"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} — {self.get_kind_display()}"


class CatalogSource(models.Model):
    """Where a part of the catalog came from, and which version (the national list of
    units comes from the vietnam-provinces package)."""

    name = models.CharField("nguồn", max_length=60, unique=True)
    version = models.CharField("phiên bản", max_length=40)
    data_version = models.CharField("ngày dữ liệu", max_length=40, blank=True)
    loaded_at = models.DateTimeField("nạp lúc", auto_now=True)
    provinces = models.JSONField("tỉnh, thành phố đã nạp", default=list, blank=True)

    class Meta:
        verbose_name = "nguồn danh mục"
        verbose_name_plural = "nguồn danh mục"

    def __str__(self) -> str:
        return f"{self.name} {self.version}"
