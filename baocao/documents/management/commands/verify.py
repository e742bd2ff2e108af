from pathlib import Path

from django.core.management.base import BaseCommand

from baocao.documents.signing import verify_pdf


class Command(BaseCommand):
    help = (
        "Kiểm tra chữ ký số của tệp PDF báo cáo (theo CA thử nghiệm trong var/pki): "
        "còn nguyên vẹn, hợp lệ, ai ký. Mã thoát 0: hợp lệ; 1: không hợp lệ hoặc đã bị sửa."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .pdf đã ký")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            self.stderr.write(f"Lỗi: không đọc được tệp «{file}» ({error.strerror}).")
            raise SystemExit(1) from None
        result = verify_pdf(data)
        if not result.signed:
            self.stdout.write(f"{path}: không hợp lệ — {result.summary}.")
            raise SystemExit(1)
        self.stdout.write(f"Tệp: {path}")
        self.stdout.write(f"Người ký: {result.signer}")
        if result.signed_at:
            self.stdout.write(f"Thời gian ký: {result.signed_at:%d/%m/%Y %H:%M:%S %z}")
        self.stdout.write(
            "Toàn vẹn: "
            + ("nguyên vẹn (intact)" if result.intact and result.covers_whole_file
               else "ĐÃ BỊ SỬA (modified)")
        )  # fmt: skip
        self.stdout.write(
            "Chứng thư: "
            + ("hợp lệ, tin cậy (valid)" if result.valid else "KHÔNG HỢP LỆ (invalid)")
        )
        if result.summary:
            self.stdout.write(f"Ghi chú: {result.summary}")
        self.stdout.write("Kết quả: " + ("HỢP LỆ" if result.ok else "KHÔNG HỢP LỆ"))
        if not result.ok:
            raise SystemExit(1)
