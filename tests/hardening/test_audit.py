"""Audit rows cannot be changed or deleted, by the ORM, the admin or SQL (database
triggers; on PostgreSQL for DELETE too)."""

import os

import pytest
from django.db import DatabaseError, connection, transaction

from baocao.backup import audit
from baocao.reports.models import AuditEntry
from baocao.reports.services import save_value
from tests.factories import make_report, make_user


@pytest.fixture
def entry(db):
    user = make_user()
    report = make_report()
    save_value(report=report, code="tthc.received", value="12", user=user)
    return AuditEntry.objects.get(report=report, target="tthc.received")


def test_an_audit_row_cannot_be_rewritten(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(new="99")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.comment = "sửa lịch sử"
        entry.save()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE reports_auditentry SET old = 'x' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert (entry.new, entry.comment) == ("12", "")


def test_deleting_a_user_keeps_their_audit_rows(entry):
    entry.user.delete()
    entry.refresh_from_db()
    assert entry.user is None and entry.new == "12"


def test_an_audit_row_cannot_be_deleted_through_the_orm(entry):
    with pytest.raises(DatabaseError, match="append-only"):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"):
        entry.delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["new"])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_demo_purge_is_the_only_way_out_and_ends_with_its_block(entry):
    with audit.purge():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert not AuditEntry.objects.filter(pk=entry.pk).exists()
    other = AuditEntry.objects.exclude(pk=entry.pk).first()
    with pytest.raises(DatabaseError, match="append-only"):
        other.delete()


def test_the_admin_neither_changes_nor_deletes_history(entry, client):
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    base = "/admin/reports/auditentry"
    assert client.get(f"{base}/").status_code == 200  # readable
    assert client.post(f"{base}/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    page = client.post(f"{base}/{entry.pk}/change/", {"new": "99"})
    assert page.status_code in (200, 403)  # view-only form: nothing saved
    # Deleting the report would take its history along: refused for want of permission.
    report = entry.report
    assert (
        client.post(f"/admin/reports/report/{report.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.new == "12" and AuditEntry.objects.filter(report=report).exists()


# -- PostgreSQL: the triggers themselves ---------------------------------------------

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_SCRIPT = """
import json
from django.db import DatabaseError, connection, transaction
from baocao.backup import audit
from baocao.catalog.loaders import load_catalog
from baocao.catalog.models import ReportTemplate, Unit
from baocao.reports.models import AuditEntry, Report
from baocao.reports.services import create_report, save_value

load_catalog()
report = create_report(unit=Unit.objects.get(code="11002"),
                       template=ReportTemplate.objects.get(code="ubnd-monthly"), period="2025-11",
                       any_period=True)
save_value(report=report, code="tthc.received", value="12")
pk = AuditEntry.objects.filter(report=report).latest("id").pk
out = {}

def refused(name, sql=None, orm=None):
    try:
        with transaction.atomic():
            if sql:
                with connection.cursor() as cursor:
                    cursor.execute(sql, [pk])
            else:
                orm()
        out[name] = "done"
    except DatabaseError as error:
        out[name] = str(error).splitlines()[0]

refused("update", "UPDATE reports_auditentry SET new = '99' WHERE id = %s")
refused("delete", "DELETE FROM reports_auditentry WHERE id = %s")
refused("cascade", orm=lambda: Report.objects.filter(pk=report.pk).delete())
out["left"] = AuditEntry.objects.filter(report=report).count()
with audit.purge():
    AuditEntry.objects.filter(pk=pk).delete()
refused("after_purge", "DELETE FROM reports_auditentry WHERE id <> %s")
out["after_purge_left"] = AuditEntry.objects.filter(report=report).count()
with connection.cursor() as cursor:  # Django's flush between tests on PostgreSQL
    cursor.execute("TRUNCATE reports_auditentry")
out["truncated_left"] = AuditEntry.objects.count()
save_value(report=report, code="tthc.received", value="13")
from django.core.management import call_command
call_command("flush", interactive=False, verbosity=0)  # what TransactionTestCase runs
out["flushed_left"] = AuditEntry.objects.count()
print("RESULT " + json.dumps(out))
"""


def _postgres() -> bool:
    try:
        import psycopg

        psycopg.connect(PG_ADMIN, connect_timeout=2).close()
        return True
    except Exception:
        return False


@pytest.mark.skipif(not _postgres(), reason="no PostgreSQL on 127.0.0.1:5432")
def test_postgres_triggers_refuse_update_and_delete_but_not_truncate_or_flush(tmp_path):
    import json

    import psycopg

    from tests.hardening.test_backup import baocao

    name = f"baocao_audit_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as pg:
        pg.execute(f"DROP DATABASE IF EXISTS {name}")
        pg.execute(f"CREATE DATABASE {name}")
    database = f"postgres://postgres@127.0.0.1:5432/{name}"
    try:
        baocao("migrate", "-v", "0", database=database, var=tmp_path)
        shell = baocao("shell", "-c", PG_SCRIPT, database=database, var=tmp_path)
        line = next(x for x in shell.stdout.splitlines() if x.startswith("RESULT "))
        out = json.loads(line.removeprefix("RESULT "))
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as pg:
            pg.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    for step in ("update", "delete", "cascade"):
        assert "append-only" in out[step], out
    assert out["left"] >= 2  # the report's "create" and the figure's entry: all still there
    assert "append-only" in out["after_purge"], out  # the purge ended with its block
    assert out["after_purge_left"] == out["left"] - 1
    assert out["truncated_left"] == 0
    assert out["flushed_left"] == 0  # Django's flush (TRUNCATE) between tests still works
