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

from baocao.rules.catalog_rules import generated_rules, shipped_rules
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
    # The lexicon reads the same file for the same process (6 ms of libyaml): read once.
    from baocao.importer.lexicon import load_catalog

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
        for code, spec in load_catalog().items()
    }


@cache
def shipped_ruleset() -> RuleSet:
    """The enabled rules of a new installation, compiled once a process, in the order
    of their codes (as current_ruleset reads them)."""
    indicators = shipped_indicators()
    specs = generated_rules(indicators.values()) + shipped_rules()
    rules = sorted((ShippedRule(**spec) for spec in specs), key=lambda r: r.code)
    return compile_ruleset([r for r in rules if r.enabled], indicators)
