"""Audit rows are never changed (issue 15): a trigger refuses every UPDATE of
reports_auditentry, whoever runs it (ORM, admin, raw SQL), except the one the ORM makes
when a user account is deleted (user_id set to NULL, on_delete=SET_NULL). Rows leave
only with their report (cascade) or with the demo's reset."""

from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER audit_append_only BEFORE UPDATE ON reports_auditentry
    WHEN NOT (
        NEW.user_id IS NULL AND NEW.id = OLD.id AND NEW.report_id = OLD.report_id
        AND NEW.at = OLD.at AND NEW.action = OLD.action AND NEW.target = OLD.target
        AND NEW.old = OLD.old AND NEW.new = OLD.new AND NEW.comment = OLD.comment
    )
    BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END
    """
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_append_only"]

POSTGRES = [
    """
    CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.user_id IS NULL AND to_jsonb(NEW) - 'user_id' = to_jsonb(OLD) - 'user_id' THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit rows are append-only';
    END $$
    """,
    """
    CREATE TRIGGER audit_append_only BEFORE UPDATE ON reports_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_append_only()
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_append_only ON reports_auditentry",
    "DROP FUNCTION IF EXISTS audit_append_only()",
]


def forwards(apps, schema_editor):
    sql = SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRES
    for statement in sql:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    sql = SQLITE_DROP if schema_editor.connection.vendor == "sqlite" else POSTGRES_DROP
    for statement in sql:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_document_model")]

    operations = [migrations.RunPython(forwards, backwards)]
