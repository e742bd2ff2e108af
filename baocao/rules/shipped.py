"""The rules shipped with baocao, as a new installation has them, without Django:
the catalog of baocao/data/indicators.yaml, the rules generated from it and the
hand-written ones of data/rules.yaml, as plain objects the engine's checks read like
the database's rows. `baocao extract` checks a file against these (starting Django
and reading the database cost ~0.35 s of a 0.5 s budget, issue 18); `baocao import`,
the web and `extract --database-rules` use the database's rules, where an
administrator may have added rules, disabled some or changed their severity."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from baocao.cache import kept
from baocao.rules.catalog_rules import DATA_DIR, generated_rules, shipped_rules
from baocao.rules.engine import RuleSet, compile_ruleset


@dataclass(frozen=True)
class CatalogIndicator:
    """An indicator of the shipped catalog: the fields of catalog.models.Indicator that
    rules read, filled the way catalog.loaders.load_indicators fills that table."""

    code: str
    name: str
    unit: str
    kind: str
    parts: list[str] = field(default_factory=list)
    partial: bool = False
    of: list[str] = field(default_factory=list)
    better: str = ""

    @property
    def is_money(self) -> bool:
        return self.unit == "đồng"


@dataclass(frozen=True)
class ShippedRule:
    """A rule as catalog_rules.sync_rules first writes it to the Rule table: enabled,
    with the severity it ships with. `pk` is its code (compiled rules are kept by pk)."""

    code: str
    title: str
    kind: str
    severity: str
    target: str = ""
    expression: str = ""
    message: str = ""
    enabled: bool = True

    @property
    def pk(self) -> str:
        return self.code


def _nfc(text: object) -> str:
    return unicodedata.normalize("NFC", str(text))


def shipped_indicators() -> dict[str, CatalogIndicator]:
    """indicators.yaml in file order (the table's `position`), code -> indicator."""
    import yaml  # not at start-up: kept read (shipped_ruleset)

    groups = yaml.load(
        (DATA_DIR / "indicators.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    )
    return {
        code: CatalogIndicator(
            code=code,
            name=_nfc(spec["name"]),
            unit=_nfc(spec["unit"]),
            kind=spec["kind"],
            parts=list(spec.get("parts", [])),
            partial=bool(spec.get("partial", False)),
            of=list(spec.get("of", [])),
            better=spec.get("better", ""),
        )
        for group in groups.values()
        for code, spec in group.items()
    }


def _shipped() -> tuple[dict[str, CatalogIndicator], list[ShippedRule]]:
    indicators = shipped_indicators()
    specs = generated_rules(indicators.values()) + shipped_rules()
    return indicators, sorted((ShippedRule(**spec) for spec in specs), key=lambda r: r.code)


@cache
def shipped_ruleset() -> RuleSet:
    """The enabled rules of a new installation, compiled once a process, in the order
    of their codes (as current_ruleset reads them). The catalog and the rules are kept
    read under var/cache/ (the YAML files cost 25 ms with the import of PyYAML)."""
    here = Path(__file__).parent
    sources = [DATA_DIR / "indicators.yaml", DATA_DIR / "rules.yaml"]
    sources += [here / f"{name}.py" for name in ("shipped", "catalog_rules", "derived", "kinds")]
    indicators, rules = kept("shipped-rules", sources, _shipped)
    return compile_ruleset([r for r in rules if r.enabled], indicators)
