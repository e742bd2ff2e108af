from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Chuẩn bị cơ sở dữ liệu cho một tỉnh, thành phố: danh mục chỉ tiêu, mẫu báo cáo và "
        "các xã, phường, đặc khu của tỉnh theo danh mục hành chính quốc gia (chạy lại được)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", required=True, help="mã (31) hoặc tên (Hải Phòng) của tỉnh, thành phố"
        )
        parser.add_argument(
            "--mapping",
            type=Path,
            help="tệp CSV đơn vị trước sáp nhập (code,name,kind,formed_from), như của Hải Phòng",
        )
        parser.add_argument("--no-offices", action="store_true", help="không tạo các phòng của xã")

    def handle(self, *args, province, mapping=None, no_offices=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        from baocao.catalog.loaders import load_shared_catalog
        from baocao.catalog.provinces import (
            ProvinceError,
            find_province,
            load_province,
            province_name,
        )
        from baocao.vn import format_number

        try:
            found = find_province(province)
            counts = load_province(province, mapping=mapping, with_offices=not no_offices)
        except ProvinceError as exc:
            raise CommandError(str(exc)) from None
        shared = load_shared_catalog()
        self.stdout.write(
            f"{province_name(found)} (mã {int(found.code)}): {format_number(counts['units'])} "
            f"xã, phường, đặc khu — thêm {counts['created']}, cập nhật {counts['updated']}, "
            f"xóa {counts['deleted']}, giữ lại {counts['kept']} đơn vị cũ còn báo cáo. "
            f"{shared['indicators']} chỉ tiêu, {shared['templates']} mẫu báo cáo."
        )
