"""`baocao import FILE --unit CODE --period YYYY-MM`: store an existing report as a
draft. Exit codes: 0 stored, 1 refused (unknown unit, period or template, a report
already there), 2 the file cannot be read. Nothing is stored unless all went well."""

from django.core.management.base import BaseCommand

from baocao.catalog.models import ReportTemplate, Unit
from baocao.importer import archive
from baocao.importer.archive_command import run_archive_command
from baocao.importer.errors import ImportRefused
from baocao.importer.extract import extract_file
from baocao.importer.store import parse_period, store_extraction
from baocao.importer.update import run_update
from baocao.reports.errors import ReportError
from baocao.reports.models import Block

REFUSED, UNREADABLE = 1, 2


class Command(BaseCommand):
    help = "Nhập một báo cáo có sẵn (DOCX, PDF, TXT) thành báo cáo nháp của một đơn vị, một kỳ."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp báo cáo: .docx, .pdf hoặc .txt")
        parser.add_argument("--unit", required=True, help="mã đơn vị, ví dụ 11002")
        parser.add_argument(
            "--period", help="kỳ báo cáo, ví dụ 2025-11 (thư mục/ZIP: đọc từ từng văn bản)"
        )
        parser.add_argument(
            "--template", help="mẫu báo cáo (mặc định theo cơ quan ban hành của văn bản)"
        )
        parser.add_argument(
            "--update", action="store_true", help="cập nhật báo cáo đã có từ bản Word đã sửa"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="với --update: chỉ liệt kê, không lưu gì"
        )
        parser.add_argument("--user", help="với --update: tên đăng nhập người sửa (vào lịch sử)")

    def handle(self, *args, file, unit, period, template, **options):
        if archive.is_archive(file) and not options.get("update"):  # a year: importer/archive.py
            raise SystemExit(run_archive_command(file, unit, self.stdout, self.stderr))
        if period is None:
            self._fail("Thiếu --period (kỳ báo cáo, ví dụ 2025-11).", REFUSED)
        if options.get("update"):  # the Word round trip: importer/update.py
            code = run_update(
                file,
                unit=unit,
                period=period,
                template=template,
                dry_run=options["dry_run"],
                username=options.get("user"),
                out=self.stdout,
                err=self.stderr,
            )
            if code:
                raise SystemExit(code)
            return
        try:
            target = Unit.objects.filter(code=unit).first()
            if target is None:
                raise ReportError(f"Không có đơn vị mã «{unit}».")
            period_obj = parse_period(period)
            chosen = None
            if template:
                chosen = ReportTemplate.objects.filter(code=template).first()
                if chosen is None:
                    raise ReportError(f"Không có mẫu báo cáo «{template}».")
        except ReportError as error:
            self._fail(str(error), REFUSED)
        try:
            extraction = extract_file(file)
        except ImportRefused as error:
            self._fail(error.message, UNREADABLE)
        except OSError:
            self._fail(f"Không đọc được tệp «{file}».", UNREADABLE)
        try:
            report = store_extraction(extraction, unit=target, period=period_obj, template=chosen)
        except (ReportError, ImportRefused) as error:
            self._fail(str(error), REFUSED)
        blocks = Block.objects.filter(section__report=report)
        self.stdout.write(
            f"Đã nhập báo cáo nháp số {report.pk}: {report}. "
            f"{report.sections.count()} mục, "
            f"{blocks.filter(kind=Block.PARAGRAPH).count()} đoạn văn, "
            f"{blocks.filter(kind=Block.FOOTNOTE).count()} chú thích, "
            f"{report.tasks.count()} nhiệm vụ, {report.values.count()} số liệu."
        )

    def _fail(self, message: str, code: int):
        self.stderr.write(f"Lỗi: {message}")
        raise SystemExit(code)
