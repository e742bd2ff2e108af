"""What a backup must give back: the row count of every table and a checksum of the
figures (reports_value) and of the analytics fact table, computed the same way on the
database that was saved and on the one restored. Written beside the backup as
OUT.manifest.json; `baocao restore` compares."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

FIGURES = {
    "reports_value": "SELECT report_id, indicator_id, value FROM reports_value ORDER BY id",
    "analytics_fact": (
        "SELECT id, report_id, template_id, unit_id, period, indicator_id, value "
        "FROM analytics_fact ORDER BY id"
    ),
}


def _canonical(cell) -> str:
    if isinstance(cell, (Decimal, float, int)) and not isinstance(cell, bool):
        d = Decimal(str(cell)).normalize()  # 12, 12.0000 and Decimal("12") hash alike
        return format(d, "f")
    return str(cell)


def summary(cursor, tables: list[str]) -> dict:
    """{"tables": {name: rows}, "checksums": {table: sha256}} through a DB-API cursor."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    checksums = {}
    for table, query in FIGURES.items():
        if table not in tables:
            continue
        digest = hashlib.sha256()
        cursor.execute(query)
        while rows := cursor.fetchmany(5000):
            for row in rows:
                digest.update(("|".join(_canonical(c) for c in row) + "\n").encode())
        checksums[table] = digest.hexdigest()
    return {"tables": counts, "checksums": checksums}


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".manifest.json")


def write_manifest(backup: Path, data: dict) -> None:
    manifest_path(backup).write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")


def read_manifest(backup: Path) -> dict | None:
    path = manifest_path(backup)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def differences(expected: dict, found: dict) -> list[str]:
    out = []
    for table, rows in expected["tables"].items():
        if found["tables"].get(table) != rows:
            out.append(
                f"{table}: {rows} dòng trong bản sao lưu, {found['tables'].get(table)} sau phục hồi"
            )
    for table, digest in expected["checksums"].items():
        if found["checksums"].get(table) != digest:
            out.append(f"{table}: mã kiểm tra số liệu khác")
    return out


def describe(data: dict) -> str:
    t = data["tables"]
    lines = [
        f"{len(t)} bảng, {sum(t.values()):,} dòng".replace(",", "."),
        f"số liệu (reports_value): {t.get('reports_value', 0):,} dòng".replace(",", ".")
        + f", mã kiểm tra {data['checksums'].get('reports_value', '')[:16]}",
        f"bảng tổng hợp (analytics_fact): {t.get('analytics_fact', 0):,} dòng".replace(",", ".")
        + f", mã kiểm tra {data['checksums'].get('analytics_fact', '')[:16]}",
    ]
    return "\n".join(lines)
