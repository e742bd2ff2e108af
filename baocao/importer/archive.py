"""`baocao import DIR|ZIP --unit CODE`: a year of a unit's reports at once.

Each file is read like a single upload; its period is the one its title states
(document.period) and a file whose period cannot be read is refused, never guessed.
A period that already has a report of that template is skipped; nothing is written
over. The run is a task (Django's tasks framework through django-tasks): with the
default immediate backend it runs inside the command, with the database backend a
worker (`baocao db_worker`) runs it; ArchiveImport keeps its progress either way.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from django.utils import timezone

from baocao.importer import safety
from baocao.importer.errors import ImportRefused
from baocao.importer.extract import extract
from baocao.importer.models import ArchiveImport
from baocao.reports.errors import ReportError

SUFFIXES = {
    ".docx",
    ".doc",
    ".odt",
    ".rtf",
    ".pdf",
    ".txt",
    ".jpg",
    ".jpeg",
    ".png",
    ".tif",
    ".tiff",
}
MAX_FILES = 500  # a year of monthly reports of both templates, with room to spare
MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024
log = logging.getLogger(__name__)


def is_archive(path: str | Path) -> bool:
    p = Path(path)
    return p.is_dir() or p.suffix.lower() == ".zip"


def files_of(path: str | Path) -> list[tuple[str, Callable[[], bytes]]]:
    """The report files of a folder (recursively) or a ZIP, by name, each with a
    reader of its bytes (a ZIP member is checked and never read past the limit)."""
    p = Path(path)
    if p.is_dir():
        found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        out = [(str(f.relative_to(p)), (lambda f=f: safety.read_file(f))) for f in found]
    else:
        out = list(_zip_members(p))
    if len(out) > MAX_FILES:
        raise ImportRefused(f"Thư mục/tệp nén có {len(out)} tệp, quá {MAX_FILES} tệp một lần.")
    if not out:
        raise ImportRefused("Không có tệp báo cáo nào (.docx, .doc, .pdf, .txt, ...) để nhập.")
    return out


def _zip_members(path: Path) -> Iterator[tuple[str, Callable[[], bytes]]]:
    try:
        zf = zipfile.ZipFile(path)
        infos = zf.infolist()
    except (OSError, zipfile.BadZipFile):
        raise ImportRefused(f"Không mở được tệp nén «{path.name}».") from None
    if sum(i.file_size for i in infos) > MAX_ARCHIVE_BYTES:
        raise ImportRefused("Tệp nén giải ra quá lớn. Hãy chia nhỏ rồi nhập từng phần.")
    limit = safety.max_upload_bytes()
    for info in sorted(infos, key=lambda i: i.filename):
        name = PurePosixPath(info.filename)
        if info.is_dir() or name.suffix.lower() not in SUFFIXES or name.name.startswith("."):
            continue

        def read(info=info) -> bytes:
            safety.check_size(info.file_size, limit)
            data = safety.read_member(zf, info.filename, limit)
            return data or b""

        yield info.filename, read


def run(
    job: ArchiveImport,
    progress: Callable[[ArchiveImport], None] | None = None,
    *,
    ocr_figures: bool = True,
) -> None:
    """Import every file of the job's source, recording each outcome as it goes.
    Without ocr_figures (an archive uploaded on the web page, where OCR figures are
    never stored unreviewed) a scan's text is imported and its figures left out, the
    row saying so."""
    from baocao.importer.store import store_extraction, template_for
    from baocao.reports.models import Report

    job.status, job.results, job.done = ArchiveImport.RUNNING, [], 0
    try:
        files = files_of(job.source)
    except ImportRefused as error:
        job.status, job.error, job.finished_at = ArchiveImport.FAILED, error.message, timezone.now()
        job.save()
        return
    job.total = len(files)
    job.save()
    for name, read in files:
        row = {"file": name, "outcome": "refused", "reason": "", "period": None, "report": None}
        try:
            extraction = extract(read(), Path(name).name, rules=False)
            period = extraction.document.period
            if not period:
                raise ReportError(
                    "không xác định được kỳ báo cáo từ văn bản (tiêu đề không ghi rõ tháng/kỳ)"
                )
            row["period"] = period
            template = template_for(extraction)
            existing = Report.objects.filter(
                unit=job.unit, template=template, period=period
            ).first()
            if existing is not None:
                row.update(outcome="skipped", reason="đã có báo cáo kỳ này", report=existing.pk)
            else:
                facts = extraction.facts
                if not ocr_figures:
                    facts = [f for f in facts if f.confidence is None]
                report = store_extraction(
                    extraction, unit=job.unit, period=period, template=template, user=job.user,
                    facts=facts,
                )  # fmt: skip
                row.update(outcome="imported", report=report.pk)
                if len(facts) < len(extraction.facts):
                    row["reason"] = (
                        f"{len(extraction.facts) - len(facts)} số liệu đọc bằng OCR chưa lưu: "
                        "hãy tải riêng tệp này lên để xem lại từng số"
                    )
        except (ImportRefused, ReportError) as error:
            row["reason"] = getattr(error, "message", None) or str(error)
        except Exception:  # one bad file must not stop the year; logged in English
            log.exception("archive import: %s failed", name)
            row["reason"] = "lỗi không mong đợi khi đọc tệp này"
        job.results = [*job.results, row]
        job.done += 1
        job.save(update_fields=["results", "done", "total", "status"])
        if progress is not None:
            progress(job)
    job.status, job.finished_at = ArchiveImport.DONE, timezone.now()
    job.save()
    if progress is not None:
        progress(job)
