from decimal import Decimal

import pytest

from baocao.catalog.models import ReportTemplate
from baocao.reports.errors import ConflictError, LockedError, ReportError
from baocao.reports.models import AuditEntry, Block, Report, Value
from baocao.reports.services import create_report, save_value
from tests.factories import make_report, make_unit, make_user


def test_a_first_report_takes_the_outline_and_prose_of_its_template(db):
    report = make_report()
    template = ReportTemplate.objects.get(code="ubnd-monthly")
    top = [s.number for s in report.sections.filter(parent=None).order_by("position")]
    assert top == [item["number"] for item in template.outline]
    assert Block.objects.filter(section__report=report, text__contains="{{tthc.received").exists()
    assert Block.objects.filter(section__report=report, kind=Block.FOOTNOTE).exists()
    assert report.tasks.exists()


def test_next_months_report_carries_over_last_months_prose_and_tasks(db):
    unit = make_unit()
    first = make_report(unit, "2026-01")
    paragraph = Block.objects.filter(section__report=first, kind=Block.PARAGRAPH).first()
    paragraph.text = "Đoạn văn riêng của xã, {{tthc.received}} hồ sơ."
    paragraph.save()
    second = make_report(unit, "2026-02")
    assert Block.objects.filter(
        section__report=second, text="Đoạn văn riêng của xã, {{tthc.received}} hồ sơ."
    ).exists()
    carried = second.tasks.first()
    assert carried.carried_from.report == first and carried.text == first.tasks.first().text
    # Footnotes still hang on their paragraph in the copy.
    for note in Block.objects.filter(section__report=second, kind=Block.FOOTNOTE):
        assert note.anchor.section.report == second


def test_a_second_report_for_the_same_period_is_refused(db):
    unit = make_unit()
    make_report(unit, "2026-01")
    with pytest.raises(ReportError, match="đã có báo cáo tháng 1 năm 2026"):
        make_report(unit, "2026-01")


def test_save_value_parses_vietnamese_numbers_and_audits(db):
    report, user = make_report(), make_user()
    save_value(report=report, code="ngansach.revenue", value="11 tỷ 15 triệu đồng", user=user)
    assert Value.objects.get(report=report, indicator__code="ngansach.revenue").value == Decimal(
        "11015000000"
    )
    entry = AuditEntry.objects.get(report=report, target="ngansach.revenue")
    assert (entry.user, entry.old, entry.new) == (user, "", "11.015.000.000")


def test_zero_and_not_reported_are_different(db):
    report = make_report()
    save_value(report=report, code="tthc.rejected", value="00")
    assert Value.objects.get(report=report, indicator__code="tthc.rejected").value == 0
    save_value(report=report, code="tthc.rejected", value="")
    assert not Value.objects.filter(report=report, indicator__code="tthc.rejected").exists()


def test_a_stale_save_is_refused_and_shows_the_other_value(db):
    report = make_report()
    first, second = make_user(first_name="Lan"), make_user(first_name="Hùng")
    save_value(report=report, code="tthc.received", value="1.527", user=first, expected_version=0)
    with pytest.raises(ConflictError) as caught:
        save_value(
            report=report, code="tthc.received", value="1.530", user=second, expected_version=0
        )
    assert "1.527" in str(caught.value) and "Lan" in str(caught.value)
    assert Value.objects.get(report=report, indicator__code="tthc.received").value == 1527


def test_a_locked_report_refuses_changes(db):
    report = make_report()
    Report.objects.filter(pk=report.pk).update(status=Report.APPROVED)
    with pytest.raises(LockedError):
        save_value(report=report, code="tthc.received", value="5")
    assert not Value.objects.filter(report=report).exists()


def test_garbage_figure_gets_a_vietnamese_error_and_stores_nothing(db):
    report = make_report()
    with pytest.raises(ReportError):
        save_value(report=report, code="tthc.received", value="một ít")
    assert not Value.objects.filter(report=report).exists()


def test_unknown_indicator_is_refused(db):
    with pytest.raises(ReportError, match="Không có chỉ tiêu"):
        save_value(report=make_report(), code="tthc.khong_co", value="1")


def test_create_report_accepts_a_period_key(db):
    report = create_report(
        unit=make_unit(),
        template=ReportTemplate.objects.get(code="dang-monthly"),
        period="2026-03",
        any_period=True,
    )
    assert report.period == "2026-03" and report.status == Report.DRAFT
