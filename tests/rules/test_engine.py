from decimal import Decimal

import pytest

from baocao.catalog.models import Target, Unit
from baocao.reports.models import Report
from baocao.rules.data import ReportData
from baocao.rules.engine import check_report, check_reports, check_values
from baocao.rules.facts_file import read_facts
from baocao.rules.models import Rule
from tests.conftest import SHARED
from tests.factories import demo_report

D = Decimal


def by_rule(findings):
    return {f.rule: f for f in findings}


# --- the two real reports -----------------------------------------------------------


def test_thach_khoi_facts_give_the_revenue_error_and_the_known_warnings(db):
    values, _ = read_facts(SHARED / "seeds" / "002_c69ecaed7d58e06f.facts.yaml")
    found = by_rule(check_values(values))
    revenue = found["breakdown:ngansach.revenue"]
    assert revenue.severity == "error"
    assert "11 tỷ 15 triệu" in revenue.message and "3 tỷ 882 triệu" in revenue.message
    assert "7 tỷ 233 triệu" in revenue.message and "vượt 100 triệu" in revenue.message
    assert found["breakdown:donthu.received"].severity == "warning"
    assert "còn 2 đơn" in found["breakdown:donthu.received"].message
    assert found["breakdown:tthc.resolved"].severity == "warning"
    assert (
        "1.443" in found["breakdown:tthc.resolved"].message
        and "còn 2 hồ sơ" in found["breakdown:tthc.resolved"].message
    )
    assert found["tthc.online_rate_matches_counts"].severity == "warning"
    assert [f.rule for f in check_values(values) if f.is_error] == ["breakdown:ngansach.revenue"]


def test_dai_son_facts_give_no_error_and_the_online_rate_warning(db):
    values, _ = read_facts(SHARED / "seeds" / "000_a74f68ec347e13c9.facts.yaml")
    findings = check_values(values)
    assert not [f for f in findings if f.is_error]
    assert "74,69%" in by_rule(findings)["tthc.online_rate_matches_counts"].message


# --- the demo ---------------------------------------------------------------------------

BREAKS = {
    ("11311", "2025-11"): "breakdown:ngansach.revenue",
    ("11341", "2025-10"): "breakdown:tthc.received",  # Ngô Quyền (national list code)
    ("11359", "2025-11"): "rate:vanhoa.families_rate",
    ("11383", "2025-09"): "tthc.in_progress_within_received",
    ("11407", "2025-11"): "giamngheo.poor_moves_by_change",
    ("11413", "2025-08"): "outlier",
    ("11443", "2025-11"): "mandatory",
    ("11446", "2025-11"): "donthu.resolved_within_open",
}


@pytest.mark.parametrize(("where", "rule"), list(BREAKS.items()))
def test_each_deliberate_demo_mistake_is_found(db, where, rule):
    findings = check_report(demo_report(*where))
    assert rule in {f.rule for f in findings}


def test_consistent_demo_reports_produce_no_error(db):
    reports = list(Report.objects.filter(period__gte="2025-06").select_related("template", "unit"))
    results = check_reports(reports)
    errors = {
        (r.unit.code, r.period, f.rule)
        for r in reports
        for f in results[r.pk]
        if f.is_error and (r.unit.code, r.period) not in BREAKS and r.unit.code != "11002"
    }
    assert errors == set()


def test_a_rule_disabled_by_the_administrator_no_longer_fires(db):
    Rule.objects.filter(code="breakdown:ngansach.revenue").update(enabled=False)
    assert "breakdown:ngansach.revenue" not in {
        f.rule for f in check_report(demo_report("11311", "2025-11"))
    }


# --- rule families on small dicts --------------------------------------------------------


def test_parts_exceeding_a_partial_total_are_an_error(db):
    found = by_rule(
        check_values({"donthu.received": D(5), "donthu.complaint": D(3), "donthu.petition": D(4)})
    )
    assert found["breakdown:donthu.received"].severity == "error"


def test_parts_short_of_a_full_breakdown_are_an_error(db):
    found = by_rule(
        check_values(
            {
                "tthc.received": D(100),
                "tthc.received.online": D(60),
                "tthc.received.direct": D(30),
                "tthc.received.carried_over": D(5),
            }
        )
    )
    assert found["breakdown:tthc.received"].severity == "error"
    assert "lệch 5 hồ sơ" in found["breakdown:tthc.received"].message


def test_a_total_with_no_part_stated_is_not_checked(db):
    assert "breakdown:hotich.total" not in by_rule(check_values({"hotich.total": D(50)}))


def test_zero_parts_count_as_stated(db):
    found = by_rule(
        check_values(
            {
                "tthc.procedures.total": D(5),
                "tthc.procedures.full_online": D(0),
                "tthc.procedures.partial_online": D(0),
                "tthc.procedures.offline": D(0),
            }
        )
    )
    assert found["breakdown:tthc.procedures.total"].severity == "error"


@pytest.mark.parametrize(
    ("stated", "paid", "eligible", "flagged"),
    [
        ("85", 465, 547, False),
        ("85.01", 465, 547, False),
        ("84", 465, 547, True),
        ("85.5", 465, 547, True),
    ],
)
def test_a_rate_is_checked_to_the_precision_it_is_written_with(db, stated, paid, eligible, flagged):
    found = by_rule(
        check_values(
            {
                "tthc.online_payment.rate": D(stated),
                "tthc.online_payment.paid": D(paid),
                "tthc.online_payment.eligible": D(eligible),
            }
        )
    )
    assert ("rate:tthc.online_payment.rate" in found) is flagged


def test_families_rate_written_with_one_decimal_is_not_flagged(db):
    # 9215/9541 = 96,58%: the seed writes 96,5% (truncated), within one unit of its last digit.
    found = by_rule(
        check_values(
            {
                "vanhoa.families_rate": D("96.5"),
                "vanhoa.families_cultural": D(9215),
                "vanhoa.families_total": D(9541),
            }
        )
    )
    assert "rate:vanhoa.families_rate" not in found


def test_a_share_above_100_percent_is_an_error_but_progress_against_estimate_is_not(db):
    found = by_rule(
        check_values(
            {"tthc.digitized.result_rate": D(120), "ngansach.revenue.own_pct_estimate": D(112)}
        )
    )
    assert found["range:tthc.digitized.result_rate"].severity == "error"
    assert "range:ngansach.revenue.own_pct_estimate" not in found


def test_missing_mandatory_figures_are_errors(db):
    data = ReportData(current={"tthc.received": D(10)}, mandatory=["tthc.received", "hotich.total"])
    from baocao.rules.engine import check_data

    found = [f for f in check_data(data) if f.rule == "mandatory"]
    assert [f.codes for f in found] == [("hotich.total",)] and found[0].is_error


def test_hand_written_rule_uses_last_periods_figure(db):
    data = ReportData(
        current={"giamngheo.poor": D(60), "giamngheo.poor_change": D(-5)},
        previous_values={"giamngheo.poor": D(70)},
    )
    from baocao.rules.engine import check_data

    found = by_rule(check_data(data))["giamngheo.poor_moves_by_change"]
    assert found.severity == "error"
    assert (
        found.message
        == "Số hộ nghèo (60) khác số kỳ trước (70) cộng mức tăng/giảm được báo cáo (-5)."
    )


def test_rules_over_missing_figures_stay_silent(db):
    assert check_values({"giamngheo.poor": D(60)}) == []


# --- outliers -----------------------------------------------------------------------------


def history(code, values):
    return [{code: D(v)} for v in values]


def test_a_figure_ten_times_its_usual_level_is_an_outlier(db):
    from baocao.rules.engine import check_data

    data = ReportData(
        current={"vanban.incoming": D(25000)},
        history=history("vanban.incoming", [2400, 2550, 2300, 2600, 2500, 2450, 2380, 2520]),
    )
    assert "outlier" in by_rule(check_data(data))


def test_a_figure_like_the_same_month_last_year_is_not_an_outlier(db):
    from baocao.rules.engine import check_data

    data = ReportData(
        current={"hotich.marriage": D(60)},
        last_year_values={"hotich.marriage": D(55)},
        history=history("hotich.marriage", [15, 14, 16, 15, 13, 17, 15, 16]),
    )
    assert "outlier" not in by_rule(check_data(data))


def test_an_intermittent_series_has_no_outliers(db):
    from baocao.rules.engine import check_data

    data = ReportData(
        current={"nongnghiep.rice_output": D(900)},
        history=history("nongnghiep.rice_output", [0, 0, 0, 0, 800, 0, 0, 0]),
    )
    assert "outlier" not in by_rule(check_data(data))


def test_an_outlier_shows_the_median_of_its_history(db):
    from baocao.rules.engine import check_data

    data = ReportData(
        current={"vanban.incoming": D(25000)},
        history=history("vanban.incoming", [2400, 2550, 2300, 2600, 2500, 2450, 2380, 2520]),
    )
    found = by_rule(check_data(data))["outlier"]
    assert found.values == {"vanban.incoming": D(25000), "median": D(2475)}  # (2450 + 2500) / 2
    assert "thường khoảng 2.475" in found.message


def test_a_figure_within_a_scattered_history_is_not_an_outlier(db):
    from baocao.rules.engine import check_data

    # Median 525, spread 1.4826 × 415: 2000 is four times the median but 2.4 spreads away.
    scattered = history("vanban.incoming", [100, 900, 150, 1000, 120, 950, 130, 980])
    for value, odd in ((2000, False), (10000, True)):
        data = ReportData(current={"vanban.incoming": D(value)}, history=scattered)
        assert ("outlier" in by_rule(check_data(data))) is odd


def test_a_series_with_a_negative_figure_has_no_outliers(db):
    from baocao.rules.engine import check_data

    data = ReportData(
        current={"vanban.incoming": D(25000)},
        history=history("vanban.incoming", [2400, 2550, 2300, -5, 2500, 2450, 2380, 2520]),
    )
    assert "outlier" not in by_rule(check_data(data))


def test_reports_read_together_each_get_their_own_periods(db):
    from baocao.reports.services import report_values
    from baocao.rules.data import report_data, reports_data

    def figures(period, code="11560"):
        return report_values(demo_report(code, period))

    november, march = demo_report("11560", "2025-11"), demo_report("11413", "2025-03")
    together = reports_data([november, march])
    data = together[november.pk]
    assert data.current == figures("2025-11") and data.current
    assert data.previous_values == figures("2025-10")
    assert data.last_year_values == figures("2024-11")
    assert data.history == [figures(f"2024-{m}") for m in (11, 12)] + [
        figures(f"2025-{m:02d}") for m in range(1, 11)
    ]
    assert data.year_to_date == [figures(f"2025-{m:02d}") for m in range(1, 11)]
    assert data.mandatory == list(november.template.mandatory)
    # The demo starts in 2024-11: March has four periods before it and none last year.
    data = together[march.pk]
    assert data.history == [
        figures(p, "11413") for p in ("2024-11", "2024-12", "2025-01", "2025-02")
    ]
    assert data.year_to_date == [figures(p, "11413") for p in ("2025-01", "2025-02")]
    assert data.last_year_values == {}
    assert together == {r.pk: report_data(r) for r in (november, march)}


# --- derived figures and targets ----------------------------------------------------------


def test_percent_of_estimate_is_computed_from_the_target_and_the_year_so_far(db):
    from baocao.catalog.models import Indicator
    from baocao.catalog.periods import Period
    from baocao.rules.derived import derive, ratio_codes

    data = ReportData(
        current={"ngansach.revenue.own": D(300)},
        period=Period.parse("2025-03"),
        year_to_date=[{"ngansach.revenue.own": D(100)}, {"ngansach.revenue.own": D(200)}],
        targets={"ngansach.revenue.own": D(2400)},
    )
    derived = derive(data, ratio_codes(list(Indicator.objects.all())))
    assert derived["ngansach.revenue.own_pct_estimate"] == D("25.00")


def test_demo_targets_make_stated_progress_agree(db):
    report = demo_report("11560", "2025-08")
    target = Target.objects.get(unit=report.unit, year=2025, indicator__code="ngansach.revenue.own")
    assert target.value > 0
    assert "rate:ngansach.revenue.own_pct_estimate" not in {f.rule for f in check_report(report)}


def test_findings_serialise_to_the_design_shape(db):
    values, _ = read_facts(SHARED / "seeds" / "002_c69ecaed7d58e06f.facts.yaml")
    item = by_rule(check_values(values))["breakdown:ngansach.revenue"].as_json()
    assert set(item) >= {"severity", "rule", "message", "codes"}
    assert (
        item["codes"][0] == "ngansach.revenue" and item["values"]["ngansach.revenue"] == 11015000000
    )


def test_only_commune_units_have_demo_targets(db):
    assert not Target.objects.filter(unit__kind=Unit.CITY).exists()
