from decimal import Decimal

import yaml

from baocao.catalog.models import Indicator, Unit
from baocao.reports.models import Report, Value
from tests.conftest import SHARED
from tests.factories import demo_report


def seed(name: str) -> dict:
    return yaml.safe_load((SHARED / "seeds" / name).read_text(encoding="utf-8"))


def test_demo_has_thirteen_months_for_every_commune(db):
    periods = sorted(set(Report.objects.values_list("period", flat=True)))
    assert periods[0] == "2024-11" and periods[-1] == "2025-11" and len(periods) == 13
    current = Report.objects.filter(template__code="ubnd-monthly", unit__valid_to__isnull=True)
    per_unit = current.values("unit").distinct().count()
    assert per_unit == 114
    assert current.count() == 114 * 13


def test_every_indicator_has_demo_values(db):
    with_values = set(Value.objects.values_list("indicator__code", flat=True).distinct())
    assert set(Indicator.objects.values_list("code", flat=True)) <= with_values


def test_seed_values_of_thach_khoi_november_2025(db):
    report = demo_report("11002", "2025-11")
    stored = dict(report.values.values_list("indicator__code", "value"))
    for fact in seed("002_c69ecaed7d58e06f.facts.yaml")["facts"]:
        assert stored[fact["code"]] == Decimal(str(fact["value"])), fact["code"]


def test_seed_values_of_dai_son_october_2025(db):
    report = demo_report("11086", "2025-10", template="dang-monthly")
    stored = dict(report.values.values_list("indicator__code", "value"))
    for fact in seed("000_a74f68ec347e13c9.facts.yaml")["facts"]:
        assert stored[fact["code"]] == Decimal(str(fact["value"])), fact["code"]


def test_zero_is_stored_as_zero_not_left_out(db):
    report = demo_report("11002", "2025-11")
    assert report.values.get(indicator__code="tthc.rejected").value == 0


def test_breakdowns_add_up_in_an_ordinary_demo_report(db):
    values = dict(demo_report("11560", "2025-06").values.values_list("indicator__code", "value"))
    for indicator in Indicator.objects.exclude(parts=[]):
        if indicator.code not in values or not all(p in values for p in indicator.parts):
            continue
        total = sum(values[p] for p in indicator.parts)
        if indicator.partial:
            assert total <= values[indicator.code], indicator.code
        else:
            assert total == values[indicator.code], indicator.code


def test_stocks_move_by_their_flows_month_to_month(db):
    before = dict(demo_report("11560", "2025-05").values.values_list("indicator__code", "value"))
    after = dict(demo_report("11560", "2025-06").values.values_list("indicator__code", "value"))
    assert after["tthc.received.carried_over"] == before["tthc.in_progress"]
    assert (
        after["donthu.pending"]
        == before["donthu.pending"] + after["donthu.received"] - after["donthu.resolved"]
    )
    assert after["giamngheo.poor"] == before["giamngheo.poor"] + after["giamngheo.poor_change"]


def test_phuong_are_larger_than_the_island_special_zone(db):
    def received(code):
        return demo_report(code, "2025-06").values.get(indicator__code="tthc.received").value

    bach_long_vi = Unit.objects.get(name="Đặc khu Bạch Long Vĩ").code
    assert received("11002") > 5 * received(bach_long_vi)


def test_the_current_month_has_reports_in_every_workflow_state(db):
    statuses = set(Report.objects.filter(period="2025-11").values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "approved", "accepted", "returned"}
