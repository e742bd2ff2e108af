"""Monthly roll-ups per province and indicator (analytics_rollup), kept by triggers.

A figure counts in the roll-up the way aggregate.pivot counts it by province: a
current commune's figure adds into its parent's row; a former commune's (one with a
successor) into its successor's parent's row, and only for the months the successor
has no report of its own. Every change that can move a figure in or out is a trigger:

* a fact inserted, updated or deleted (they follow reports_value, migration 0001);
* a report created or deleted, or moved to another unit or month: the predecessors'
  figures of that month stop or start counting;
* a unit given another parent or successor: its figures and its predecessors' move.

Each trigger adds a signed delta with one upsert (rows reaching n = 0 stay, and are
skipped on read), so a save touches one roll-up row per figure. The fact table's
report trigger of 0001 is recreated with a WHEN clause: a report saved without a new
unit, template or month (a status change) no longer rewrites its 120 facts."""

from django.db import migrations, models

UPSERT = """INSERT INTO analytics_rollup (template_id, indicator_id, period, province_id, total, n)
{select}
ON CONFLICT (template_id, indicator_id, period, province_id) DO UPDATE
SET total = analytics_rollup.total + excluded.total, n = analytics_rollup.n + excluded.n"""

# The successor has no report of its own for the fact's month: the predecessor's figure counts.
NO_OWN_REPORT = """NOT EXISTS (SELECT 1 FROM reports_report x WHERE x.unit_id = {successor}
    AND x.template_id = {fact}.template_id AND x.period = {fact}.period)"""


def _fact(row: str, sign: str) -> str:
    """One fact's contribution (NEW or OLD), signed."""
    return UPSERT.format(
        select=f"""SELECT {row}.template_id, {row}.indicator_id, {row}.period,
    CASE WHEN u.successor_id IS NULL THEN COALESCE(u.parent_id, 0)
         ELSE COALESCE(s.parent_id, 0) END,
    {sign}{row}.value, {sign}1
FROM catalog_unit u LEFT JOIN catalog_unit s ON s.id = u.successor_id
WHERE u.id = {row}.unit_id
  AND (u.successor_id IS NULL OR {NO_OWN_REPORT.format(successor="u.successor_id", fact=row)})"""
    )


def _predecessors_of_report(row: str, sign: str) -> str:
    """A successor's report `row` appears (sign -) or goes (sign +): its predecessors'
    figures of that template and month stop or start counting."""
    return UPSERT.format(
        select=f"""SELECT f.template_id, f.indicator_id, f.period, COALESCE(s.parent_id, 0),
    {sign}SUM(f.value), {sign}COUNT(*)
FROM catalog_unit s
JOIN catalog_unit u ON u.successor_id = s.id
JOIN reports_report r ON r.unit_id = u.id
JOIN analytics_fact f ON f.report_id = r.id
WHERE s.id = {row}.unit_id AND r.template_id = {row}.template_id AND r.period = {row}.period
  AND NOT EXISTS (SELECT 1 FROM reports_report x WHERE x.unit_id = {row}.unit_id
      AND x.template_id = {row}.template_id AND x.period = {row}.period AND x.id <> {row}.id)
GROUP BY f.template_id, f.indicator_id, f.period, s.parent_id"""
    )


def _unit_own(row: str, sign: str) -> str:
    """The facts of the unit `row` (OLD or NEW values of catalog_unit), signed."""
    key = f"""CASE WHEN {row}.successor_id IS NULL THEN COALESCE({row}.parent_id, 0)
    ELSE COALESCE((SELECT p.parent_id FROM catalog_unit p WHERE p.id = {row}.successor_id), 0) END"""
    counted = NO_OWN_REPORT.format(successor=f"{row}.successor_id", fact="f")
    return UPSERT.format(
        select=f"""SELECT f.template_id, f.indicator_id, f.period, {key},
    {sign}SUM(f.value), {sign}COUNT(*)
FROM reports_report r JOIN analytics_fact f ON f.report_id = r.id
WHERE r.unit_id = {row}.id AND ({row}.successor_id IS NULL OR {counted})
GROUP BY f.template_id, f.indicator_id, f.period"""
    )


def _unit_predecessors(row: str, sign: str) -> str:
    """The counting facts of the predecessors of unit `row`, under its parent, signed."""
    counted = NO_OWN_REPORT.format(successor=f"{row}.id", fact="f")
    return UPSERT.format(
        select=f"""SELECT f.template_id, f.indicator_id, f.period, COALESCE({row}.parent_id, 0),
    {sign}SUM(f.value), {sign}COUNT(*)
FROM catalog_unit u JOIN reports_report r ON r.unit_id = u.id
JOIN analytics_fact f ON f.report_id = r.id
WHERE u.successor_id = {row}.id AND {counted}
GROUP BY f.template_id, f.indicator_id, f.period"""
    )


# The whole roll-up from the fact table in one statement (loads, repairs, tests), in
# key order: the rows a pivot reads together lie together.
COPY = """INSERT INTO analytics_rollup (template_id, indicator_id, period, province_id, total, n)
SELECT f.template_id, f.indicator_id, f.period,
    CASE WHEN u.successor_id IS NULL THEN COALESCE(u.parent_id, 0)
         ELSE COALESCE(s.parent_id, 0) END AS province,
    SUM(f.value), COUNT(*)
FROM analytics_fact f JOIN catalog_unit u ON u.id = f.unit_id
LEFT JOIN catalog_unit s ON s.id = u.successor_id
WHERE u.successor_id IS NULL OR NOT EXISTS (SELECT 1 FROM reports_report x
    WHERE x.unit_id = u.successor_id AND x.template_id = f.template_id AND x.period = f.period)
GROUP BY f.template_id, f.indicator_id, f.period, 4
ORDER BY 1, 2, 3, 4"""

FACT_COLUMNS_CHANGED = """OLD.unit_id IS NOT NEW.unit_id OR OLD.template_id IS NOT NEW.template_id
    OR OLD.period IS NOT NEW.period OR OLD.indicator_id IS NOT NEW.indicator_id
    OR OLD.value IS NOT NEW.value"""
REPORT_MOVED = """OLD.unit_id IS NOT NEW.unit_id OR OLD.template_id IS NOT NEW.template_id
    OR OLD.period IS NOT NEW.period"""
UNIT_MOVED = "OLD.parent_id IS NOT NEW.parent_id OR OLD.successor_id IS NOT NEW.successor_id"

# SQLite: the fact triggers of 0001 (the report one only when the report moved) and the
# roll-up's. Installed after every migrate (apps.py), as 0001's were.
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
    f"""CREATE TRIGGER analytics_fact_report AFTER UPDATE OF unit_id, template_id, period
    ON reports_report WHEN {REPORT_MOVED} BEGIN
        UPDATE analytics_fact SET unit_id = NEW.unit_id, template_id = NEW.template_id, period = NEW.period
        WHERE report_id = NEW.id;
    END""",
    f"""CREATE TRIGGER analytics_rollup_fact_insert AFTER INSERT ON analytics_fact BEGIN
        {_fact("NEW", "")};
    END""",
    f"""CREATE TRIGGER analytics_rollup_fact_delete AFTER DELETE ON analytics_fact BEGIN
        {_fact("OLD", "-")};
    END""",
    f"""CREATE TRIGGER analytics_rollup_fact_update AFTER UPDATE ON analytics_fact
    WHEN {FACT_COLUMNS_CHANGED} BEGIN
        {_fact("OLD", "-")};
        {_fact("NEW", "")};
    END""",
    f"""CREATE TRIGGER analytics_rollup_report_insert AFTER INSERT ON reports_report BEGIN
        {_predecessors_of_report("NEW", "-")};
    END""",
    f"""CREATE TRIGGER analytics_rollup_report_delete AFTER DELETE ON reports_report BEGIN
        {_predecessors_of_report("OLD", "")};
    END""",
    f"""CREATE TRIGGER analytics_rollup_report_update AFTER UPDATE OF unit_id, template_id, period
    ON reports_report WHEN {REPORT_MOVED} BEGIN
        {_predecessors_of_report("OLD", "")};
        {_predecessors_of_report("NEW", "-")};
    END""",
    f"""CREATE TRIGGER analytics_rollup_unit AFTER UPDATE OF parent_id, successor_id
    ON catalog_unit WHEN {UNIT_MOVED} BEGIN
        {_unit_own("OLD", "-")};
        {_unit_own("NEW", "")};
        {_unit_predecessors("OLD", "-")};
        {_unit_predecessors("NEW", "")};
    END""",
]
SQLITE_NAMES = [
    "fact_insert",
    "fact_update",
    "fact_delete",
    "fact_report",
    "rollup_fact_insert",
    "rollup_fact_delete",
    "rollup_fact_update",
    "rollup_report_insert",
    "rollup_report_delete",
    "rollup_report_update",
    "rollup_unit",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS analytics_{name}" for name in SQLITE_NAMES]


def _pg(sql: str) -> str:
    """SQLite's IS NOT is PostgreSQL's IS DISTINCT FROM."""
    return sql.replace(" IS NOT NEW.", " IS DISTINCT FROM NEW.")


POSTGRES = [
    # 0001's report trigger, now only when the report moved.
    "DROP TRIGGER IF EXISTS analytics_fact_report ON reports_report",
    f"""CREATE TRIGGER analytics_fact_report AFTER UPDATE OF unit_id, template_id, period
    ON reports_report FOR EACH ROW WHEN ({_pg(REPORT_MOVED)})
    EXECUTE FUNCTION analytics_fact_report()""",
    f"""CREATE FUNCTION analytics_rollup_fact() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            {_fact("OLD", "-")};
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            {_fact("NEW", "")};
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER analytics_rollup_fact AFTER INSERT OR DELETE ON analytics_fact
    FOR EACH ROW EXECUTE FUNCTION analytics_rollup_fact()""",
    f"""CREATE TRIGGER analytics_rollup_fact_update AFTER UPDATE ON analytics_fact
    FOR EACH ROW WHEN ({_pg(FACT_COLUMNS_CHANGED)}) EXECUTE FUNCTION analytics_rollup_fact()""",
    f"""CREATE FUNCTION analytics_rollup_report() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            {_predecessors_of_report("OLD", "")};
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            {_predecessors_of_report("NEW", "-")};
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER analytics_rollup_report AFTER INSERT OR DELETE ON reports_report
    FOR EACH ROW EXECUTE FUNCTION analytics_rollup_report()""",
    f"""CREATE TRIGGER analytics_rollup_report_update AFTER UPDATE OF unit_id, template_id, period
    ON reports_report FOR EACH ROW WHEN ({_pg(REPORT_MOVED)})
    EXECUTE FUNCTION analytics_rollup_report()""",
    f"""CREATE FUNCTION analytics_rollup_unit() RETURNS trigger AS $$
    BEGIN
        {_unit_own("OLD", "-")};
        {_unit_own("NEW", "")};
        {_unit_predecessors("OLD", "-")};
        {_unit_predecessors("NEW", "")};
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER analytics_rollup_unit AFTER UPDATE OF parent_id, successor_id
    ON catalog_unit FOR EACH ROW WHEN ({_pg(UNIT_MOVED)})
    EXECUTE FUNCTION analytics_rollup_unit()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS analytics_rollup_fact ON analytics_fact",
    "DROP TRIGGER IF EXISTS analytics_rollup_fact_update ON analytics_fact",
    "DROP TRIGGER IF EXISTS analytics_rollup_report ON reports_report",
    "DROP TRIGGER IF EXISTS analytics_rollup_report_update ON reports_report",
    "DROP TRIGGER IF EXISTS analytics_rollup_unit ON catalog_unit",
    "DROP FUNCTION IF EXISTS analytics_rollup_fact()",
    "DROP FUNCTION IF EXISTS analytics_rollup_report()",
    "DROP FUNCTION IF EXISTS analytics_rollup_unit()",
]
# 0001's report trigger as it was (on the way back).
POSTGRES_DROP_0001_REPORT = [
    "DROP TRIGGER IF EXISTS analytics_fact_report ON reports_report",
    """CREATE TRIGGER analytics_fact_report AFTER UPDATE OF unit_id, template_id, period
    ON reports_report FOR EACH ROW EXECUTE FUNCTION analytics_fact_report()""",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        return  # after the whole migrate (apps.py), as 0001's triggers
    if vendor != "postgresql":
        raise RuntimeError(f"analytics: no triggers for the {vendor} database")
    for sql in POSTGRES:
        schema_editor.execute(sql)
    # Room on each page for the updated row: a save's upsert stays on its page (a HOT
    # update, no index entry), so a month's rows stay together for the pivot's read.
    schema_editor.execute("ALTER TABLE analytics_rollup SET (fillfactor = 50)")
    schema_editor.execute("DELETE FROM analytics_rollup")
    schema_editor.execute(COPY)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_DROP + POSTGRES_DROP_0001_REPORT:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_initial"), ("catalog", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Rollup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("template_id", models.BigIntegerField()),
                ("indicator_id", models.BigIntegerField()),
                ("period", models.CharField(max_length=10)),
                ("province_id", models.BigIntegerField()),
                ("total", models.DecimalField(decimal_places=4, max_digits=24)),
                ("n", models.IntegerField()),
            ],
            options={"verbose_name": "tổng theo tỉnh", "verbose_name_plural": "tổng theo tỉnh"},
        ),
        migrations.AddConstraint(
            model_name="rollup",
            constraint=models.UniqueConstraint(
                fields=("template_id", "indicator_id", "period", "province_id"), name="rollup_key"
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
