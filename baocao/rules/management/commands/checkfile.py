"""`baocao check FILE [--json]`: validate a report file or a facts file; exit 1 on an
error-level finding, 2 when the file cannot be read."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from baocao.catalog.loaders import ensure_catalog
from baocao.catalog.models import Indicator
from baocao.importer.errors import ImportRefused
from baocao.importer.extract import extract_file
from baocao.rules.engine import Finding, check_values
from baocao.rules.facts_file import FactsFileError, read_facts

LABEL = {"error": "LỖI", "warning": "CẢNH BÁO"}


class Command(BaseCommand):
    # Checking a file needs no system checks, which import every page module (start-up).
    requires_system_checks = []
    help = (
        "Kiểm tra số liệu của một tệp báo cáo (.txt, .docx, .pdf) hoặc tệp số liệu (.yaml, .json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.exists():
            self.stderr.write(f"Không tìm thấy tệp «{file}».")
            raise SystemExit(2)
        ensure_catalog()
        try:
            findings = self.findings_of(path)
        except (FactsFileError, ImportRefused) as exc:
            self.stderr.write(str(exc))
            raise SystemExit(2) from None
        self.report(findings, as_json=options["json"])
        if any(f["severity"] == "error" for f in findings):
            raise SystemExit(1)

    def findings_of(self, path: Path) -> list[dict]:
        if path.suffix.lower() in (".yaml", ".yml", ".json"):
            values, _ = read_facts(path)
            known = set(Indicator.objects.filter(code__in=values).values_list("code", flat=True))
            unknown = [
                Finding(
                    "warning",
                    "unknown_code",
                    f"Mã chỉ tiêu không có trong danh mục: {code}.",
                    (code,),
                )
                for code in sorted(set(values) - known)
            ]
            checked = check_values({c: v for c, v in values.items() if c in known})
            return [f.as_json() for f in [*checked, *unknown]]
        return extract_file(path).as_json()["findings"]

    def report(self, findings: list[dict], *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps({"findings": findings}, ensure_ascii=False, indent=2))
            return
        for f in findings:
            self.stdout.write(
                f"{LABEL.get(f['severity'], f['severity'])} [{f['rule']}] {f['message']}"
            )
        errors = sum(f["severity"] == "error" for f in findings)
        self.stdout.write(f"{errors} lỗi, {len(findings) - errors} cảnh báo.")
