"""Load the catalog from the files shipped in baocao/data (idempotent)."""

from __future__ import annotations

import csv
import unicodedata
from datetime import date
from pathlib import Path

import yaml
from django.db import transaction

from baocao.catalog.models import Indicator, ReportTemplate, Unit

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CITY_CODE = "31"  # Hải Phòng, QĐ 19/2025/QĐ-TTg
MERGER_DATE = date(2025, 7, 1)  # NQ 1669/NQ-UBTVQH15: new communes from 01/07/2025

GROUP_NAMES = {
    "tthc": "Thủ tục hành chính",
    "hotich": "Hộ tịch",
    "chungthuc": "Chứng thực",
    "cutru": "Cư trú, dân cư",
    "ngansach": "Thu, chi ngân sách",
    "donthu": "Tiếp công dân, đơn thư",
    "vanban": "Văn bản",
    "xahoi": "Bảo trợ xã hội, giảm nghèo, văn hóa",
    "kinhte": "Kinh tế, đất đai, xây dựng",
    "dang": "Xây dựng Đảng",
    "antt": "An ninh trật tự",
}
KIND_BY_LABEL = {"Xã": Unit.XA, "Phường": Unit.PHUONG, "Đặc khu": Unit.DAC_KHU}
# The offices every commune has since 01/07/2025 (ND 150/2025 on commune-level bodies).
OFFICES = [
    ("vp", "Văn phòng HĐND và UBND"),
    ("kt", "Phòng Kinh tế"),
    ("vhxh", "Phòng Văn hóa - Xã hội"),
    ("pvhcc", "Trung tâm Phục vụ hành chính công"),
]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


INDICATOR_KEYS = {"name", "unit", "kind", "parts", "partial", "of", "better"}


def read_indicators(path: Path | None = None) -> list[dict]:
    """Indicators of the YAML catalog, in file order, with their group. A key it does
    not know is refused: in a flow mapping an unquoted comma in a name silently cuts
    the name and makes the rest a key (btxh.adhoc.cases lost its second half so)."""
    raw = yaml.safe_load((path or DATA_DIR / "indicators.yaml").read_text(encoding="utf-8"))
    rows = []
    for group, items in raw.items():
        for code, spec in items.items():
            unknown = set(spec) - INDICATOR_KEYS
            if unknown:
                raise ValueError(
                    f"indicators.yaml: {code} has unknown keys {sorted(unknown)} "
                    "(a name with a comma must be quoted)"
                )
            rows.append({"code": code, "group": group, **spec})
    return rows


def read_units(path: Path | None = None) -> list[dict]:
    with open(path or DATA_DIR / "units-haiphong-2025.csv", encoding="utf-8") as fh:
        return [{k: nfc(v) for k, v in row.items()} for row in csv.DictReader(fh)]


@transaction.atomic
def load_indicators(path: Path | None = None) -> int:
    rows = read_indicators(path)
    for position, row in enumerate(rows):
        Indicator.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": nfc(str(row["name"])),
                "unit": nfc(str(row["unit"])),
                "kind": row["kind"],
                "group": row["group"],
                "parts": row.get("parts", []),
                "partial": bool(row.get("partial", False)),
                "of": row.get("of", []),
                "better": row.get("better", ""),
                "position": position,
            },
        )
    return len(rows)


def load_units(path: Path | None = None, with_offices: bool = True) -> int:
    """Hải Phòng (the demo's city) from the national list (baocao.catalog.provinces),
    named and mapped to its former provinces by its shipped mapping file."""
    from baocao.catalog.provinces import load_province

    return load_province(CITY_CODE, mapping=path, with_offices=with_offices)["units"]


def read_template(path: Path) -> dict:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    signer = spec.get("signer", {})
    return {
        "code": spec["code"],
        "name": nfc(spec["name"]),
        "issuer": spec["issuer"],
        "frequency": spec.get("frequency", "monthly"),
        "period_mode": spec.get("period_mode", "nd09"),
        "deadline_days": spec.get("deadline_days", 2),
        "symbol": nfc(spec["symbol"]),
        "issuer_parent": nfc(spec.get("issuer_parent") or ""),
        "issuer_name": nfc(spec["issuer_name"]),
        "title": nfc(spec["title"]),
        "signer_authority": nfc(signer.get("authority") or ""),
        "signer_deputy": nfc(signer.get("deputy") or ""),
        "signer_title": nfc(signer.get("title") or ""),
        "recipients": [nfc(r) for r in spec.get("recipients", [])],
        "closing": nfc(spec.get("closing") or ""),
        "mandatory": spec.get("mandatory", []),
        "outline": spec.get("outline", []),
    }


@transaction.atomic
def load_templates(folder: Path | None = None) -> int:
    paths = sorted((folder or DATA_DIR / "templates").glob("*.yaml"))
    for path in paths:
        fields = read_template(path)
        ReportTemplate.objects.update_or_create(code=fields.pop("code"), defaults=fields)
    return len(paths)


def load_catalog() -> dict[str, int]:
    """The demo's catalog: Hải Phòng's units, and indicators, templates and rules."""
    return {"units": load_units(), **load_shared_catalog()}


def load_shared_catalog() -> dict[str, int]:
    """What every province shares: indicators, report templates, generated rules."""
    from baocao.rules.catalog_rules import sync_rules  # rules are generated from the catalog

    counts = {"indicators": load_indicators(), "templates": load_templates()}
    counts["rules"] = sync_rules()
    return counts


def ensure_catalog() -> None:
    """Commands that read files (check, extract) work on a fresh machine too: migrate
    the database and load the shipped catalog when that has not happened yet."""
    from django.core.management import call_command

    if _unapplied_migrations():
        call_command("migrate", interactive=False, verbosity=0)
    if not Indicator.objects.exists():
        load_catalog()


def _unapplied_migrations() -> bool:
    """Whether a migration file has not been applied: the file names against the table of
    applied ones takes 4 ms, loading the migration graph 60 ms of a command's start-up.
    A squashed file may answer True needlessly; migrate then finds nothing to do."""
    import importlib
    import pkgutil

    from django.apps import apps
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return True
    applied = set(recorder.applied_migrations())
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.migrations")
        except ImportError:
            continue
        for info in pkgutil.iter_modules(module.__path__):
            if not info.name.startswith(("_", "~")) and (config.label, info.name) not in applied:
                return True
    return False
