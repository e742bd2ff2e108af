import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from baocao.backup import verify
from baocao.backup.database import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu vào tệp OUT (SQLite: API sao lưu trực tuyến; PostgreSQL: pg_dump -Fc)."

    def add_arguments(self, parser):
        parser.add_argument("out", help="tệp sao lưu sẽ tạo")

    def handle(self, *args, out, **options):
        try:
            data = backup(Path(out), _progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        sys.stderr.write("\n")
        self.stdout.write(f"Đã sao lưu vào {out}\n{verify.describe(data)}")
        self.stdout.write(f"Bảng kiểm tra: {verify.manifest_path(Path(out))}")


def _progress(line: str) -> None:
    sys.stderr.write("\r" + line[:100].ljust(100))
    sys.stderr.flush()
