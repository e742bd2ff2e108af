"""The roll-up per province and month (analytics_rollup) follows every write that can
change a province's sum: figures changed, added, deleted; reports created, deleted,
moved; communes merged or moved to another province. After each, the table equals
the GROUP BY of the fact table, and the national pivot read from it equals the pivot
from the facts. Runs on the suite's database (SQLite, or PostgreSQL with DATABASE_URL)."""

from decimal import Decimal

import pytest
from django.db import connection

from baocao.analytics import triggers
from baocao.analytics.aggregate import BY_PROVINCE, pivot
from baocao.analytics.models import Rollup
from baocao.catalog.models import Indicator, ReportTemplate, Unit
from baocao.catalog.periods import Period, month_range
from baocao.reports.models import Report, Value
from tests.analytics.helpers import report, unit

FOUR = Decimal("0.0001")
CODES = ["tthc.received", "tthc.online.rate", "donthu.pending", "giamngheo.poor_rate"]
MONTHS = month_range(Period.month(2025, 1), Period.month(2025, 12))


def recomputed() -> dict:
    """The roll-up as the fact table says it should be (0002's COPY without storing)."""
    select = triggers._rollup.COPY.split("\n", 1)[1]
    with connection.cursor() as cursor:
        cursor.execute(select)
        return {tuple(r[:4]): (Decimal(str(r[4])).quantize(FOUR), r[5]) for r in cursor.fetchall()}


def stored() -> dict:
    return {
        (r.template_id, r.indicator_id, r.period, r.province_id): (
            Decimal(str(r.total)).quantize(FOUR),
            r.n,
        )
        for r in Rollup.objects.filter(n__gt=0)
    }


def assert_consistent():
    assert stored() == recomputed()
    fast = pivot(CODES, MONTHS, by=BY_PROVINCE)
    slow = pivot(CODES, MONTHS, by=BY_PROVINCE, rollup=False)
    assert fast.totals == slow.totals
    assert fast.period_totals == slow.period_totals
    assert fast.row_totals == slow.row_totals
    shown = {k: v for k, v in fast.cells.items() if k[1]}  # province 0 / None is not a row
    assert shown == {k: v for k, v in slow.cells.items() if k[1]}


def province_total(province: Unit, code: str, period: str) -> Decimal | None:
    ind = Indicator.objects.get(code=code)
    row = Rollup.objects.filter(
        template_id=ReportTemplate.objects.get(code="ubnd-monthly").pk,
        province_id=province.pk,
        indicator_id=ind.pk,
        period=period,
    ).first()
    return Decimal(str(row.total)).quantize(FOUR) if row and row.n else None


@pytest.fixture
def city(db):
    return Unit.objects.get(code="31")


def test_the_demo_rollup_equals_the_fact_table(city):
    assert triggers.triggers_installed()
    assert Rollup.objects.filter(province_id=city.pk).exists()
    assert_consistent()


def test_a_changed_figure_moves_the_province_sum(city):
    before = province_total(city, "tthc.received", "2025-11")
    value = Value.objects.filter(
        report__period="2025-11",
        report__template__code="ubnd-monthly",
        indicator__code="tthc.received",
    ).first()
    value.value += Decimal("1000.5")
    value.save()
    assert province_total(city, "tthc.received", "2025-11") == before + Decimal("1000.5")
    value.delete()
    assert province_total(city, "tthc.received", "2025-11") == before - value.value + Decimal(
        "1000.5"
    )
    assert_consistent()


def test_a_new_report_adds_and_a_deleted_one_subtracts(city):
    before = province_total(city, "tthc.received", "2025-11")
    mine = report(unit("98001"), "2025-11", {"tthc.received": 7, "tthc.resolved": 5})
    assert province_total(city, "tthc.received", "2025-11") == before + 7
    mine.values.all().delete()
    mine.delete()
    assert province_total(city, "tthc.received", "2025-11") == before
    assert_consistent()


def test_former_communes_count_until_their_successor_reports(city):
    """A predecessor's figure adds into its successor's province for the months the
    successor has no report of its own; the successor's report, once made, wins."""
    before = province_total(city, "tthc.received", "2025-03")
    successor = unit("98010")
    old = [unit(f"9802{i}", parent=None, successor=successor) for i in range(2)]
    for former in old:
        report(former, "2025-03", {"tthc.received": 10})
    assert province_total(city, "tthc.received", "2025-03") == before + 20
    assert_consistent()
    own = report(successor, "2025-03", {"tthc.received": 3})
    assert province_total(city, "tthc.received", "2025-03") == before + 3
    assert_consistent()
    own.values.all().delete()
    own.delete()
    assert province_total(city, "tthc.received", "2025-03") == before + 20
    # A report moved to another month: the predecessors count again in its old month.
    moved = report(successor, "2025-03", {"tthc.received": 4})
    moved.period = "2025-04"
    moved.save()
    assert province_total(city, "tthc.received", "2025-03") == before + 20
    assert_consistent()


def test_a_commune_moved_or_merged_moves_its_figures(city):
    other = Unit.objects.create(code="98", name="Tỉnh Thử", kind=Unit.CITY)
    commune = unit("98030")
    report(commune, "2025-05", {"tthc.received": 11})
    before = province_total(city, "tthc.received", "2025-05")
    commune.parent = other
    commune.save()
    assert province_total(other, "tthc.received", "2025-05") == 11
    assert province_total(city, "tthc.received", "2025-05") == before - 11
    assert_consistent()
    # Merged into a commune of the city: its figures follow the successor's province.
    successor = unit("98031")
    commune.successor, commune.parent = successor, None
    commune.save()
    assert province_total(other, "tthc.received", "2025-05") is None
    assert province_total(city, "tthc.received", "2025-05") == before
    # The successor moves: its predecessors' figures move with it.
    successor.parent = other
    successor.save()
    assert province_total(other, "tthc.received", "2025-05") == 11
    assert_consistent()


def test_a_status_change_does_not_rewrite_the_facts(city):
    """0002 recreated the facts' report trigger with a WHEN clause: saving a report
    that did not move leaves its facts and the roll-up alone."""
    mine = report(unit("98040"), "2025-11", {"tthc.received": 7}, status=Report.DRAFT)
    rollup = stored()
    mine.status = Report.SUBMITTED
    mine.save()
    assert stored() == rollup
    assert_consistent()


def test_a_bulk_load_rebuilds_the_rollup(city):
    with triggers.facts_rebuilt_after():
        report(unit("98050"), "2025-11", {"tthc.received": 9})
    assert triggers.triggers_installed()
    assert_consistent()
