"""The terminal side of `baocao import DIR|ZIP --unit CODE`: queue the job, show a
progress line while it runs, print the summary. Exit 0 when nothing was refused,
1 when some file was refused or the archive could not be read."""

from __future__ import annotations

import time

from django.urls import reverse

from baocao.catalog.models import Unit
from baocao.importer.models import ArchiveImport

OUTCOMES = {"imported": "đã nhập", "skipped": "bỏ qua", "refused": "từ chối"}


def run_archive_command(source: str, unit_code: str, out, err, *, poll: float = 1.0) -> int:
    from baocao.importer import tasks

    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        err.write(f"Lỗi: Không có đơn vị mã «{unit_code}».")
        return 1
    job = ArchiveImport.objects.create(unit=unit, source=str(source))

    def line(j: ArchiveImport) -> None:
        last = j.results[-1]["file"] if j.results else ""
        out.write(f"\r[{j.done}/{j.total}] {j.percent()}% {last[:60]:<60}", ending="")
        out.flush()

    tasks.LISTENERS[job.pk] = line
    try:
        tasks.import_archive.enqueue(job.pk)
        job.refresh_from_db()
        while job.status in (ArchiveImport.QUEUED, ArchiveImport.RUNNING):  # a worker runs it
            time.sleep(poll)
            job.refresh_from_db()
            line(job)
    finally:
        tasks.LISTENERS.pop(job.pk, None)
    out.write("")
    if job.status == ArchiveImport.FAILED:
        err.write(f"Lỗi: {job.error}")
        return 1
    counts = job.counts()
    out.write(
        f"Nhập {job.total} tệp cho {unit.name}: {counts['imported']} đã nhập, "
        f"{counts['skipped']} bỏ qua (đã có), {counts['refused']} từ chối. "
        f"Theo dõi: {reverse('importer:archive', args=[job.pk])}"
    )
    for row in job.results:
        period = f" {row['period']}" if row["period"] else ""
        reason = f": {row['reason']}" if row["reason"] else ""
        out.write(f"  {OUTCOMES[row['outcome']]:<8} {row['file']}{period}{reason}")
    return 1 if counts["refused"] else 0
