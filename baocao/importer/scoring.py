"""Precision and recall of the facts read from a text against a human annotation
(the seeds' and the devset's `NN.facts.yaml`): a fact is right when its code and
value are in the annotation's `facts`; a fact whose value is one of the numbers
listed under `uncertain` (judgement calls) counts neither way.

Used by `make bench`, the devset ratchet test and `python -m baocao.importer.scoring DIR`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from baocao.vn import find_numbers


@dataclass
class Score:
    name: str
    hits: int = 0
    found: int = 0  # facts counted (uncertain ones left out)
    gold: int = 0
    wrong: list[tuple[str, Decimal]] = field(default_factory=list)
    missed: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 1.0

    def add(self, other: Score) -> None:
        self.hits += other.hits
        self.found += other.found
        self.gold += other.gold

    def line(self) -> str:
        return (
            f"{self.name:>28}: P {self.precision:.3f} ({self.hits}/{self.found})  "
            f"R {self.recall:.3f} ({self.hits}/{self.gold})"
        )


def _value(v) -> Decimal:
    return Decimal(str(v))


def load_annotation(path: Path) -> tuple[list[tuple[str, Decimal]], set[Decimal]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    gold = [(f["code"], _value(f["value"])) for f in data.get("facts") or []]
    unsure: set[Decimal] = set()
    for item in data.get("uncertain") or []:
        if "value" in item:
            unsure.add(_value(item["value"]))
        for n in find_numbers(str(item.get("number", ""))):
            unsure.add(n.value)
            if n.denominator is not None:
                unsure.add(n.denominator)
    return gold, unsure


def score(name: str, found: list[tuple[str, Decimal]], annotation: Path) -> Score:
    gold, unsure = load_annotation(annotation)
    s = Score(name, gold=len(gold))
    left = list(gold)
    for fact in found:
        if fact in left:
            left.remove(fact)
            s.hits += 1
            s.found += 1
        elif fact[1] in unsure or fact in gold:  # a duplicate of a gold fact is no error
            continue
        else:
            s.found += 1
            s.wrong.append(fact)
    s.missed = left
    return s


def score_file(text_path: Path) -> Score:
    from baocao.importer.extract import extract

    facts = extract(text_path.read_bytes(), text_path.name, rules=False).facts
    found = [(f.code, f.value) for f in facts]
    annotation = text_path.with_name(text_path.name.removesuffix(".txt") + ".facts.yaml")
    return score(text_path.stem, found, annotation)


def score_dir(folder: Path, names: list[str] | None = None) -> tuple[Score, list[Score]]:
    paths = sorted(p for p in folder.glob("*.txt") if p.with_suffix(".facts.yaml").exists())
    if names is not None:
        paths = [p for p in paths if p.stem in names]
    each = [score_file(p) for p in paths]
    pooled = Score("pooled")
    for s in each:
        pooled.add(s)
    return pooled, each


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    for arg in [a for a in argv if a != "-v"]:
        pooled, each = score_dir(Path(arg))
        for s in each:
            print(s.line())
            if verbose:
                for f in s.wrong:
                    print(f"{'':>30}wrong  {f[0]} = {f[1]}")
                for f in s.missed:
                    print(f"{'':>30}missed {f[0]} = {f[1]}")
        print(pooled.line())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
