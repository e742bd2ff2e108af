"""Reading a facts file (.yaml or .json in the shape of seeds/*.facts.yaml:
`facts: [{code, value}]`) into figures the rules can check."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from baocao import vn


class FactsFileError(Exception):
    """A facts file that cannot be read; str() is a Vietnamese message."""


def read_facts(path: Path) -> tuple[dict[str, Decimal], dict]:
    """({code: value}, document metadata) from a facts file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FactsFileError(
            f"Không đọc được tệp «{path.name}»: {exc.__class__.__name__}."
        ) from exc
    try:
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise FactsFileError(f"Tệp «{path.name}» không đúng định dạng JSON/YAML.") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("facts"), list):
        raise FactsFileError(f"Tệp «{path.name}» cần có danh sách «facts: [{{code, value}}]».")
    values: dict[str, Decimal] = {}
    for i, fact in enumerate(raw["facts"], start=1):
        if not isinstance(fact, dict) or "code" not in fact or "value" not in fact:
            raise FactsFileError(f"Số liệu thứ {i} trong «{path.name}» thiếu «code» hoặc «value».")
        values[str(fact["code"])] = _number(fact["value"], i)
    document = raw.get("document") if isinstance(raw.get("document"), dict) else {}
    return values, document


def _number(value, position: int) -> Decimal:
    if isinstance(value, bool):
        raise FactsFileError(f"Số liệu thứ {position} không phải là số.")
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    try:
        return vn.parse_vn_number(str(value)).value
    except vn.VNNumberError:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise FactsFileError(f"Số liệu thứ {position} không đọc được: «{value}».") from None
