import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from baocao.vn import format_number


class ProgressBar:
    """One line redrawn in place on a terminal; plain lines (one a step) in a log."""

    WIDTH = 30

    def __init__(self, stream, tty: bool):
        self.stream, self.tty, self.last_step = stream, tty, None

    def __call__(self, step: str, done: int, total: int) -> None:
        if self.tty:
            filled = self.WIDTH * done // max(total, 1)
            bar = "█" * filled + "·" * (self.WIDTH - filled)
            counter = f" {done}/{total}" if total > 1 else ""
            self.stream.write(f"\r  [{bar}] {step}{counter}".ljust(78))
            if step == "Xong":
                self.stream.write("\n")
            self.stream.flush()
        elif step != self.last_step:
            self.stream.write(f"  {step}\n")
        self.last_step = step


class Command(BaseCommand):
    help = "Nạp dữ liệu dùng thử: 114 đơn vị của Hải Phòng, người dùng mẫu, 13 tháng số liệu."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="xóa báo cáo và người dùng mẫu cũ trước khi nạp"
        )

    def handle(self, *args, reset=False, **options):
        # A fresh database has no tables yet: migrate first, as `serve` does.
        call_command("migrate", interactive=False, verbosity=0)
        from baocao.demo.load import PASSWORD, load_demo
        from baocao.reports.models import Report

        if Report.objects.exists() and not reset:
            self.stderr.write("Cơ sở dữ liệu đã có báo cáo; dùng --reset để nạp lại dữ liệu demo.")
            raise SystemExit(1)
        started = time.perf_counter()
        bar = ProgressBar(self.stdout, tty=sys.stdout.isatty())
        counts = load_demo(reset=reset, progress=bar)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Đã nạp {counts['units']} đơn vị, {format_number(counts['reports'])} báo cáo, "
            f"{format_number(counts['values'])} số liệu trong {format_number(round(seconds, 1))} giây. "
            f"Mật khẩu các tài khoản mẫu: {PASSWORD}"
        )
