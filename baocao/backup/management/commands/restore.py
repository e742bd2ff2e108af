import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from baocao.backup import verify
from baocao.backup.database import BackupError, restore


class Command(BaseCommand):
    help = "Phục hồi bản sao lưu IN vào cơ sở dữ liệu đang cấu hình (phải trống), rồi đối chiếu."

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="IN", help="tệp sao lưu")

    def handle(self, *args, source, **options):
        path = Path(source)
        try:
            found = restore(path, _progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        sys.stderr.write("\n")
        self.stdout.write(f"Đã phục hồi từ {source}\n{verify.describe(found)}")
        expected = verify.read_manifest(path)
        if expected is None:
            self.stdout.write("Không có bảng kiểm tra bên cạnh bản sao lưu: chưa đối chiếu được.")
            return
        problems = verify.differences(expected, found)
        if problems:
            raise CommandError("Phục hồi KHÔNG khớp bản sao lưu:\n" + "\n".join(problems))
        self.stdout.write("Đối chiếu: khớp số dòng mọi bảng và mã kiểm tra số liệu.")


def _progress(line: str) -> None:
    sys.stderr.write("\r" + line[:100].ljust(100))
    sys.stderr.flush()
