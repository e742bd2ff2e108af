"""The city's own report: aggregated figures and completeness in its prose, rendered
by the documents module; the digest of the communes' sentences on a topic."""

from decimal import Decimal

import pytest

from baocao.analytics.aggregate import pivot
from baocao.analytics.city_report import digest, prepare_city_report
from baocao.analytics.completeness import commune_units
from baocao.catalog.models import Unit
from baocao.catalog.periods import Period
from baocao.documents.services import render_report
from baocao.reports.errors import ReportError
from baocao.reports.models import Report
from baocao.reports.services import report_values

OCTOBER = Period.month(2025, 10)


def test_the_demo_city_report_holds_the_city_totals_and_completeness(db):
    report = Report.objects.get(unit__code="31", template__code="city-monthly", period="2025-10")
    values = report_values(report)
    assert values["tonghop.units"] == 114 and values["tonghop.units_reported"] == 114
    # Phường Ngô Quyền's October TTHC figures break a rule (online > received): they
    # are left out of the TTHC totals, so that the city's figures balance.
    ngo_quyen = Unit.objects.get(code="11341").pk
    units = list(commune_units(Unit.objects.all()).values_list("id", flat=True))
    totals = pivot(
        ["tthc.received", "tthc.online.rate"],
        [OCTOBER],
        units=[u for u in units if u != ngo_quyen],
    ).totals
    assert values["tthc.received"] == totals["tthc.received"]
    assert values["tthc.online.rate"] == totals["tthc.online.rate"]


def test_the_city_report_renders_like_any_report(db):
    report = Report.objects.get(unit__code="31", template__code="city-monthly", period="2025-10")
    html = render_report(report, "html", final=False).decode("utf-8")  # not approved yet
    assert "ỦY BAN NHÂN DÂN" in html and "THÀNH PHỐ HẢI PHÒNG" in html
    assert "114/114 xã, phường, đặc khu đã gửi báo cáo (đạt 100%)" in html
    assert "BC-UBND" in html


def test_preparing_again_refreshes_the_figures(db):
    report = prepare_city_report(period=Period.month(2025, 11))
    values = report_values(report)
    assert values["tonghop.units"] == 114
    assert values["tonghop.units_reported"] < 114  # the demo's current month has drafts
    assert values["tonghop.reported_rate"] == (
        100 * values["tonghop.units_reported"] / 114
    ).quantize(Decimal("0.01"))
    again = prepare_city_report(period=Period.month(2025, 11))
    assert again.pk == report.pk


def test_an_approved_city_report_is_not_changed(db):
    report = prepare_city_report(period=Period.month(2025, 9))
    Report.objects.filter(pk=report.pk).update(status=Report.APPROVED)
    with pytest.raises(ReportError, match="đã được duyệt"):
        prepare_city_report(period=Period.month(2025, 9))


def test_digest_gathers_the_communes_sentences_on_a_topic_under_their_names(db):
    entries = digest(Period.month(2025, 11), commune_units(Unit.objects.all()), "tthc")
    assert len(entries) == 114
    thach_khoi = next(e for e in entries if e.unit.code == "11002")
    assert thach_khoi.unit.name == "Phường Thạch Khôi"
    assert any("Tổng số hồ sơ tiếp nhận" in s for s in thach_khoi.sentences)
    assert not any("{{" in s for s in thach_khoi.sentences)


def test_demo_former_communes_report_until_june_2025_and_count_once(db):
    successor = Unit.objects.get(code="11002")
    former = list(successor.predecessors.all())
    assert len(former) == 3 and all(u.valid_to and u.parent is None for u in former)
    assert Report.objects.filter(unit__in=former, template__code="ubnd-monthly").count() == 3 * 8
    march = Period.month(2025, 3)
    city = pivot(["tthc.received"], [march], units=[successor.pk])
    own = Report.objects.get(unit=successor, template__code="ubnd-monthly", period="2025-03")
    # The successor has its own report that month: it counts, its predecessors do not.
    assert city.totals["tthc.received"] == own.values.get(indicator__code="tthc.received").value
