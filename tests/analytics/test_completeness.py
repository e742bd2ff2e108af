"""Who has reported, on time or late, against the template's deadline."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse

from baocao.accounts.models import Membership
from baocao.analytics.completeness import (
    DRAFT,
    LATE,
    MISSING,
    ON_TIME,
    OVERDUE,
    Cell,
    commune_units,
    completeness_grid,
)
from baocao.catalog.models import Unit
from baocao.catalog.periods import Period
from baocao.reports.models import Report
from tests.analytics.helpers import report, unit
from tests.factories import make_user

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


def test_each_cell_says_its_mark_and_its_title():
    sent = date(2031, 1, 19)
    late = Cell("2031-01", 7, Report.SUBMITTED, "Đã trình", sent, LATE, 3)
    assert (late.mark, late.title) == ("+3", "Đã trình; Trễ hạn, gửi ngày 19/01/2031")
    on_time = Cell("2031-01", 8, Report.ACCEPTED, "Thành phố đã tiếp nhận", sent, ON_TIME)
    assert on_time.mark == "✓" and on_time.title.endswith("Đúng hạn, gửi ngày 19/01/2031")
    overdue = Cell("2031-01", 9, Report.DRAFT, "Đang soạn", None, OVERDUE, 4)
    assert (overdue.mark, overdue.title) == ("!", "Đang soạn; Quá hạn, chưa gửi")
    assert Cell("2031-01", 10, Report.DRAFT, "Đang soạn", None, DRAFT).mark == "…"
    missing = Cell("2031-01")
    assert (missing.mark, missing.title) == ("–", "Chưa có báo cáo")


@pytest.fixture
def city_staff(client, db):
    client.force_login(make_user("31", Membership.CITY_STAFF))
    return client


def test_the_page_links_each_report_and_dates_it_in_vietnamese(city_staff):
    late, silent = unit("98050", name="Xã <Thử> & Co"), unit("98051")
    sent = report(late, "2031-01", {}, status=Report.SUBMITTED, submitted=DEADLINE + timedelta(3))
    page = city_staff.get(reverse("analytics:completeness") + "?from=2031-01&to=2031-01")
    html = page.content.decode()
    assert (
        '<td class="cell" data-period="2031-01" data-timeliness="late">'
        f'<a class="tl tl-late" href="{reverse("report", args=[sent.pk])}" '
        'title="Đã trình; Trễ hạn, gửi ngày 19/01/2031">+3</a></td>'
    ) in html
    row = html[html.index(f'<tr data-unit="{silent.code}">') :]
    assert row.index(
        '<td class="cell" data-period="2031-01" data-timeliness="missing">'
        '<span class="tl tl-missing" title="Chưa có báo cáo">–</span></td>'
    ) < row.index("</tr>")
    assert "Xã &lt;Thử&gt; &amp; Co" in html  # unit names still escaped by the template
    assert "(hạn gửi 16/01/2031)" in html


def test_the_page_reads_the_same_few_tables_for_6_or_36_months(city_staff):
    def statements(query: str) -> int:
        seen = []

        def count(execute, sql, params, many, context):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            assert city_staff.get(reverse("analytics:completeness") + query).status_code == 200
        return len(seen)

    statements("")  # the first request after logging in also writes the session
    six, three_years = statements(""), statements("?from=2022-12&to=2025-11")
    assert six == three_years <= 12  # it was 13: the indicator catalog is no longer read
