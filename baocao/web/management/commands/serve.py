import ipaddress
import logging
import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from baocao import secret_key
from baocao.reports.models import Report

log = logging.getLogger("baocao")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: assume it is reachable from outside


def default_workers() -> int:
    """Two per CPU plus one, as gunicorn advises, at most 9 (each holds a DB connection)."""
    return min(2 * (os.cpu_count() or 1) + 1, 9)


class Command(BaseCommand):
    help = (
        "Chuẩn bị cơ sở dữ liệu, nạp dữ liệu demo nếu trống, rồi chạy máy chủ web "
        "(gunicorn nhiều tiến trình trên Linux, waitress trên hệ khác)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=None, help="số tiến trình (gunicorn)")
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-demo", action="store_true", help="không nạp dữ liệu demo")
        parser.add_argument(
            "--server",
            choices=["auto", "gunicorn", "waitress"],
            default="auto",
            help="máy chủ WSGI",
        )

    def handle(self, *args, port, host, workers, threads, no_demo, server, **options):
        if not settings.DEBUG and not is_loopback(host) and not secret_key.configured():
            raise CommandError(
                f"Không chạy trên địa chỉ {host} khi chưa đặt SECRET_KEY: máy khác truy cập được "
                "thì khóa bí mật phải do người quản trị đặt (biến môi trường SECRET_KEY)."
            )
        call_command("migrate", interactive=False, verbosity=0)
        province = os.environ.get("BAOCAO_PROVINCE", "").strip()
        if province and not Report.objects.exists():
            # A real province: its units and the catalog, no demo data.
            self.stdout.write(f"Cơ sở dữ liệu trống: nạp tỉnh, thành phố {province} ...")
            call_command("setup", province=province)
        elif not no_demo and not Report.objects.exists():
            self.stdout.write("Cơ sở dữ liệu trống: nạp dữ liệu demo ...")
            call_command("demo")
        from baocao.backup.uploads import remove_abandoned_uploads

        remove_abandoned_uploads()  # imports left unfinished (cron runs `baocao cleanuploads`)
        if server == "auto":
            server = "gunicorn" if sys.platform.startswith("linux") else "waitress"
        self.stdout.write(f"baocao đang chạy tại http://{host}:{port}/ (Ctrl+C để dừng)")
        log.info("serving on %s:%s, database %s", host, port, settings.DATABASES["default"]["NAME"])
        if server == "gunicorn":
            self._gunicorn(host, port, workers or default_workers(), threads)
        else:
            self._waitress(host, port, threads)

    def _waitress(self, host, port, threads):
        from waitress import serve

        from baocao.wsgi import application

        serve(application, host=host, port=port, threads=threads, ident="baocao")

    def _gunicorn(self, host, port, workers, threads):
        from django.db import connections
        from gunicorn.app.base import BaseApplication

        from baocao.wsgi import application

        connections.close_all()  # the workers are forked: none may share this connection

        class Server(BaseApplication):
            def load_config(self):
                for key, value in {
                    "bind": f"{host}:{port}",
                    "workers": workers,
                    "worker_class": "gthread",
                    "threads": max(1, threads // 2),
                    "timeout": 120,  # a PDF conversion by LibreOffice may take a while
                    "graceful_timeout": 20,
                    "accesslog": None,
                    "proc_name": "baocao",
                    "control_socket_disable": True,  # one per user otherwise: instances collide
                    # A worker's requests are done when this runs: skip the interpreter's
                    # slow teardown of the loaded app (seconds of CPU per worker).
                    "worker_exit": lambda server, worker: os._exit(0),
                }.items():
                    self.cfg.set(key, value)

            def load(self):
                return application

        log.info("gunicorn with %d workers", workers)
        Server().run()
