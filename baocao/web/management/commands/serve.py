import logging

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from baocao.reports.models import Report

log = logging.getLogger("baocao")


class Command(BaseCommand):
    help = "Chuẩn bị cơ sở dữ liệu, nạp dữ liệu demo nếu trống, rồi chạy máy chủ web (waitress)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-demo", action="store_true", help="không nạp dữ liệu demo")

    def handle(self, *args, port, host, threads, no_demo, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if not no_demo and not Report.objects.exists():
            self.stdout.write("Cơ sở dữ liệu trống: nạp dữ liệu demo ...")
            call_command("demo")
        from waitress import serve

        from baocao.wsgi import application

        self.stdout.write(f"baocao đang chạy tại http://{host}:{port}/ (Ctrl+C để dừng)")
        log.info("serving on %s:%s, database %s", host, port, settings.DATABASES["default"]["NAME"])
        serve(application, host=host, port=port, threads=threads, ident="baocao")
