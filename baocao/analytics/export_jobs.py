"""A large Excel export of the indicator tables as a background job (issue 16: every
indicator over 36 months took 59 s as one request).

The job is a task of Django's tasks framework (django-tasks), as the archive import
is (baocao/importer/tasks.py): with BAOCAO_TASKS=db it waits in the database for
`baocao db_worker`; with the default immediate backend it runs in a thread of the
web process, so that `make run` needs no other service and the request still returns
at once to a page with a progress bar.

A job's state is a small JSON file beside its result, under VAR_DIR/exports/<token>/
(written whole and renamed, so a reader never sees half a file): every web worker
reads the same folder, and no table is needed for files that live an hour or two.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpRequest, QueryDict
from django_tasks import task

log = logging.getLogger("baocao")

# Above this many cells (indicators × months × units) the export runs in the
# background: one page's 10 indicators × 13 months × 114 units is ~15,000 and takes
# a few seconds; the city's 126 indicators × 36 months × 114 units is 517,000.
LARGE_CELLS = 20_000
KEEP_SECONDS = 24 * 3600  # finished exports are removed after a day
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,60}$")

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATUS_LABELS = {QUEUED: "đang chờ", RUNNING: "đang tính", DONE: "đã xong", FAILED: "lỗi"}


@dataclass
class ExportJob:
    token: str
    owner: int
    query: str
    filename: str = ""
    status: str = QUEUED
    done: int = 0
    total: int = 0
    error: str = ""
    started: float = field(default_factory=time.time)

    @property
    def folder(self) -> Path:
        return root() / self.token

    @property
    def path(self) -> Path:
        return self.folder / "export.xlsx"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def running(self) -> bool:
        return self.status in (QUEUED, RUNNING)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / "job.json.part"
        partial.write_text(json.dumps(asdict(self), ensure_ascii=False), encoding="utf-8")
        os.replace(partial, self.folder / "job.json")


def root() -> Path:
    return Path(settings.VAR_DIR) / "exports"


def load(token: str) -> ExportJob | None:
    if not TOKEN.match(token or ""):
        return None
    try:
        data = json.loads((root() / token / "job.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return ExportJob(**data)


def start(user, query: str, indicators: int) -> ExportJob:
    """Record the job and hand it to the task backend; `indicators`: how many the
    progress bar counts (shown while the job still waits)."""
    remove_old()
    job = ExportJob(token=secrets.token_urlsafe(24), owner=user.pk, query=query, total=indicators)
    job.save()
    if _runs_here():
        # The immediate backend would run it inside this request: a thread lets the
        # request return to the progress page at once.
        threading.Thread(target=_run_in_thread, args=(job.token,), daemon=True).start()
    else:
        build_indicators_xlsx.enqueue(job.token)
    return job


def _runs_here() -> bool:
    from django_tasks.backends.immediate import ImmediateBackend

    # The task's own backend: django_tasks.default_task_backend is a proxy object,
    # which isinstance does not see through.
    return isinstance(build_indicators_xlsx.get_backend(), ImmediateBackend)


def _run_in_thread(token: str) -> None:
    try:
        run(token)
    finally:
        connection.close()  # this thread's own database connection


@task()
def build_indicators_xlsx(token: str) -> str:
    run(token)
    return token


def run(token: str) -> None:
    """Compute the tables a chunk of indicators at a time (the progress bar moves a
    chunk at a time), then write the workbook."""
    from baocao.analytics.aggregate import AnalyticsError, Shared
    from baocao.analytics.exports import tables_xlsx
    from baocao.analytics.views import indicators as page

    job = load(token)
    if job is None:
        return
    try:
        request = _request(job)
        shared = Shared()
        available, selection = page._read(request, shared)
        codes = selection.codes
        chunks = [
            codes[i : i + page.CODES_PER_PAGE] for i in range(0, len(codes), page.CODES_PER_PAGE)
        ]
        job.status, job.total, job.done = RUNNING, len(codes), 0
        job.filename = page._filename(selection, "xlsx")
        job.save()
        tables, units, everyone = [], [], True
        for chunk in chunks:
            found = page._tables(request, chunk, shared=shared, read=(available, selection))
            units, everyone, tables = found[2], found[3], tables + found[5]
            job.done += len(chunk)
            job.save()
        data = tables_xlsx(tables, description=page._description(selection, len(units), everyone))
        partial = job.folder / "export.xlsx.part"
        partial.write_bytes(data)
        os.replace(partial, job.path)
        job.status = DONE
    except AnalyticsError as error:
        job.status, job.error = FAILED, str(error)
    except Exception:  # noqa: BLE001 — the user gets a Vietnamese line, the log the trace
        log.exception("export %s failed", token)
        job.status, job.error = (
            FAILED,
            "Không tạo được tệp Excel; hãy thử lại hoặc chọn ít chỉ tiêu hơn.",
        )
    job.save()


def _request(job: ExportJob) -> HttpRequest:
    """The page's own selection code reads a request: the one the user made, replayed."""
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(job.query)
    request.user = get_user_model().objects.get(pk=job.owner)
    return request


def cells(selection, unit_count: int) -> int:
    return len(selection.codes) * len(selection.periods) * max(unit_count, 1)


def remove_old() -> None:
    folder = root()
    if not folder.exists():
        return
    limit = time.time() - KEEP_SECONDS
    for job_dir in folder.iterdir():
        status = job_dir / "job.json"
        try:
            if status.stat().st_mtime < limit:
                for f in job_dir.iterdir():
                    f.unlink()
                job_dir.rmdir()
        except OSError:
            continue
