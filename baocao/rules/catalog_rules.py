"""Rules generated from the catalog (breakdowns, rates, ranges, outliers, mandatory
figures) and the hand-written ones shipped in data/rules.yaml, kept in sync with
the Rule table. An administrator's choices (enabled, severity) survive a resync.
`generated_rules` and `shipped_rules` need no Django: `baocao extract` builds the
same rules as plain objects (shipped.py)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from baocao.rules import kinds
from baocao.rules.derived import ONLINE_RATE, PCT_OF_ESTIMATE

if TYPE_CHECKING:  # or shipped.CatalogIndicator
    from baocao.catalog.models import Indicator

DATA_DIR = Path(__file__).resolve().parent.parent / "data"  # catalog.loaders.DATA_DIR


def generated_rules(indicators: Iterable[Indicator]) -> list[dict]:
    rules = []
    for ind in indicators:
        if ind.parts:
            rules.append(
                {
                    "code": f"breakdown:{ind.code}",
                    "kind": kinds.BREAKDOWN,
                    "target": ind.code,
                    "severity": kinds.ERROR,
                    "title": f"{ind.name} bằng tổng các thành phần",
                }
            )
        if len(ind.of) == 2 or ind.code in PCT_OF_ESTIMATE or ind.code == ONLINE_RATE[0]:
            if ind.code == ONLINE_RATE[0]:
                continue  # two accepted formulas: a shipped expression rule checks it
            rules.append(
                {
                    "code": f"rate:{ind.code}",
                    "kind": kinds.RATE,
                    "target": ind.code,
                    "severity": kinds.WARNING,
                    "title": f"{ind.name} khớp với số liệu gốc",
                }
            )
        # A share cannot pass 100%; progress against the year's estimate can (revenue
        # above the dự toán is good news), so those are not range-checked.
        if ind.kind == kinds.INDICATOR_RATE and ind.unit == "%" and ind.code not in PCT_OF_ESTIMATE:
            rules.append(
                {
                    "code": f"range:{ind.code}",
                    "kind": kinds.RANGE,
                    "target": ind.code,
                    "severity": kinds.ERROR,
                    "title": f"{ind.name} trong khoảng 0–100%",
                }
            )
    rules.append(
        {
            "code": "outlier",
            "kind": kinds.OUTLIER,
            "target": "",
            "severity": kinds.WARNING,
            "title": "Số liệu khác thường so với 12 kỳ trước",
        }
    )
    rules.append(
        {
            "code": "mandatory",
            "kind": kinds.MANDATORY,
            "target": "",
            "severity": kinds.ERROR,
            "title": "Thiếu số liệu bắt buộc của mẫu báo cáo",
        }
    )
    return rules


def shipped_rules(path: Path | None = None) -> list[dict]:
    import yaml  # not at start-up: `baocao extract` keeps these rules read (shipped.py)

    text = (path or DATA_DIR / "rules.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=yaml.CSafeLoader)
    return [
        {**r, "kind": kinds.EXPRESSION, "expression": " ".join(r["expression"].split())}
        for r in raw
    ]


def sync_rules() -> int:
    from django.db import transaction

    with transaction.atomic():
        return _sync_rules()


def _sync_rules() -> int:
    from baocao.catalog.models import Indicator
    from baocao.rules.models import Rule

    specs = [(s, "catalog") for s in generated_rules(list(Indicator.objects.all()))]
    specs += [(s, "shipped") for s in shipped_rules()]
    for spec, origin in specs:
        rule, created = Rule.objects.get_or_create(
            code=spec["code"],
            defaults={**{k: v for k, v in spec.items() if k != "code"}, "origin": origin},
        )
        if not created:
            for field in ("title", "kind", "target", "expression", "message"):
                setattr(rule, field, spec.get(field, ""))
            rule.save()
    return len(specs)
