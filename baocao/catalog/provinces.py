"""Provinces and their communes from the national list after the July 2025 reform,
as the `vietnam-provinces` package ships it (34 provinces and centrally-run cities,
3,321 xã, phường and đặc khu with the official codes). A province's former-units
mapping file (CSV: code,name,kind,formed_from) may name units as the province's
own decisions spell them and say what each was formed from (Hải Phòng's ships in
baocao/data)."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import vietnam_provinces
from django.db import transaction
from vietnam_provinces import Province, ProvinceCode, VietNamDivisionType, Ward

from baocao.catalog.loaders import DATA_DIR, KIND_BY_LABEL, MERGER_DATE, OFFICES, nfc
from baocao.catalog.models import CatalogSource, Unit

SOURCE = "vietnam-provinces"
KIND = {
    VietNamDivisionType.XA: Unit.XA,
    VietNamDivisionType.PHUONG: Unit.PHUONG,
    VietNamDivisionType.DAC_KHU: Unit.DAC_KHU,
}
MAPPINGS = {31: DATA_DIR / "units-haiphong-2025.csv"}  # shipped former-units mappings


class ProvinceError(ValueError):
    """str() is a Vietnamese message for the user."""


def fold(text: str) -> str:
    """'Hải Phòng' → 'hai phong': accents, case and 'Thành phố/Tỉnh' do not matter."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().strip()
    for prefix in ("thanh pho ", "tp. ", "tp ", "tinh "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return " ".join(text.split())


def province_name(province: Province) -> str:
    name = nfc(province.name)
    if province.division_type == VietNamDivisionType.TINH and not name.startswith("Tỉnh"):
        return f"Tỉnh {name}"
    return name


def find_province(text: str) -> Province:
    """A province by its code ('31', '1', '01') or its name ('Hải Phòng', 'hai phong')."""
    text = str(text).strip()
    if text.isdigit():
        try:
            return Province.from_code(ProvinceCode(int(text)))
        except ValueError:
            raise ProvinceError(f"Không có tỉnh, thành phố mã {text}.") from None
    wanted = fold(text)
    for province in Province.iter_all():
        if fold(province.name) == wanted:
            return province
    raise ProvinceError(
        f"Không tìm thấy tỉnh, thành phố «{text}». Nhập mã (ví dụ 31) hoặc tên (ví dụ Hải Phòng)."
    )


def commune_code(code: str | int) -> str:
    """A commune's official code, five digits ("00004"): unpadded, Hà Nội's first wards
    ("4", "25", "91") would take the codes of the provinces Cao Bằng, Phú Thọ, An Giang."""
    text = str(code).strip()
    return f"{int(text):05d}" if text.isdigit() else text


@dataclass
class MappingRow:
    code: str
    name: str
    kind: str
    formed_from: str


def read_mapping(path: Path) -> dict[str, MappingRow]:
    """The former-units mapping file: code,name,kind,formed_from (UTF-8 CSV)."""
    try:
        with open(path, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise ProvinceError(f"Không đọc được tệp ánh xạ {path}: {exc}") from exc
    missing = {"code", "name", "kind", "formed_from"} - set(rows[0] if rows else {})
    if missing:
        raise ProvinceError(f"Tệp ánh xạ {path} thiếu cột: {', '.join(sorted(missing))}.")
    out = {}
    for n, row in enumerate(rows, start=2):
        kind = KIND_BY_LABEL.get(nfc(row["kind"]).strip())
        if kind is None:
            raise ProvinceError(f"Dòng {n} của {path}: loại «{row['kind']}» không hợp lệ.")
        code = commune_code(row["code"])
        out[code] = MappingRow(code, nfc(row["name"]).strip(), kind, nfc(row["formed_from"]))
    return out


@transaction.atomic
def load_province(
    text: str | int, mapping: Path | None = None, with_offices: bool = True
) -> dict[str, int]:
    """Create or update the province and its communes (idempotent). A unit of the
    province the national list no longer has is deleted only when it has no report;
    one with reports stays (counted as kept) so its history is never lost."""
    province = find_province(str(text))
    mapping_path = mapping or MAPPINGS.get(int(province.code))
    named = read_mapping(mapping_path) if mapping_path else {}
    wards = sorted(Ward.iter_by_province(province.code), key=lambda w: int(w.code))
    city, created = Unit.objects.update_or_create(
        code=str(int(province.code)),
        defaults={"name": province_name(province), "kind": Unit.CITY, "parent": None},
    )
    codes = [commune_code(w.code) for w in wards]
    unknown = sorted(set(named) - set(codes))
    if unknown:
        raise ProvinceError(
            f"Tệp ánh xạ có mã không thuộc {province_name(province)}: {', '.join(unknown[:5])}."
        )
    existing = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    counts = {"units": len(wards), "created": 0, "updated": 0, "deleted": 0, "kept": 0}
    new, changed = [], []
    for ward, code in zip(wards, codes, strict=True):
        row = named.get(code)
        fields = {
            "name": row.name if row else nfc(ward.name),
            "kind": KIND[ward.division_type],
            "parent_id": city.pk,
            "formed_from": row.formed_from if row else "",
            "valid_from": MERGER_DATE,
            "valid_to": None,
            "successor_id": None,
        }
        unit = existing.get(code)
        if unit is None:
            new.append(Unit(code=code, **fields))
        elif any(getattr(unit, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(unit, k, v)
            changed.append(unit)
    Unit.objects.bulk_create(new, batch_size=500)
    Unit.objects.bulk_update(changed, [f.removesuffix("_id") for f in fields], batch_size=500)
    counts["created"], counts["updated"] = len(new), len(changed)
    if with_offices:
        communes = Unit.objects.filter(parent=city, kind__in=Unit.COMMUNE_KINDS, valid_to=None)
        have = set(
            Unit.objects.filter(parent__in=communes, kind=Unit.OFFICE).values_list(
                "code", flat=True
            )
        )
        Unit.objects.bulk_create(
            [
                Unit(code=f"{c.code}.{slug}", name=name, kind=Unit.OFFICE, parent=c)
                for c in communes
                for slug, name in OFFICES
                if f"{c.code}.{slug}" not in have
            ],
            batch_size=500,
        )
    gone = Unit.objects.filter(parent=city, kind__in=Unit.COMMUNE_KINDS, valid_to=None).exclude(
        code__in=codes
    )
    for unit in gone:
        family = Unit.objects.filter(pk=unit.pk) | Unit.objects.filter(parent=unit)
        if any(u.reports.exists() for u in family):
            counts["kept"] += 1
            continue
        Unit.objects.filter(parent=unit).delete()
        unit.delete()
        counts["deleted"] += 1
    record_source(int(province.code))
    return counts


def record_source(province_code: int) -> CatalogSource:
    source, _ = CatalogSource.objects.get_or_create(
        name=SOURCE, defaults={"version": vietnam_provinces.__version__}
    )
    source.version = vietnam_provinces.__version__
    source.data_version = vietnam_provinces.__data_version__
    source.provinces = sorted(set(source.provinces) | {province_code})
    source.save()
    return source
