"""Bulk loads without the per-row fact and roll-up triggers.

The triggers of migration 0001 copy every written figure into analytics_fact, one
row at a time: right for the app's edits, slow for a load of 280,000 figures. A bulk
load (the demo, `baocao setup`) drops them, writes, then refills the fact table in
one INSERT ... SELECT, the roll-up per province (migration 0002) in another, and puts
the triggers back, all in the caller's transaction, so nobody ever reads a fact table
or a roll-up that disagrees with reports_value."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

# The migrations hold the one copy of the trigger SQL.
_sql = importlib.import_module("baocao.analytics.migrations.0001_initial")
_rollup = importlib.import_module("baocao.analytics.migrations.0002_rollup")
INDEXES = {
    "fact_read": "analytics_fact (template_id, indicator_id, period, unit_id, value)",
    "fact_report": "analytics_fact (report_id)",
}


def _statements(vendor: str) -> tuple[list[str], list[str]]:
    if vendor == "sqlite":
        return _rollup.SQLITE, _rollup.SQLITE_DROP
    if vendor == "postgresql":
        return _sql.POSTGRES + _rollup.POSTGRES, _rollup.POSTGRES_DROP + _sql.POSTGRES_DROP
    raise RuntimeError(f"analytics: no triggers for the {vendor} database")


def rebuild_facts() -> None:
    """Refill analytics_fact from reports_value ⋈ reports_report in one statement;
    the indexes are built once afterwards, not maintained row by row. Then the
    roll-up from the facts (with the triggers lifted: the caller's job)."""
    with connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute("DELETE FROM analytics_fact")
        cursor.execute(_sql.COPY)
        for name, target in INDEXES.items():
            cursor.execute(f"CREATE INDEX {name} ON {target}")
        rebuild_rollup(cursor)


def rebuild_rollup(cursor) -> None:
    """The roll-up per province recomputed from the fact table in one statement."""
    cursor.execute("DELETE FROM analytics_rollup")
    cursor.execute(_rollup.COPY)


@contextmanager
def facts_rebuilt_after() -> Iterator[None]:
    """Run a bulk write with the fact triggers lifted; rebuild the fact table and
    restore the triggers at the end (or undo everything on an error)."""
    create, drop = _statements(connection.vendor)
    with transaction.atomic():
        with connection.cursor() as cursor:
            for sql in drop:
                cursor.execute(sql)
        yield
        rebuild_facts()
        with connection.cursor() as cursor:
            for sql in create:
                cursor.execute(sql)


def lift(conn) -> None:
    """Drop the fact triggers (SQLite migrations; see apps.py)."""
    _create, drop = _statements(conn.vendor)
    with conn.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)


def restore(conn) -> None:
    """Put the fact triggers back after a migrate and refill the facts and the
    roll-up, which a migration may have changed while the triggers were lifted."""
    tables = conn.introspection.table_names()
    if "analytics_fact" not in tables or "analytics_rollup" not in tables:
        return
    create, drop = _statements(conn.vendor)
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)
        cursor.execute("DELETE FROM analytics_fact")
        cursor.execute(_sql.COPY)
        rebuild_rollup(cursor)
        for sql in create:
            cursor.execute(sql)


def triggers_installed() -> bool:
    """True when the fact and roll-up triggers exist (tests check that a load put
    them back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'analytics_%'"
            )
            return cursor.fetchone()[0] == len(_rollup.SQLITE)
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'analytics_%' AND NOT tgisinternal"
        )
        return cursor.fetchone()[0] == 7
