"""Audit rows are append-only (issue 15), at three levels:

- the ORM: AuditEntry's queryset refuses update() and delete(), an instance refuses
  save() once stored and delete() (AppendOnlyModel below);
- the admin: no change or delete permission on audit rows, so a report with history
  cannot be deleted there either (the admin asks for the related rows' permission);
- the database: triggers (backup/migrations) refuse UPDATE on SQLite and PostgreSQL and
  DELETE on PostgreSQL, whoever runs it (cascade from a report, raw SQL).

The one way out is `purge()`, for the demo's own reset and import (synthetic history):
it lifts the ORM check for the current context and, on PostgreSQL, sets a
transaction-local flag the trigger reads, so it ends with the transaction.
TRUNCATE (Django's flush between tests on PostgreSQL) fires no row trigger.
SQLite has no DELETE trigger: Django's flush empties tables there with DELETE."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.db import DatabaseError, connection, models, transaction

MESSAGE = "audit rows are append-only"
_purging = contextvars.ContextVar("audit_purge", default=False)


class AppendOnlyError(DatabaseError):
    """An audit row was about to be changed or removed."""

    def __init__(self, message: str = MESSAGE):
        super().__init__(message)


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError()

    def delete(self):
        if not _purging.get():
            raise AppendOnlyError()
        return super().delete()


class AppendOnlyModel(models.Model):
    """Abstract base of AuditEntry: rows are created, never changed or deleted."""

    objects = AuditQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not _purging.get():
            raise AppendOnlyError()
        return super().delete(*args, **kwargs)


@contextlib.contextmanager
def purge() -> Iterator[None]:
    """Allow deleting audit rows inside this block (the demo's synthetic history only).
    Runs in a transaction so the PostgreSQL flag cannot outlive it."""
    token = _purging.set(True)
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('baocao.audit_purge', 'on', true)")
            yield
            # On an error the (sub)transaction rolls back, and the flag with it.
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('baocao.audit_purge', '', true)")
    finally:
        _purging.reset(token)
