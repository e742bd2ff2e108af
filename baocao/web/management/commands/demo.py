import time

from django.core.management.base import BaseCommand

from baocao.demo.load import PASSWORD, load_demo
from baocao.reports.models import Report
from baocao.vn import format_number


class Command(BaseCommand):
    help = "Nạp dữ liệu dùng thử: 114 đơn vị của Hải Phòng, người dùng mẫu, 13 tháng số liệu."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="xóa báo cáo và người dùng mẫu cũ trước khi nạp"
        )

    def handle(self, *args, reset=False, **options):
        if Report.objects.exists() and not reset:
            self.stderr.write("Cơ sở dữ liệu đã có báo cáo; dùng --reset để nạp lại dữ liệu demo.")
            raise SystemExit(1)
        started = time.perf_counter()
        counts = load_demo(reset=reset, progress=lambda m: self.stdout.write(f"  {m}"))
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Đã nạp {counts['units']} đơn vị, {format_number(counts['reports'])} báo cáo, "
            f"{format_number(counts['values'])} số liệu trong {format_number(round(seconds, 1))} giây. "
            f"Mật khẩu các tài khoản mẫu: {PASSWORD}"
        )
