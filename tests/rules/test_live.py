from django.db.models import F

from baocao.reports.services import save_value
from baocao.rules.engine import check_report
from baocao.rules.live import check_live
from tests.factories import demo_draft, demo_report


def figures(report):
    return dict(report.values.values_list("indicator__code", "value"))


def test_live_checks_find_what_check_report_finds(db):
    report = demo_draft()
    save_value(report=report, code="dkkd.new", value="500")
    assert check_live(report, figures(report)) == check_report(report)


def test_a_change_in_last_months_report_is_seen_at_the_next_save(db):
    report = demo_draft()
    check_live(report, figures(report))  # last periods read and kept
    october = demo_report(report.unit.code, "2025-10")
    # October is accepted (locked): changed here as after reopening, version and all.
    october.values.filter(indicator__code="tthc.in_progress").update(
        value=F("value") + 7, version=F("version") + 1
    )
    assert check_live(report, figures(report)) == check_report(report)
    assert any(f.rule == "tthc.carried_over_matches_last_period" for f in check_report(report))
