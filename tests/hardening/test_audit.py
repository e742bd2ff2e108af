"""Audit rows cannot be changed, by the ORM, the admin or SQL: a database trigger."""

import pytest
from django.db import DatabaseError, connection, transaction

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
