"""Audit rows are never deleted (issue 15): on PostgreSQL a row trigger refuses every
DELETE of reports_auditentry (ORM, cascade from a report, raw SQL) unless the
transaction set baocao.audit_purge (baocao.backup.audit.purge, the demo's reset only).
A row trigger does not fire on TRUNCATE, which Django's flush uses between tests.
SQLite gets none: its flush empties tables with DELETE (the ORM and admin still refuse)."""

from django.db import migrations

POSTGRES = [
    """
    CREATE FUNCTION audit_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('baocao.audit_purge', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit rows are append-only';
    END $$
    """,
    """
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON reports_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_no_delete()
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_no_delete ON reports_auditentry",
    "DROP FUNCTION IF EXISTS audit_no_delete()",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("backup", "0001_audit_append_only")]

    operations = [migrations.RunPython(forwards, backwards)]
