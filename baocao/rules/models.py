from django.core.exceptions import ValidationError
from django.db import models

from baocao.rules import kinds
from baocao.rules.errors import RuleError


class Rule(models.Model):
    """A check over a report's figures. Breakdown, rate, range, outlier and
    mandatory rules are generated from the catalog (kind != expression, origin
    "catalog"): an administrator may disable them or change their severity. Rules of
    kind expression are written in the rule language (rules/language.py)."""

    ERROR, WARNING = kinds.ERROR, kinds.WARNING
    SEVERITIES = [(ERROR, "Lỗi (chặn trình báo cáo)"), (WARNING, "Cảnh báo (cần xem lại)")]
    EXPRESSION, BREAKDOWN, RATE, RANGE, OUTLIER, MANDATORY = (
        kinds.EXPRESSION,
        kinds.BREAKDOWN,
        kinds.RATE,
        kinds.RANGE,
        kinds.OUTLIER,
        kinds.MANDATORY,
    )
    KINDS = [
        (EXPRESSION, "Biểu thức"),
        (BREAKDOWN, "Tổng bằng các thành phần"),
        (RATE, "Tỷ lệ khớp với số đếm"),
        (RANGE, "Tỷ lệ trong khoảng 0–100%"),
        (OUTLIER, "Khác thường so với lịch sử"),
        (MANDATORY, "Thiếu số liệu bắt buộc"),
    ]

    code = models.CharField("mã", max_length=120, unique=True)
    title = models.CharField("tên", max_length=300)
    kind = models.CharField("loại", max_length=12, choices=KINDS, default=EXPRESSION)
    severity = models.CharField("mức độ", max_length=8, choices=SEVERITIES, default=WARNING)
    target = models.CharField(
        "chỉ tiêu", max_length=80, blank=True, help_text="chỉ tiêu của quy tắc sinh từ danh mục"
    )
    expression = models.TextField("biểu thức", blank=True)
    message = models.TextField(
        "thông báo",
        blank=True,
        help_text="Tiếng Việt; số liệu viết như trong báo cáo: {{tthc.received}}, {{prev.tthc.in_progress}}, {{ngansach.revenue|ty}}",
    )
    enabled = models.BooleanField("đang dùng", default=True)
    origin = models.CharField(
        "nguồn", max_length=10, default="custom"
    )  # catalog | shipped | custom
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "quy tắc kiểm tra"
        verbose_name_plural = "quy tắc kiểm tra"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def clean(self) -> None:
        """A rule that does not parse, or names an unknown indicator, cannot be saved."""
        from baocao.catalog.models import Indicator
        from baocao.rules.language import compile_rule  # lark: not at start-up (models load)

        if self.kind != self.EXPRESSION:
            return
        if not self.expression.strip():
            raise ValidationError({"expression": "Quy tắc dạng biểu thức cần có biểu thức."})
        try:
            compile_rule(self.expression, set(Indicator.objects.values_list("code", flat=True)))
        except RuleError as exc:
            raise ValidationError({"expression": str(exc)}) from None
