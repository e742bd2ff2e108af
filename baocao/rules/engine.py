"""Running the rules on a report's figures and returning findings.

The rules and the catalog they read are the database's (`current_ruleset`), or the
ones shipped with baocao as plain objects (`shipped.shipped_ruleset`, for `baocao
extract` without Django): the checks only read their attributes, and the database's
modules are imported where the database is read."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from baocao import vn
from baocao.rules.data import ReportData, reports_data
from baocao.rules.derived import derive, ratio_codes
from baocao.rules.kinds import (
    BREAKDOWN,
    ERROR,
    EXPRESSION,
    INDICATOR_RATE,
    MANDATORY,
    OUTLIER,
    RANGE,
    RATE,
    WARNING,
)
from baocao.rules.language import Expression, RuleError, compile_rule

if TYPE_CHECKING:  # or shipped.CatalogIndicator and shipped.ShippedRule
    from baocao.catalog.models import Indicator
    from baocao.reports.models import Report
    from baocao.rules.models import Rule


@dataclass(frozen=True)
class Finding:
    severity: str  # error | warning
    rule: str
    message: str
    codes: tuple[str, ...]
    values: dict[str, Decimal | None] = field(default_factory=dict, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_json(self) -> dict:
        """The `findings` item of DESIGN.md, plus the figures involved."""
        return {
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "codes": list(self.codes),
            "values": {k: (None if v is None else _json_number(v)) for k, v in self.values.items()},
        }


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class RuleSet:
    """Enabled rules, compiled once (by pk), with the catalog they read."""

    rules: list[Rule]
    compiled: dict[int | str, Expression]
    indicators: dict[str, Indicator]
    ratios: dict[str, tuple[str, str]]


_cache: dict[tuple, RuleSet] = {}


def compile_ruleset(rules: list[Rule], indicators: dict[str, Indicator]) -> RuleSet:
    compiled = {}
    for rule in rules:
        if rule.kind == EXPRESSION:
            try:
                compiled[rule.pk] = compile_rule(rule.expression, indicators)
            except RuleError:
                continue  # saved before a catalog change; the admin shows it as invalid
    return RuleSet(rules, compiled, indicators, ratio_codes(indicators.values()))


def current_ruleset() -> RuleSet:
    """The database's enabled rules over its catalog (an administrator's own rules and
    choices of enabled and severity)."""
    from baocao.catalog.models import Indicator
    from baocao.rules.models import Rule

    # One small query tells whether any rule changed since the rules were compiled.
    key = (
        hash(tuple(Rule.objects.values_list("id", "enabled", "severity", "updated_at"))),
        Indicator.objects.count(),
    )
    if key not in _cache:
        _cache.clear()
        indicators = {i.code: i for i in Indicator.objects.all()}
        rules = list(Rule.objects.filter(enabled=True).order_by("code"))
        _cache[key] = compile_ruleset(rules, indicators)
    return _cache[key]


def check_data(data: ReportData, ruleset: RuleSet | None = None) -> list[Finding]:
    ruleset = ruleset or current_ruleset()
    derived = derive(data, ruleset.ratios)
    findings: list[Finding] = []
    for rule in ruleset.rules:
        check = CHECKS[rule.kind]
        findings.extend(check(rule, data, ruleset, derived))
    return sorted(findings, key=lambda f: (f.severity != ERROR, f.rule))


def check_values(
    values: dict[str, Decimal], ruleset: RuleSet | None = None, **context
) -> list[Finding]:
    """Rules over a plain dict of figures (a facts file), with optional context; the
    database's rules unless a rule set is given."""
    return check_data(ReportData(current=dict(values), **context), ruleset)


def check_reports(reports: list[Report]) -> dict[int, list[Finding]]:
    ruleset = current_ruleset()
    return {pk: check_data(data, ruleset) for pk, data in reports_data(reports).items()}


def check_report(report: Report) -> list[Finding]:
    return check_reports([report])[report.pk]


# --- one function per kind of rule ---------------------------------------------------


def money_or_number(code: str, value: Decimal | None, indicators: dict[str, Indicator]) -> str:
    if value is None:
        return "?"
    indicator = indicators.get(code)
    whole = value == value.to_integral_value()  # "tỷ, triệu" words need whole đồng
    if indicator is not None and indicator.is_money and abs(value) >= 1_000_000 and whole:
        return f"{vn.format_money(value, style='ty')} đồng"
    unit = f" {indicator.unit}" if indicator is not None and indicator.unit != "%" else ""
    return f"{vn.format_number(value)}{'%' if indicator is not None and indicator.unit == '%' else unit}"


def part_values(
    code: str, values: dict[str, Decimal], indicators: dict[str, Indicator]
) -> dict[str, Decimal]:
    """The figures standing for a part: its own value, or when it is not stated, its
    own reported parts (tthc.resolved.early when tthc.resolved.timely is not given)."""
    if code in values:
        return {code: values[code]}
    indicator = indicators.get(code)
    found: dict[str, Decimal] = {}
    for part in indicator.parts if indicator is not None else []:
        found.update(part_values(part, values, indicators))
    return found


def check_breakdown(rule: Rule, data: ReportData, ruleset: RuleSet, derived) -> list[Finding]:
    indicator = ruleset.indicators.get(rule.target)
    total = data.current.get(rule.target)
    if indicator is None or total is None or not indicator.parts:
        return []
    known: dict[str, Decimal] = {}
    covered = 0  # parts with a figure, stated or from their own parts
    for part in indicator.parts:
        found = part_values(part, data.current, ruleset.indicators)
        known.update(found)
        covered += bool(found)
    if not known:
        return []
    summed = sum(known.values())
    if summed == total:
        return []
    names = " + ".join(
        f"{ruleset.indicators[p].name.lower()} {money_or_number(p, v, ruleset.indicators)}"
        for p, v in known.items()
    )
    shown_total = money_or_number(rule.target, total, ruleset.indicators)
    values = {rule.target: total, **known}
    codes = (rule.target, *known)
    if summed > total:
        gap = money_or_number(rule.target, summed - total, ruleset.indicators)
        message = f"{indicator.name}: {shown_total} nhưng các thành phần cộng lại lớn hơn ({names}), vượt {gap}."
        return [Finding(rule.severity, rule.code, message, codes, values)]
    gap = money_or_number(rule.target, total - summed, ruleset.indicators)
    complete = covered == len(indicator.parts)
    if indicator.partial or not complete:
        message = f"{indicator.name}: {shown_total} nhưng các thành phần được nêu chỉ cộng được {names}; còn {gap} chưa rõ."
        return [Finding(WARNING, rule.code, message, codes, values)]
    message = f"{indicator.name}: {shown_total} khác tổng các thành phần ({names}), lệch {gap}."
    return [Finding(rule.severity, rule.code, message, codes, values)]


def stated_tolerance(value: Decimal) -> Decimal:
    """A rate written with d decimals may be off by one unit of its last digit
    (officials truncate as often as they round): 85% ± 1, 96,5% ± 0,1, 88,73% ± 0,05."""
    exponent = value.normalize().as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return max(Decimal("0.05"), Decimal(1).scaleb(-decimals))


def check_rate(rule: Rule, data: ReportData, ruleset: RuleSet, derived) -> list[Finding]:
    stated = data.current.get(rule.target)
    computed = derived.get(rule.target)
    if stated is None or computed is None or abs(stated - computed) <= stated_tolerance(stated):
        return []
    indicator = ruleset.indicators[rule.target]
    operands = ruleset.ratios.get(rule.target)
    if operands and all(o in data.current for o in operands):
        how = f"{vn.format_number(data.current[operands[0]])}/{vn.format_number(data.current[operands[1]])} = {vn.format_percent(computed)}"
        codes = (rule.target, *operands)
    else:
        how = f"tính từ số liệu là {vn.format_percent(computed)}"
        codes = (rule.target,)
    message = f"{indicator.name} ghi {vn.format_percent(stated)} nhưng {how}."
    return [
        Finding(
            rule.severity, rule.code, message, codes, {rule.target: stated, "computed": computed}
        )
    ]


def check_range(rule: Rule, data: ReportData, ruleset: RuleSet, derived) -> list[Finding]:
    stated = data.current.get(rule.target)
    if stated is None or 0 <= stated <= 100:
        return []
    name = ruleset.indicators[rule.target].name
    return [
        Finding(
            rule.severity,
            rule.code,
            f"{name} là {vn.format_percent(stated)}: tỷ lệ phải trong khoảng 0–100%.",
            (rule.target,),
            {rule.target: stated},
        )
    ]


def check_mandatory(rule: Rule, data: ReportData, ruleset: RuleSet, derived) -> list[Finding]:
    findings = []
    for code in data.mandatory:
        if code not in data.current and code not in derived and code in ruleset.indicators:
            name = ruleset.indicators[code].name
            findings.append(
                Finding(
                    rule.severity,
                    rule.code,
                    f"Thiếu số liệu bắt buộc: {name}.",
                    (code,),
                    {code: None},
                )
            )
    return findings


MIN_HISTORY = 6
OUTLIER_Z = 8  # robust z-score: distance from the median in MADs
OUTLIER_RATIO = 3  # and at least three times (or a third of) the usual level


def check_outliers(rule: Rule, data: ReportData, ruleset: RuleSet, derived) -> list[Finding]:
    """A figure far outside the unit's last 12 periods: robust z-score on the median
    absolute deviation, so one odd month in the history does not hide the next."""
    if len(data.history) < MIN_HISTORY:
        return []
    findings = []
    ten, many, third = Decimal(10), Decimal(OUTLIER_RATIO + 1), 1 / Decimal(OUTLIER_RATIO)
    for code, value in data.current.items():
        indicator = ruleset.indicators.get(code)
        if indicator is None or indicator.kind == INDICATOR_RATE:
            continue
        last_year = data.last_year(code)
        if last_year is not None and abs(value - last_year) <= max(ten, abs(last_year) / 2):
            continue  # like the same month last year: seasonal, not odd (before the series)
        # Sorted once, for the signs and the median: most figures of a report come here.
        series = sorted([h[code] for h in data.history if code in h])
        if len(series) < MIN_HISTORY or 5 * series.count(0) >= len(series):
            continue  # too short, or intermittent (harvests, compensation payments): no usual level
        if value < 0 or series[0] < 0:
            continue  # a signed change (poor households +/-) has no "usual size"
        median = _median(series)
        ratio = (value / median) if median else many
        far = ratio > OUTLIER_RATIO or ratio < third
        if not far or abs(value - median) <= 10:
            continue  # near its usual level, as nearly all are: no spread to compute
        spread = Decimal("1.4826") * _median(sorted(abs(x - median) for x in series))
        spread = max(spread, Decimal("0.1") * abs(median), Decimal(1))
        if abs(value - median) / spread > OUTLIER_Z:
            shown = money_or_number(code, value, ruleset.indicators)
            usual = money_or_number(code, median, ruleset.indicators)
            message = f"{indicator.name} là {shown}, khác thường so với 12 kỳ trước (thường khoảng {usual}). Kiểm tra lại số liệu."
            findings.append(
                Finding(rule.severity, rule.code, message, (code,), {code: value, "median": median})
            )
    return findings


def _median(ordered: list[Decimal]) -> Decimal:
    """statistics.median of a sorted list (the same value, without sorting it again)."""
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def check_expression(rule: Rule, data: ReportData, ruleset: RuleSet, derived) -> list[Finding]:
    expression = ruleset.compiled.get(rule.pk)
    if expression is None or expression.evaluate(data.values) is not False:
        return []
    shown = {}
    for code in sorted(expression.codes):  # a frozenset's order changes with each process
        shown[code] = data.current.get(code)
        shown[f"prev.{code}"] = data.previous(code)
        shown[f"last_year.{code}"] = data.last_year(code)
        shown[f"target.{code}"] = data.target(code)

    from baocao.reports import prose  # when an expression rule fails

    def resolve(p: prose.Placeholder) -> str:
        value = shown.get(p.code)
        return "?" if value is None else prose.format_value(value, p.format)

    message = prose.plain(rule.message or rule.title, resolve)
    values = {k: v for k, v in shown.items() if k in expression.codes}
    return [Finding(rule.severity, rule.code, message, tuple(sorted(expression.codes)), values)]


CHECKS = {
    EXPRESSION: check_expression,
    BREAKDOWN: check_breakdown,
    RATE: check_rate,
    RANGE: check_range,
    MANDATORY: check_mandatory,
    OUTLIER: check_outliers,
}
