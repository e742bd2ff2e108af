"""Aggregation by kind, against figures added up by hand: flows add over months,
stocks take the last month, rates are recomputed from their counts (never averaged)."""

from decimal import Decimal

import pytest

from baocao.analytics.aggregate import AnalyticsError, compare, pivot
from baocao.catalog.periods import Period, month_range
from tests.analytics.helpers import report, unit

JAN, FEB = Period.month(2031, 1), Period.month(2031, 2)
D = Decimal


@pytest.fixture
def two_units(db):
    a, b = unit("98001"), unit("98002")
    report(a, "2031-01", {
        "tthc.received": 100, "donthu.pending": 5,
        "tthc.received.online": 30, "tthc.received.direct": 60, "tthc.online.rate": 99,
        "vanhoa.families_cultural": 90, "vanhoa.families_total": 100,
        "tthc.digitized.result_rate": 100,
    })  # fmt: skip
    report(a, "2031-02", {
        "tthc.received": 120, "donthu.pending": 7,
        "tthc.received.online": 50, "tthc.received.direct": 50,
        "vanhoa.families_cultural": 95, "vanhoa.families_total": 100,
        "tthc.digitized.result_rate": 98,
    })  # fmt: skip
    report(b, "2031-01", {
        "tthc.received": 10, "donthu.pending": 2,
        "tthc.received.online": 9, "tthc.received.direct": 1,
        "vanhoa.families_cultural": 40, "vanhoa.families_total": 50,
    })  # fmt: skip
    report(b, "2031-02", {
        "tthc.received": 20,
        "tthc.received.online": 5, "tthc.received.direct": 15,
        "vanhoa.families_cultural": 45, "vanhoa.families_total": 50,
    })  # fmt: skip
    return a, b


def run(units, codes):
    return pivot(codes, [JAN, FEB], units=[u.pk for u in units])


def test_a_flow_adds_over_units_and_over_months(two_units):
    a, b = two_units
    p = run(two_units, ["tthc.received"])
    assert p.cell("tthc.received", a.pk, "2031-02") == 120
    assert p.row_totals[("tthc.received", a.pk)] == 220
    assert p.row_totals[("tthc.received", b.pk)] == 30
    assert p.period_totals[("tthc.received", "2031-01")] == 110
    assert p.period_totals[("tthc.received", "2031-02")] == 140
    assert p.totals["tthc.received"] == 250


def test_a_stock_adds_over_units_and_takes_the_last_month_over_time(two_units):
    a, b = two_units
    p = run(two_units, ["donthu.pending"])
    assert p.row_totals[("donthu.pending", a.pk)] == 7  # February, not 5 + 7
    assert p.row_totals[("donthu.pending", b.pk)] == 2  # B's last figure is January's
    assert p.period_totals[("donthu.pending", "2031-01")] == 7
    assert p.period_totals[("donthu.pending", "2031-02")] == 7  # B did not report it
    assert p.totals["donthu.pending"] == 7
    assert p.cell("donthu.pending", b.pk, "2031-02") is None  # absent is not zero


def test_a_rate_is_recomputed_from_its_counts_never_averaged(two_units):
    a, b = two_units
    p = run(two_units, ["tthc.online.rate"])
    code = "tthc.online.rate"
    # online / (online + direct), each cell: A typed 99% in January, the counts say 33,33%.
    assert p.cell(code, a.pk, "2031-01") == D("33.33")
    assert p.cell(code, b.pk, "2031-02") == D("25.00")
    assert p.row_totals[(code, a.pk)] == D("42.11")  # 80 / 190
    assert p.row_totals[(code, b.pk)] == D("46.67")  # 14 / 30
    assert p.period_totals[(code, "2031-01")] == D("39.00")  # 39 / 100
    assert p.totals[code] == D("42.73")  # 94 / 220
    average_of_cells = (D("33.33") + D("50") + D("90") + D("25")) / 4
    assert p.totals[code] != average_of_cells.quantize(D("0.01"))


def test_a_rate_over_stocks_takes_the_last_months_counts(two_units):
    a, _ = two_units
    p = run(two_units, ["vanhoa.families_rate"])
    assert p.row_totals[("vanhoa.families_rate", a.pk)] == D("95.00")
    assert p.period_totals[("vanhoa.families_rate", "2031-02")] == D("93.33")  # 140 / 150
    assert p.totals["vanhoa.families_rate"] == D("93.33")


def test_a_rate_without_counts_is_shown_as_stated_and_never_totalled(two_units):
    a, _ = two_units
    p = run(two_units, ["tthc.digitized.result_rate"])
    assert p.cell("tthc.digitized.result_rate", a.pk, "2031-01") == 100
    assert ("tthc.digitized.result_rate", a.pk) not in p.row_totals
    assert "tthc.digitized.result_rate" not in p.totals


def test_ranking_orders_units_by_their_total(two_units):
    a, b = two_units
    ranking = run(two_units, ["tthc.received"]).ranking("tthc.received")
    assert [(rank, row.code, value) for rank, row, value in ranking] == [
        (1, "98001", 220),
        (2, "98002", 30),
    ]


def test_year_to_date_and_same_month_last_year(two_units):
    a, b = two_units
    report(a, "2030-02", {"tthc.received": 100})
    report(b, "2030-02", {"tthc.received": 40})
    report(a, "2030-01", {"tthc.received": 50})
    report(b, "2030-01", {"tthc.received": 10})
    [c] = compare(["tthc.received"], FEB, units=[a.pk, b.pk])
    assert (c.month, c.month_last_year, c.month_change) == (140, 140, D("0.0"))
    assert (c.ytd, c.ytd_last_year) == (250, 200)
    assert c.ytd_complete and c.ytd_change == D("25.0")


def test_an_unknown_indicator_is_refused_in_vietnamese(db):
    with pytest.raises(AnalyticsError, match="Không có chỉ tiêu"):
        pivot(["khong.co"], [JAN])


def test_figures_of_predecessors_are_summed_into_their_successor_before_the_merger(db):
    successor = unit("98010", valid_from=Period.month(2025, 7).window("calendar")[0])
    before = {"valid_to": Period.month(2025, 6).window("calendar")[1], "successor": successor}
    first = unit("98011", parent=None, **before)
    second = unit("98012", parent=None, **before)
    for p, one, two in (("2025-05", 30, 12), ("2025-06", 40, 15)):
        report(first, p, {"tthc.received": one, "donthu.pending": one // 10})
        report(second, p, {"tthc.received": two, "donthu.pending": two // 10})
    report(successor, "2025-07", {"tthc.received": 70, "donthu.pending": 6})
    report(successor, "2026-05", {"tthc.received": 63})
    periods = month_range(Period.month(2025, 5), Period.month(2025, 7))
    p = pivot(["tthc.received", "donthu.pending"], periods, units=[successor.pk])
    assert [r.code for r in p.rows] == ["98010"]  # predecessors are not rows of their own
    series = [p.cell("tthc.received", successor.pk, k) for k in p.keys]
    assert series == [42, 55, 70]
    assert p.cell("donthu.pending", successor.pk, "2025-06") == 5  # 4 + 1: stocks add too
    assert p.row_totals[("tthc.received", successor.pk)] == 167
    [c] = compare(["tthc.received"], Period.month(2026, 5), units=[successor.pk])
    assert (c.month, c.month_last_year, c.month_change) == (63, 42, D("50.0"))


def test_a_successors_own_report_wins_over_its_predecessors_for_the_same_month(db):
    successor = unit("98020")
    old = unit("98021", parent=None, successor=successor)
    report(old, "2025-06", {"tthc.received": 30})
    report(successor, "2025-06", {"tthc.received": 33})  # e.g. restated after the merger
    p = pivot(["tthc.received"], [Period.month(2025, 6)], units=[successor.pk])
    assert p.cell("tthc.received", successor.pk, "2025-06") == 33


def test_a_stocks_row_totals_ranks_and_rates_stay_right_for_rows_outside_the_page(db):
    # The page (cells_of) fetches the first unit's cells only; a stock's row total is
    # still each row's latest month with a figure, which differs by row and by stock.
    a, b, c = unit("98031"), unit("98032"), unit("98033")
    report(a, "2031-01", {"giamngheo.poor": 10, "dancu.households": 100})
    report(a, "2031-02", {"giamngheo.poor": 8, "dancu.households": 100})
    report(b, "2031-01", {"giamngheo.poor": 50, "dancu.households": 100})
    report(b, "2031-02", {"dancu.households": 250})  # B's households: February
    report(b, "2031-03", {"giamngheo.poor": 30})  # B's poor: March, fewer than January
    report(c, "2031-01", {"giamngheo.poor": 40, "dancu.households": 400})
    codes = ["giamngheo.poor", "dancu.households", "giamngheo.poor_rate"]
    periods = [JAN, FEB, Period.month(2031, 3)]
    ids = [a.pk, b.pk, c.pk]
    paged = pivot(codes, periods, units=ids, cells_of=lambda rows: rows[:1])
    whole = pivot(codes, periods, units=ids)

    assert paged.cell("giamngheo.poor", a.pk, "2031-02") == 8
    assert paged.cell("giamngheo.poor_rate", a.pk, "2031-02") == D("8.00")
    assert paged.cell("giamngheo.poor", b.pk, "2031-03") is None  # outside the page
    assert whole.cell("giamngheo.poor", b.pk, "2031-03") == 30
    poor = {u.pk: paged.row_totals[("giamngheo.poor", u.pk)] for u in (a, b, c)}
    assert poor == {a.pk: 8, b.pk: 30, c.pk: 40}  # the latest, not the largest nor the sum
    households = {u.pk: paged.row_totals[("dancu.households", u.pk)] for u in (a, b, c)}
    assert households == {a.pk: 100, b.pk: 250, c.pk: 400}
    rate = {u.pk: paged.row_totals[("giamngheo.poor_rate", u.pk)] for u in (a, b, c)}
    assert rate == {a.pk: D("8.00"), b.pk: D("12.00"), c.pk: D("10.00")}  # 30 / 250
    ranked = paged.ranking("giamngheo.poor_rate", descending=False)
    assert [(n, row.code, value) for n, row, value in ranked] == [
        (1, "98031", D("8.00")),
        (2, "98033", D("10.00")),
        (3, "98032", D("12.00")),
    ]
    assert paged.totals["giamngheo.poor"] == 30  # March's total: only B reported it
    assert paged.totals["giamngheo.poor_rate"] == D("8.57")  # 30 / 350 (February's)
    for code in codes:
        assert paged.ranking(code) == whole.ranking(code)
    assert (paged.row_totals, paged.period_totals, paged.totals) == (
        whole.row_totals,
        whole.period_totals,
        whole.totals,
    )


def test_a_rates_cell_without_its_counts_keeps_a_stated_figure_only_if_one_reports(db):
    # A rate's cell is found from its counts in the same row of the pivot's SQL; where
    # a count is missing (or the whole is 0) the stated rate stays if it is one
    # report's own, and a successor's cell that sums two former communes shows none.
    successor = unit("98040", valid_from=Period.month(2025, 7).window("calendar")[0])
    before = {"valid_to": Period.month(2025, 6).window("calendar")[1], "successor": successor}
    first = unit("98041", parent=None, **before)
    second = unit("98042", parent=None, **before)
    code = "tthc.online.rate"
    report(first, "2025-05", {code: 55})  # alone that month, no counts
    report(first, "2025-06", {code: 40, "tthc.received.online": 4})  # no direct count
    report(second, "2025-06", {code: 70})
    report(successor, "2025-07", {code: 80, "tthc.received.online": 8})
    report(successor, "2025-08", {code: 12, "tthc.received.online": 0, "tthc.received.direct": 0})
    report(successor, "2025-09", {"tthc.received.online": 3, "tthc.received.direct": 1})
    periods = month_range(Period.month(2025, 5), Period.month(2025, 9))
    p = pivot([code], periods, units=[successor.pk])
    assert [p.cell(code, successor.pk, k) for k in p.keys] == [55, None, 80, 12, D("75.00")]
    assert p.reports[(code, "2025-06")] == 2
    assert [p.period_totals.get((code, k)) for k in p.keys] == [None] * 4 + [D("75.00")]
    assert p.row_totals[(code, successor.pk)] == D("93.75")  # 15 online / (15 + 1 direct)
    # The counts read for the rate are totalled but are no cells of their own.
    assert p.cell("tthc.received.online", successor.pk, "2025-09") is None
    assert p.period_totals[("tthc.received.online", "2025-09")] == 3
