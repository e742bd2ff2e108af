"""Rules generated from the catalog (breakdowns, rates, ranges, outliers, mandatory
figures) and the hand-written ones shipped in data/rules.yaml, kept in sync with
the Rule table. An administrator's choices (enabled, severity) survive a resync."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction

from baocao.catalog.loaders import DATA_DIR
from baocao.catalog.models import Indicator
from baocao.rules.derived import ONLINE_RATE, PCT_OF_ESTIMATE
from baocao.rules.models import Rule


def generated_rules(indicators: list[Indicator]) -> list[dict]:
    rules = []
    for ind in indicators:
        if ind.parts:
            rules.append(
                {
                    "code": f"breakdown:{ind.code}",
                    "kind": Rule.BREAKDOWN,
                    "target": ind.code,
                    "severity": Rule.ERROR,
                    "title": f"{ind.name} bằng tổng các thành phần",
                }
            )
        if len(ind.of) == 2 or ind.code in PCT_OF_ESTIMATE or ind.code == ONLINE_RATE[0]:
            if ind.code == ONLINE_RATE[0]:
                continue  # two accepted formulas: a shipped expression rule checks it
            rules.append(
                {
                    "code": f"rate:{ind.code}",
                    "kind": Rule.RATE,
                    "target": ind.code,
                    "severity": Rule.WARNING,
                    "title": f"{ind.name} khớp với số liệu gốc",
                }
            )
        # A share cannot pass 100%; progress against the year's estimate can (revenue
        # above the dự toán is good news), so those are not range-checked.
        if ind.kind == Indicator.RATE and ind.unit == "%" and ind.code not in PCT_OF_ESTIMATE:
            rules.append(
                {
                    "code": f"range:{ind.code}",
                    "kind": Rule.RANGE,
                    "target": ind.code,
                    "severity": Rule.ERROR,
                    "title": f"{ind.name} trong khoảng 0–100%",
                }
            )
    rules.append(
        {
            "code": "outlier",
            "kind": Rule.OUTLIER,
            "target": "",
            "severity": Rule.WARNING,
            "title": "Số liệu khác thường so với 12 kỳ trước",
        }
    )
    rules.append(
        {
            "code": "mandatory",
            "kind": Rule.MANDATORY,
            "target": "",
            "severity": Rule.ERROR,
            "title": "Thiếu số liệu bắt buộc của mẫu báo cáo",
        }
    )
    return rules


def shipped_rules(path: Path | None = None) -> list[dict]:
    raw = yaml.safe_load((path or DATA_DIR / "rules.yaml").read_text(encoding="utf-8"))
    return [
        {**r, "kind": Rule.EXPRESSION, "expression": " ".join(r["expression"].split())} for r in raw
    ]


@transaction.atomic
def sync_rules() -> int:
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
