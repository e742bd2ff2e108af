"""Who has reported, on time or late, against the template's deadline."""

from datetime import date, timedelta

from baocao.analytics.completeness import (
    DRAFT,
    LATE,
    MISSING,
    ON_TIME,
    OVERDUE,
    commune_units,
    completeness_grid,
)
from baocao.catalog.models import Unit
from baocao.catalog.periods import Period
from baocao.reports.models import Report
from tests.analytics.helpers import report, unit

JAN = Period.month(2031, 1)
DEADLINE = JAN.deadline("nd09", 2)  # 14/01/2031 (Tue) + 2 working days


def test_deadline_is_two_working_days_after_the_cut_off():
    assert date(2031, 1, 16) == DEADLINE


def test_grid_tells_on_time_late_draft_and_missing(db):
    early, late, drafting, silent = (unit(f"9803{i}") for i in range(4))
    report(early, "2031-01", {}, submitted=DEADLINE)
    report(late, "2031-01", {}, submitted=DEADLINE + timedelta(days=3))
    report(drafting, "2031-01", {}, status=Report.DRAFT)
    units = Unit.objects.filter(code__startswith="9803")
    grid = completeness_grid(units, [JAN], today=date(2031, 1, 15))
    cells = {row.unit.code: row.cells[0] for row in grid.rows}
    assert cells["98030"].timeliness == ON_TIME
    assert (cells["98031"].timeliness, cells["98031"].days_late) == (LATE, 3)
    assert cells["98032"].timeliness == DRAFT  # before the deadline a draft is not late
    assert cells["98033"].timeliness == MISSING and cells["98033"].report_id is None
    summary = grid.summaries[0]
    assert summary.sentence == "2/4 đơn vị đã báo cáo, 1 đúng hạn"
    assert (summary.late, summary.missing) == (1, 2)


def test_after_the_deadline_a_draft_is_overdue(db):
    drafting = unit("98040")
    report(drafting, "2031-01", {}, status=Report.DRAFT)
    grid = completeness_grid(Unit.objects.filter(pk=drafting.pk), [JAN], today=date(2031, 1, 20))
    cell = grid.rows[0].cells[0]
    assert (cell.timeliness, cell.days_late) == (OVERDUE, 4)


def test_filters_by_kind_and_by_former_province(db):
    everyone = commune_units(Unit.objects.all())
    assert everyone.count() == 114
    wards = commune_units(Unit.objects.all(), kind=Unit.PHUONG)
    assert wards.count() == 45
    from_hai_duong = commune_units(Unit.objects.all(), former="Hải Dương (cũ)")
    assert from_hai_duong.count() == 64 and "11002" in {u.code for u in from_hai_duong}


def test_demo_city_grid_counts_the_last_month(db):
    periods = [Period.month(2025, 10), Period.month(2025, 11)]
    grid = completeness_grid(commune_units(Unit.objects.all()), periods, today=date(2026, 1, 5))
    october, november = grid.summaries
    assert october.units == 114 and october.reported == 114
    assert october.on_time + october.late == 114
    assert 0 < november.reported < 114  # the demo's current month has drafts
    assert november.reported + november.missing == 114
