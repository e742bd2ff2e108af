from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """A personal API token. The secret is shown once when created; only its SHA-256
    is kept, so a stolen database does not yield working tokens."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("tên gợi nhớ", max_length=100, blank=True)
    prefix = models.CharField("đầu mã", max_length=12, help_text="to recognise a token in lists")
    key_hash = models.CharField(max_length=64, unique=True)
    read_only = models.BooleanField("chỉ đọc", default=False)
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn", null=True, blank=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    # The rate limit's counter: calls in the current minute (shared by every worker).
    rate_window = models.BigIntegerField(default=0, editable=False)
    rate_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "khóa API"
        verbose_name_plural = "khóa API"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "Đã thu hồi"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "Đã hết hạn"
        return "Đang dùng"
