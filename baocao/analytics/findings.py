"""Every error and warning of one period's reports across the city, by rule and by
unit: the rules engine run on all of them at once (check_reports reads the
neighbours of 114 reports in a fixed number of queries)."""

from __future__ import annotations

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
    rules = sorted(by_rule.values(), key=lambda r: (r.severity != Rule.ERROR, -len(r.hits), r.code))
    return CityFindings(period, len(reports), by_unit, rules)
