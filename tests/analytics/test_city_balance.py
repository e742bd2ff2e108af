"""The city's summary balances: its figures are the communes' totals, its report is
checked by the same rules as a commune's, and a commune whose figures break an
error-level rule is left out of the totals of the figures that rule ties together."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from baocao.analytics.city_report import prepare_city_report
from baocao.catalog.periods import Period
from baocao.reports.models import Value
from baocao.reports.services import report_values
from baocao.rules.text import report_findings

TTHC = ("tthc.received", "tthc.resolved", "tthc.in_progress")


def communes_total(code: str, period: str, *, without: tuple[str, ...] = ()) -> Decimal:
    rows = Value.objects.filter(
        indicator__code=code,
        report__period=period,
        report__template__code="ubnd-monthly",
        report__unit__parent__code="31",
        report__unit__valid_to__isnull=True,
    ).exclude(report__unit__code__in=without)
    return rows.aggregate(total=Sum("value"))["total"]


def test_the_city_balances_when_a_commune_left_a_figure_out(db):
    # Phường Kiến An did not report tthc.received for 11/2025 (demo/load.py).
    report = prepare_city_report(period=Period.month(2025, 11))
    values = report_values(report)
    received, resolved, in_progress = (values[c] for c in TTHC)
    assert received == resolved + in_progress
    assert resolved == communes_total("tthc.resolved", "2025-11", without=("11443",))
    assert in_progress == communes_total("tthc.in_progress", "2025-11", without=("11443",))
    assert received == communes_total("tthc.received", "2025-11")  # Kiến An gave none
    assert not [f for f in report_findings(report) if f.is_error]
    assert values["tonghop.units_left_out"] >= 1


def test_the_city_balances_when_a_commune_broke_the_rule(db):
    # Phường Lê Chân, 09/2025: more files in progress than received (demo/load.py).
    report = prepare_city_report(period=Period.month(2025, 9))
    values = report_values(report)
    assert values["tthc.received"] == values["tthc.resolved"] + values["tthc.in_progress"]
    assert values["tthc.received"] == communes_total("tthc.received", "2025-09", without=("11383",))
    # Lê Chân's other figures still count: its revenue is in the city's total.
    assert values["ngansach.revenue"] == communes_total("ngansach.revenue", "2025-09")
    assert values["tonghop.units_left_out"] == 1


def test_the_city_report_is_checked_by_the_communes_rules(db):
    report = prepare_city_report(period=Period.month(2025, 10))
    value = report.values.get(indicator__code="tthc.in_progress")
    Value.objects.filter(pk=value.pk).update(value=value.value + 1)
    errors = [f for f in report_findings(report) if f.is_error]
    assert [f.rule for f in errors] == ["tthc.balance"]
    assert "phải bằng số đã giải quyết" in errors[0].message
