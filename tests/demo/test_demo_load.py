"""The fast demo load: what the bulk paths must keep equal to the ordinary ones."""

from django.db import connection

from baocao.analytics.models import Fact
from baocao.analytics.triggers import triggers_installed
from baocao.reports.models import Block, Report, Section, Task, Value
from tests.factories import demo_report


def test_fact_table_equals_values_after_the_bulk_load(db):
    assert Fact.objects.count() == Value.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM reports_value v JOIN reports_report r ON r.id = v.report_id "
            "LEFT JOIN analytics_fact f ON f.id = v.id AND f.value = v.value "
            "AND f.unit_id = r.unit_id AND f.period = r.period AND f.indicator_id = v.indicator_id "
            "WHERE f.id IS NULL"
        )
        assert cursor.fetchone()[0] == 0


def test_triggers_are_back_after_the_load(db):
    assert triggers_installed()
    value = demo_report("11560", "2025-06").values.get(indicator__code="tthc.received")
    value.value += 7
    value.save()
    assert Fact.objects.get(pk=value.pk).value == value.value


def test_every_report_has_the_outline_of_its_template(db):
    """Copied outlines: same sections, blocks and tasks as the built prototype,
    with parents, anchors and sections pointing inside the report itself."""
    ordinary = demo_report("11560", "2025-06")
    other = demo_report("11413", "2025-03")
    assert ordinary.sections.count() == other.sections.count() > 5
    titles = list(ordinary.sections.values_list("number", "title"))
    assert titles == list(other.sections.values_list("number", "title"))
    foreign_parent = Section.objects.exclude(parent=None).exclude(
        parent__report_id=models_f("report_id")
    )
    assert foreign_parent.count() == 0
    foreign_anchor = Block.objects.exclude(anchor=None).exclude(
        anchor__section__report_id=models_f("section__report_id")
    )
    assert foreign_anchor.count() == 0
    assert Task.objects.exclude(section__report_id=models_f("report_id")).count() == 0
    assert (
        Block.objects.filter(section__report=other).count()
        == Block.objects.filter(section__report=ordinary).count()
    )


def models_f(name):
    from django.db.models import F

    return F(name)


def test_new_rows_after_the_load_get_fresh_ids(db):
    """The copy gave explicit ids; the sequences (PostgreSQL) must have moved past them."""
    report = demo_report("11560", "2025-06")
    section = Section.objects.create(report=report, position=99, title="Mục thêm")
    assert section.pk > Section.objects.exclude(pk=section.pk).order_by("-pk").first().pk


def test_approved_reports_have_an_approval_time(db):
    locked = Report.objects.filter(status__in=Report.LOCKED, submitted_at__isnull=False)
    assert locked.exists()
    assert not locked.filter(approved_at=None).exists()
    sample = locked.first()
    assert sample.approved_at > sample.submitted_at
