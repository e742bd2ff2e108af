"""`baocao extract FILE [--json]`: read a report file and print its outline, facts
and findings (the JSON shape of DESIGN.md with --json). Exit 2 when refused."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from baocao import vn
from baocao.catalog.loaders import ensure_catalog
from baocao.importer.errors import ImportRefused
from baocao.importer.extract import extract_file

LABEL = {"error": "LỖI", "warning": "CẢNH BÁO"}


class Command(BaseCommand):
    # Reading a file needs no system checks, which import every page module (~1 s).
    requires_system_checks = []
    help = "Đọc một báo cáo (.txt, .docx, .pdf): đề mục, số liệu và các điểm cần xem lại."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args, file, **options):
        ensure_catalog()
        try:
            extraction = extract_file(Path(file))
        except ImportRefused as exc:
            self.stderr.write(str(exc))
            raise SystemExit(2) from None
        result = extraction.as_json()
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        doc = result["document"]
        self.stdout.write(f"{doc.get('title') or '(không có tiêu đề)'}")
        self.stdout.write(
            f"Đơn vị: {doc.get('unit_name')} ({doc.get('unit_code')}), kỳ: {doc.get('period')}"
        )
        self.stdout.write("\nĐề mục:")
        self.print_outline(result["outline"], 1)
        self.stdout.write(f"\nSố liệu ({len(result['facts'])}):")
        for fact in result["facts"]:
            self.stdout.write(
                f"  {fact['code']:<40} {vn.format_number(fact['value'])} {fact.get('unit') or ''}"
            )
        self.stdout.write(f"\nCần xem lại ({len(result['findings'])}):")
        for f in result["findings"]:
            self.stdout.write(
                f"  {LABEL.get(f['severity'], f['severity'])} [{f['rule']}] {f['message']}"
            )

    def print_outline(self, items: list[dict], depth: int) -> None:
        for item in items:
            self.stdout.write(
                f"{'  ' * depth}{item.get('number', '')} {item.get('title', '')}".rstrip()
            )
            self.print_outline(item.get("children", []), depth + 1)
