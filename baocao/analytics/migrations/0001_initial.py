"""The Fact table and the triggers that keep it equal to reports_value ⋈ reports_report.

Triggers rather than Django signals: the demo and imports insert figures in bulk
with plain SQL, which signals never see; a trigger sees every write."""

import django.db.models.deletion
from django.db import migrations, models

COPY = """
INSERT INTO analytics_fact (id, report_id, template_id, unit_id, period, indicator_id, value)
SELECT v.id, v.report_id, r.template_id, r.unit_id, r.period, v.indicator_id, v.value
FROM reports_value v JOIN reports_report r ON r.id = v.report_id
"""

SQLITE = [
    """CREATE TRIGGER analytics_fact_insert AFTER INSERT ON reports_value BEGIN
        INSERT INTO analytics_fact (id, report_id, template_id, unit_id, period, indicator_id, value)
        SELECT NEW.id, NEW.report_id, r.template_id, r.unit_id, r.period, NEW.indicator_id, NEW.value
        FROM reports_report r WHERE r.id = NEW.report_id;
    END""",
    """CREATE TRIGGER analytics_fact_update AFTER UPDATE OF value, indicator_id, report_id ON reports_value BEGIN
        DELETE FROM analytics_fact WHERE id = OLD.id;
        INSERT INTO analytics_fact (id, report_id, template_id, unit_id, period, indicator_id, value)
        SELECT NEW.id, NEW.report_id, r.template_id, r.unit_id, r.period, NEW.indicator_id, NEW.value
        FROM reports_report r WHERE r.id = NEW.report_id;
    END""",
    """CREATE TRIGGER analytics_fact_delete AFTER DELETE ON reports_value BEGIN
        DELETE FROM analytics_fact WHERE id = OLD.id;
    END""",
    """CREATE TRIGGER analytics_fact_report AFTER UPDATE OF unit_id, template_id, period ON reports_report BEGIN
        UPDATE analytics_fact SET unit_id = NEW.unit_id, template_id = NEW.template_id, period = NEW.period
        WHERE report_id = NEW.id;
    END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS analytics_fact_{name}"
    for name in ("insert", "update", "delete", "report")
]

POSTGRES = [
    """CREATE FUNCTION analytics_fact_value() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            DELETE FROM analytics_fact WHERE id = OLD.id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO analytics_fact (id, report_id, template_id, unit_id, period, indicator_id, value)
            SELECT NEW.id, NEW.report_id, r.template_id, r.unit_id, r.period, NEW.indicator_id, NEW.value
            FROM reports_report r WHERE r.id = NEW.report_id;
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER analytics_fact_value AFTER INSERT OR UPDATE OR DELETE ON reports_value
    FOR EACH ROW EXECUTE FUNCTION analytics_fact_value()""",
    """CREATE FUNCTION analytics_fact_report() RETURNS trigger AS $$
    BEGIN
        UPDATE analytics_fact SET unit_id = NEW.unit_id, template_id = NEW.template_id, period = NEW.period
        WHERE report_id = NEW.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER analytics_fact_report AFTER UPDATE OF unit_id, template_id, period
    ON reports_report FOR EACH ROW EXECUTE FUNCTION analytics_fact_report()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS analytics_fact_value ON reports_value",
    "DROP TRIGGER IF EXISTS analytics_fact_report ON reports_report",
    "DROP FUNCTION IF EXISTS analytics_fact_value()",
    "DROP FUNCTION IF EXISTS analytics_fact_report()",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        # Installed after the whole migrate (AnalyticsConfig.ready: post_migrate), since
        # SQLite's table rebuilds in later migrations would fail or drop them.
        return
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor)
    if statements is None:
        raise RuntimeError(f"analytics: no triggers for the {vendor} database")
    for sql in statements:
        schema_editor.execute(sql)
    schema_editor.execute(COPY)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    initial = True
    dependencies = [("catalog", "0001_initial"), ("reports", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Fact",
            fields=[
                ("id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("report_id", models.BigIntegerField()),
                ("template_id", models.BigIntegerField()),
                (
                    "unit",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="catalog.unit",
                    ),
                ),
                ("period", models.CharField(max_length=10)),
                ("indicator_id", models.BigIntegerField()),
                ("value", models.DecimalField(decimal_places=4, max_digits=20)),
            ],
            options={"verbose_name": "số liệu tổng hợp", "verbose_name_plural": "số liệu tổng hợp"},
        ),
        migrations.AddIndex(
            model_name="fact",
            index=models.Index(
                fields=["template_id", "indicator_id", "period", "unit", "value"], name="fact_read"
            ),
        ),
        migrations.AddIndex(
            model_name="fact", index=models.Index(fields=["report_id"], name="fact_report")
        ),
        migrations.RunPython(install, uninstall),
    ]
