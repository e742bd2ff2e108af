"""Uploads waiting for review (var/uploads/, importer/views.py) that nobody finished:
removed once older than BAOCAO_UPLOAD_MAX_AGE_HOURS. Run by `baocao cleanuploads`
(cron or a systemd timer) and by `baocao serve` at start."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings


def remove_abandoned_uploads(now: float | None = None) -> list[Path]:
    folder = Path(settings.VAR_DIR) / "uploads"
    if not folder.is_dir():
        return []
    limit = (now or time.time()) - settings.BAOCAO_UPLOAD_MAX_AGE_HOURS * 3600
    removed = []
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
