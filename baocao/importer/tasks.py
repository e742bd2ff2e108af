"""The archive import as a task of Django's tasks framework (django-tasks).

settings.TASKS chooses the backend: the immediate one by default (`make run` needs
no other service: the task runs in the process that enqueues it), the database one
(django-tasks-db) when BAOCAO_TASKS=db, run by `baocao db_worker`.
"""

from __future__ import annotations

from collections.abc import Callable

from django_tasks import task

from baocao.importer import archive
from baocao.importer.models import ArchiveImport

# Progress callbacks of this process, by job id: the command's terminal line when the
# task runs here (immediate backend). A worker elsewhere only updates the row.
LISTENERS: dict[int, Callable[[ArchiveImport], None]] = {}


@task()
def import_archive(job_id: int, ocr_figures: bool = True) -> dict[str, int]:
    job = ArchiveImport.objects.select_related("unit", "user").get(pk=job_id)
    archive.run(job, LISTENERS.get(job_id), ocr_figures=ocr_figures)
    return job.counts()
