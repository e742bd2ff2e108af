"""The rules shipped with baocao, built without Django for `baocao extract`, are the
rules a new installation's database has: the same rules, catalog and findings."""

import pytest

from baocao.analytics.city_report import COMPLETENESS_GROUP
from baocao.importer.extract import extract_file, numeric_findings
from baocao.rules.engine import current_ruleset
from baocao.rules.models import Rule
from baocao.rules.shipped import shipped_ruleset
from tests.conftest import SHARED

# The seeds and the development set: every report file the importer is scored on.
FILES = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "devset").glob("*.txt"))
RULE_FIELDS = ("code", "title", "kind", "severity", "target", "expression", "message")
INDICATOR_FIELDS = ("name", "unit", "kind", "parts", "partial", "of", "better", "is_money")


def test_the_shipped_rules_are_the_databases_of_a_new_installation(db):
    # The test database holds the catalog as ensure_catalog loads it (the demo's).
    database, shipped = current_ruleset(), shipped_ruleset()

    def fields(rules):  # the order of the database's codes may follow its collation
        return sorted(tuple(getattr(r, f) for f in RULE_FIELDS) for r in rules)

    assert len(shipped.rules) > 50 and len(shipped.compiled) == 21
    assert fields(shipped.rules) == fields(database.rules)
    assert {rule.code for rule in shipped.rules if rule.pk in shipped.compiled} == {
        rule.code for rule in database.rules if rule.pk in database.compiled
    }
    # The city report's completeness figures live in the database only (the demo's city
    # report made them); no commune file states them, and no rule names them.
    city = {c for c, i in database.indicators.items() if i.group == COMPLETENESS_GROUP}
    assert list(shipped.indicators) == [c for c in database.indicators if c not in city]
    for code, indicator in shipped.indicators.items():
        ours, theirs = indicator, database.indicators[code]
        assert [getattr(ours, f) for f in INDICATOR_FIELDS] == [
            getattr(theirs, f) for f in INDICATOR_FIELDS
        ], code
    assert shipped.ratios == {c: r for c, r in database.ratios.items() if c not in city}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_file_has_the_same_findings_with_the_shipped_and_the_database_rules(db, path):
    facts = extract_file(path, rules=False).facts
    shipped = [f.as_json() for f in numeric_findings(facts, shipped_ruleset())]
    database = [f.as_json() for f in numeric_findings(facts)]
    assert shipped == database


def test_the_files_give_findings_to_compare():
    # Not a vacuous comparison: a third of the files break rules, of both severities.
    found = [numeric_findings(extract_file(p, rules=False).facts, shipped_ruleset()) for p in FILES]
    assert len(FILES) >= 20 and sum(bool(f) for f in found) >= len(FILES) // 3
    assert {f.severity for fs in found for f in fs} == {"error", "warning"}
    assert len({f.rule for fs in found for f in fs}) >= 5


def test_an_administrators_choice_applies_to_the_database_rules_only(db):
    facts = extract_file(SHARED / "seeds" / "002_c69ecaed7d58e06f.txt", rules=False).facts
    Rule.objects.filter(code="breakdown:ngansach.revenue").update(enabled=False)
    assert "breakdown:ngansach.revenue" not in {f.rule for f in numeric_findings(facts)}
    shipped = numeric_findings(facts, shipped_ruleset())
    assert "breakdown:ngansach.revenue" in {f.rule for f in shipped}
