"""An archive import (a folder or a ZIP of a year of reports) as a job: its progress
for the terminal and the page, and its summary."""

from pathlib import PurePath

from django.conf import settings
from django.db import models


class ArchiveImport(models.Model):
    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, "đang chờ"), (RUNNING, "đang nhập"), (DONE, "đã xong"), (FAILED, "lỗi")]

    unit = models.ForeignKey("catalog.Unit", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=500)  # the folder or ZIP as given
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # [{"file", "outcome": "imported"|"skipped"|"refused", "reason", "period", "report"}]
    results = models.JSONField(default=list)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Nhập lưu trữ {self.source} ({self.unit_id})"

    def source_name(self) -> str:
        """The folder or ZIP's own name (a web upload is kept under a random folder)."""
        return PurePath(self.source).name or self.source

    def counts(self) -> dict[str, int]:
        out = {"imported": 0, "skipped": 0, "refused": 0}
        for row in self.results:
            out[row["outcome"]] += 1
        return out

    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
