from pathlib import Path

from django.core.management.base import BaseCommand

from baocao.catalog.models import ReportTemplate, Unit
from baocao.catalog.periods import Period
from baocao.documents.errors import DocumentError
from baocao.documents.services import render_report
from baocao.reports.models import Report


class Command(BaseCommand):
    help = (
        "Xuất báo cáo của một đơn vị, một kỳ ra tệp .docx, .pdf hoặc .html (theo đuôi tệp). "
        "Mặc định là bản chính thức: chỉ báo cáo đã được duyệt, đủ số liệu, không còn lỗi; "
        "--draft xuất bản dự thảo; --sign ký số bản PDF chính thức bằng chứng thư của đơn vị."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="mã đơn vị, ví dụ 11002")
        parser.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2025-11")
        parser.add_argument(
            "--template", default="ubnd-monthly", help="mẫu báo cáo (mặc định ubnd-monthly)"
        )
        parser.add_argument("--out", required=True, help="tệp ra: .docx, .pdf hoặc .html")
        parser.add_argument(
            "--draft", action="store_true", help="bản nháp: chỗ thiếu số liệu được đánh dấu"
        )
        parser.add_argument(
            "--sign", action="store_true", help="ký số (PAdES) bản chính thức, chỉ với tệp .pdf"
        )

    def handle(self, *args, unit, period, template, out, draft, sign, **options):
        try:
            report = self._report(unit, period, template)
            path = Path(out)
            render_report(report, path, final=not draft, sign=sign)
        except DocumentError as error:
            self._fail(str(error))
        kind = "bản nháp" if draft else "bản chính thức đã ký số" if sign else "bản chính thức"
        self.stdout.write(f"Đã xuất {kind} {report} ra {path}")

    def _report(self, unit_code: str, period: str, template_code: str) -> Report:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            self._fail(f"Không có đơn vị mã «{unit_code}».")
        if not ReportTemplate.objects.filter(code=template_code).exists():
            codes = ", ".join(ReportTemplate.objects.values_list("code", flat=True))
            self._fail(f"Không có mẫu báo cáo «{template_code}» (có: {codes}).")
        try:
            key = Period.parse(period).key
        except ValueError as error:  # PeriodError says what is wrong, in Vietnamese
            self._fail(str(error))
        report = (
            Report.objects.select_related("unit", "template")
            .filter(unit=unit, template__code=template_code, period=key)
            .first()
        )
        if report is None:
            self._fail(f"{unit.name} chưa có báo cáo «{template_code}» kỳ {period}.")
        return report

    def _fail(self, message: str):
        # A message and exit code 1, never a traceback (STYLE.md: errors).
        self.stderr.write(f"Lỗi: {message}")
        raise SystemExit(1)
