"""Every error and warning of one period's reports across the city, by rule and by
unit: the rules engine run on all of them at once (check_reports reads the
neighbours of 114 reports in a fixed number of queries)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from django.db.models import QuerySet

from baocao.analytics.completeness import ANALYTICS_TEMPLATE
from baocao.catalog.models import Unit
from baocao.catalog.periods import Period
from baocao.reports.models import Report
from baocao.rules.engine import Finding, check_reports
from baocao.rules.models import Rule


@dataclass
class UnitFindings:
    unit: Unit
    report: Report
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


@dataclass
class RuleFindings:
    code: str
    title: str
    severity: str
    hits: list[tuple[UnitFindings, Finding]] = field(default_factory=list)

    @property
    def units(self) -> list[tuple[UnitFindings, list[Finding]]]:
        """Each unit once, with its findings of this rule (a unit with four
        outliers is one unit, not four)."""
        out: dict[int, tuple[UnitFindings, list[Finding]]] = {}
        for found, finding in self.hits:
            out.setdefault(found.unit.pk, (found, []))[1].append(finding)
        return list(out.values())


@dataclass
class CityFindings:
    period: Period
    reports: int
    by_unit: list[UnitFindings]
    by_rule: list[RuleFindings]

    @property
    def errors(self) -> int:
        return sum(u.errors for u in self.by_unit)

    @property
    def warnings(self) -> int:
        return sum(u.warnings for u in self.by_unit)


def data_version() -> str:
    """Changes whenever a finding could: a figure written (every edit is audited,
    every insert takes a new id), a report added or its status changed, a rule edited.
    Each part is an index lookup, so asking costs a millisecond."""
    from django.db.models import Max

    from baocao.reports.models import AuditEntry, Value

    parts = [
        AuditEntry.objects.aggregate(m=Max("id"))["m"],
        Value.objects.aggregate(m=Max("id"))["m"],
        Report.objects.aggregate(m=Max("id"))["m"],
        Rule.objects.aggregate(m=Max("updated_at"))["m"],
        Rule.objects.count(),
    ]
    return ":".join(str(p) for p in parts)


def cached_city_findings(units: QuerySet[Unit], period: Period) -> CityFindings:
    """city_findings, kept until the data changes: checking the city's month reads
    13 months of 114 reports (about a second); the page is opened far more often
    than a figure changes."""
    from django.core.cache import cache

    ids = ",".join(str(pk) for pk in units.order_by("pk").values_list("pk", flat=True))
    key = f"city-findings:{period.key}:{zlib.crc32(f'{data_version()}|{ids}'.encode())}"
    found = cache.get(key)
    if found is None:
        found = city_findings(units, period)
        cache.set(key, found, 3600)
    return found


def city_findings(
    units: QuerySet[Unit], period: Period, *, template: str = ANALYTICS_TEMPLATE
) -> CityFindings:
    reports = list(
        Report.objects.filter(unit__in=units, template__code=template, period=period.key)
        .select_related("unit", "template")
        .order_by("unit__code")
    )
    results = check_reports(reports)
    titles = dict(Rule.objects.values_list("code", "title"))
    by_unit, by_rule = [], {}
    for report in reports:
        found = UnitFindings(report.unit, report, results.get(report.pk, []))
        if not found.findings:
            continue
        by_unit.append(found)
        for finding in found.findings:
            rule = by_rule.setdefault(
                finding.rule,
                RuleFindings(
                    finding.rule, titles.get(finding.rule, finding.rule), finding.severity
                ),
            )
            rule.hits.append((found, finding))
    by_unit.sort(key=lambda u: (-u.errors, -u.warnings, u.unit.code))
    rules = sorted(
        by_rule.values(), key=lambda r: (r.severity != Rule.ERROR, -len(r.units), r.code)
    )
    return CityFindings(period, len(reports), by_unit, rules)
