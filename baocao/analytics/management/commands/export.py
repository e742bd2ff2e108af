"""`baocao export --period YYYY-MM [--unit CODE] [--template T] --format csv|json|xlsx --out PATH`

Writes the data values of one period, one row per figure (unit, template, indicator,
value). Exit codes: 0 written; 1 nothing to export (no figure for that period and
unit); 2 a bad argument (period, unit, template, format) or a file that cannot be
written. Messages are in Vietnamese; never a traceback."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from baocao.analytics.exports import period_values, values_csv, values_json, values_xlsx
from baocao.catalog.models import ReportTemplate, Unit
from baocao.catalog.periods import Period, PeriodError

FORMATS = ("csv", "json", "xlsx")


class Command(BaseCommand):
    help = (
        "Xuất số liệu của một kỳ (mọi đơn vị, hoặc một đơn vị) ra tệp CSV, JSON hoặc Excel. "
        "Mã thoát: 0 đã xuất; 1 không có số liệu; 2 tham số sai hoặc không ghi được tệp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2025-11")
        parser.add_argument("--unit", help="mã đơn vị, ví dụ 11002 (mặc định: mọi đơn vị)")
        parser.add_argument(
            "--template", default="", help="chỉ một mẫu báo cáo, ví dụ ubnd-monthly"
        )
        parser.add_argument("--format", required=True, help="csv, json hoặc xlsx")
        parser.add_argument("--out", required=True, help="tệp ra")

    def handle(self, *args, period, unit, template, format, out, **options):
        fmt = format.lower().lstrip(".")
        if fmt not in FORMATS:
            self._fail(f"Định dạng «{format}» không hỗ trợ: chọn csv, json hoặc xlsx.", 2)
        try:
            key = Period.parse(period).key
        except PeriodError as error:
            self._fail(str(error), 2)
        unit_ids = None
        if unit:
            found = Unit.objects.filter(code=unit).first()
            if found is None:
                self._fail(f"Không có đơn vị mã «{unit}».", 2)
            # A commune's predecessors (merged on 01/07/2025) belong to its history.
            unit_ids = [found.pk, *found.predecessors.values_list("pk", flat=True)]
        if template and not ReportTemplate.objects.filter(code=template).exists():
            codes = ", ".join(ReportTemplate.objects.values_list("code", flat=True))
            self._fail(f"Không có mẫu báo cáo «{template}» (có: {codes}).", 2)
        rows = period_values(key, unit_ids=unit_ids, template=template)
        if not rows:
            who = f"đơn vị {unit}" if unit else "các đơn vị"
            self._fail(f"Không có số liệu nào của {who} kỳ {key}: không xuất tệp.", 1)
        path = Path(out)
        if fmt == "csv":
            data = values_csv(rows).encode("utf-8")
        elif fmt == "json":
            data = values_json(rows, period=key, unit=unit or None).encode("utf-8")
        else:
            data = values_xlsx(rows)
        try:
            path.write_bytes(data)
        except OSError as error:
            self._fail(f"Không ghi được tệp «{out}»: {error.strerror or error}.", 2)
        reports = len({(r.unit_code, r.template) for r in rows})
        self.stdout.write(f"Đã xuất {len(rows)} số liệu của {reports} báo cáo kỳ {key} ra {path}.")

    def _fail(self, message: str, code: int):
        self.stderr.write(message)
        raise SystemExit(code)
