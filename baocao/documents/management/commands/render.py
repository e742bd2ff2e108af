from pathlib import Path

from django.core.management.base import BaseCommand

from baocao.catalog.models import ReportTemplate, Unit
from baocao.catalog.periods import Period
from baocao.documents.errors import DocumentError
from baocao.documents.services import render_report
from baocao.reports.models import Report


class Command(BaseCommand):
    # Rendering needs no system checks, which import every page module (~1 s).
    requires_system_checks = []
    help = (
        "Xuất báo cáo của một đơn vị, một kỳ ra tệp .docx, .pdf hoặc .html (theo đuôi tệp). "
        "Mặc định là bản chính thức: chỉ báo cáo đã được duyệt, đủ số liệu, không còn lỗi; "
        "--draft xuất bản dự thảo; --sign ký số bản PDF chính thức bằng chứng thư của đơn vị."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--unit",
            required=True,
            help="mã đơn vị, ví dụ 11002; «all»: mọi đơn vị có báo cáo kỳ này",
        )
        parser.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2025-11")
        parser.add_argument(
            "--template", default="ubnd-monthly", help="mẫu báo cáo (mặc định ubnd-monthly)"
        )
        parser.add_argument(
            "--out",
            required=True,
            help="tệp ra: .docx, .pdf hoặc .html; với --unit all: thư mục (mỗi đơn vị một tệp)",
        )
        parser.add_argument(
            "--format",
            default="docx",
            choices=["docx", "pdf", "html"],
            help="định dạng các tệp khi --unit all (mặc định docx)",
        )
        parser.add_argument(
            "--draft", action="store_true", help="bản nháp: chỗ thiếu số liệu được đánh dấu"
        )
        parser.add_argument(
            "--sign", action="store_true", help="ký số (PAdES) bản chính thức, chỉ với tệp .pdf"
        )

    def handle(self, *args, unit, period, template, out, draft, sign, **options):
        if unit == "all":
            return self._all(period, template, Path(out), options["format"], draft, sign)
        try:
            report = self._report(unit, period, template)
            path = Path(out)
            render_report(report, path, final=not draft, sign=sign)
        except DocumentError as error:
            self._fail(str(error))
        kind = "bản nháp" if draft else "bản chính thức đã ký số" if sign else "bản chính thức"
        self.stdout.write(f"Đã xuất {kind} {report} ra {path}")

    def _all(self, period: str, template_code: str, folder: Path, fmt: str, draft, sign):
        """Every unit's report of the period in one process: the start-up (Django, the
        catalog, the blank page of each format) is paid once, not once per unit."""
        if folder.exists() and not folder.is_dir():
            self._fail(f"«{folder}» không phải là thư mục.")
        if not ReportTemplate.objects.filter(code=template_code).exists():
            self._fail(f"Không có mẫu báo cáo «{template_code}».")
        try:
            key = Period.parse(period).key
        except ValueError as error:
            self._fail(str(error))
        reports = list(
            Report.objects.select_related("unit", "template")
            .filter(template__code=template_code, period=key)
            .order_by("unit__code")
        )
        if not reports:
            self._fail(f"Chưa có báo cáo «{template_code}» nào kỳ {period}.")
        folder.mkdir(parents=True, exist_ok=True)
        failed = []
        for done, report in enumerate(reports, 1):
            path = folder / f"{report.unit.code}-{key}.{fmt}"
            try:
                render_report(report, path, final=not draft, sign=sign)
            except DocumentError as error:
                failed.append(f"{report.unit.name}: {error}")
            self._progress(done, len(reports), report.unit.name)
        self.stderr.write("")
        for line in failed:
            self.stderr.write(f"Lỗi: {line}")
        self.stdout.write(
            f"Đã xuất {len(reports) - len(failed)}/{len(reports)} báo cáo kỳ {period} "
            f"ra thư mục {folder}"
        )
        if failed:
            raise SystemExit(1)

    def _progress(self, done: int, total: int, name: str) -> None:
        width = 30
        filled = width * done // total
        bar = "█" * filled + "·" * (width - filled)
        self.stderr.write(f"\r[{bar}] {done}/{total} {name[:40]:<40}", ending="")
        self.stderr.flush()

    def _report(self, unit_code: str, period: str, template_code: str) -> Report:
        try:
            key, period_error = Period.parse(period).key, None
        except ValueError as error:  # PeriodError says what is wrong, in Vietnamese
            key, period_error = None, error
        # One query when the report is there (a unit's code and a template's are unique);
        # the ones below only say, in this order, what is not.
        report = (
            Report.objects.select_related("unit", "template")
            .filter(unit__code=unit_code, template__code=template_code, period=key)
            .first()
            if key
            else None
        )
        if report is not None:
            return report
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            self._fail(f"Không có đơn vị mã «{unit_code}».")
        if not ReportTemplate.objects.filter(code=template_code).exists():
            codes = ", ".join(ReportTemplate.objects.values_list("code", flat=True))
            self._fail(f"Không có mẫu báo cáo «{template_code}» (có: {codes}).")
        if period_error is not None:
            self._fail(str(period_error))
        self._fail(f"{unit.name} chưa có báo cáo «{template_code}» kỳ {period}.")

    def _fail(self, message: str):
        # A message and exit code 1, never a traceback (STYLE.md: errors).
        self.stderr.write(f"Lỗi: {message}")
        raise SystemExit(1)
