"""An office is a catalog Unit of kind "office" under its commune (docs/decisions.md);
its members are Memberships on that unit. A section's office is Section.office."""

from django.conf import settings
from django.db import models

from baocao.reports.models import Report, Section


class Contribution(models.Model):
    """How far the office writing a section has got: chưa bắt đầu → đang soạn → đã xong.
    No row means not started. The văn phòng may send a finished section back."""

    TODO, WRITING, DONE = "todo", "writing", "done"
    STATES = [(TODO, "Chưa bắt đầu"), (WRITING, "Đang soạn"), (DONE, "Đã xong")]

    section = models.OneToOneField(Section, on_delete=models.CASCADE, related_name="contribution")
    state = models.CharField("trạng thái", max_length=10, choices=STATES, default=TODO)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField("lúc", null=True, blank=True)
    returned_reason = models.TextField("lý do trả lại", blank=True)

    class Meta:
        verbose_name = "phần đóng góp"
        verbose_name_plural = "phần đóng góp"

    def __str__(self) -> str:
        return f"{self.section} — {self.get_state_display()}"


class UpdateProposal(models.Model):
    """An edited Word file read back against its report: the changes it proposes,
    each accepted or rejected on the review page (importer/update.py computes them)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField("tệp", max_length=200)
    changes = models.JSONField("các thay đổi", default=list)
    applied_at = models.DateTimeField("đã áp dụng lúc", null=True, blank=True)

    class Meta:
        verbose_name = "bản Word tải lên"
        verbose_name_plural = "bản Word tải lên"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%d/%m/%Y %H:%M})"
