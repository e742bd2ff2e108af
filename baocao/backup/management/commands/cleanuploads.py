from django.conf import settings
from django.core.management.base import BaseCommand

from baocao.backup.uploads import remove_abandoned_uploads


class Command(BaseCommand):
    help = "Xóa các tệp tải lên để nhập nhưng bỏ dở, cũ hơn BAOCAO_UPLOAD_MAX_AGE_HOURS (24 giờ)."

    def handle(self, *args, **options):
        removed = remove_abandoned_uploads()
        hours = settings.BAOCAO_UPLOAD_MAX_AGE_HOURS
        self.stdout.write(f"Đã xóa {len(removed)} tệp tải lên bỏ dở (cũ hơn {hours} giờ).")
