"""Fast bulk writes for the demo load: plain executemany over tuples instead of model
instances (building 250,000 instances was most of the old 45-74 s load).

An outline is built once through reports.services.instantiate_outline for one report
of a template (the prototype), then its rows are copied for every other report of
that template, column by column, so whatever fields the outline models gain are
copied too; only the keys pointing inside the outline are remapped."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection

from baocao.reports.models import Block, Report, Section, Task


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _next_id(model) -> int:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        return cursor.fetchone()[0] + 1


def _count(model, where: str, params: list) -> int:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", params)
        return cursor.fetchone()[0]


def _copy(model, numbered: str, joins: str, remap: dict[str, str], params) -> None:
    """INSERT INTO model SELECT its rows kept by `joins` (alias o) once per target
    (alias t), every column as it is except those of `remap` (column → expression)."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [f.column for f in model._meta.concrete_fields]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    exprs = ", ".join(remap.get(c, f"o.{connection.ops.quote_name(c)}") for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}) {numbered} SELECT {exprs} FROM {table} o "
            f"{joins} CROSS JOIN t",
            params,
        )


def copy_outline(prototype: Report, reports: list[Report]) -> None:
    """Give each of `reports` the prototype's sections, blocks and tasks, in three
    INSERT ... SELECT statements: the rows never travel through Python (copying them
    row by row took ~3 s of the demo load). Every column is copied as it is, so
    whatever fields the outline models gain are copied too; only the keys pointing
    inside the outline are remapped."""
    targets = [r.pk for r in reports if r.pk != prototype.pk]
    if not targets:
        return
    q = connection.ops.quote_name
    report_t, section_t, block_t, task_t = (
        q(m._meta.db_table) for m in (Report, Section, Block, Task)
    )
    sections = _count(Section, "report_id = %s", [prototype.pk])
    blocks = _count(
        Block, f"section_id IN (SELECT id FROM {section_t} WHERE report_id = %s)", [prototype.pk]
    )
    tasks = _count(Task, "report_id = %s", [prototype.pk])
    next_section, next_block, next_task = _next_id(Section), _next_id(Block), _next_id(Task)
    # t: the target reports numbered 0..n-1; s, b, k: the prototype's sections,
    # blocks and tasks numbered 0..n-1 in id order. A copy's id is
    # next id + the target's number × rows a report + the row's number.
    marks = ", ".join(["%s"] * len(targets))
    numbered = f"""WITH t AS (
        SELECT id AS rid, ROW_NUMBER() OVER (ORDER BY id) - 1 AS idx
        FROM {report_t} WHERE id IN ({marks})),
      s AS (
        SELECT id AS old, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k
        FROM {section_t} WHERE report_id = %s),
      b AS (
        SELECT id AS old, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k
        FROM {block_t} WHERE section_id IN (SELECT old FROM s)),
      k AS (
        SELECT id AS old, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k
        FROM {task_t} WHERE report_id = %s)"""
    head = [*targets, prototype.pk, prototype.pk]

    def section_id(alias: str) -> str:  # NULL stays NULL (a LEFT JOIN's k is NULL)
        return f"{next_section} + t.idx * {sections} + {alias}.k"

    def block_id(alias: str) -> str:
        return f"{next_block} + t.idx * {blocks} + {alias}.k"

    _copy(
        Section,
        numbered,
        "JOIN s ON s.old = o.id LEFT JOIN s sp ON sp.old = o.parent_id",
        {"id": section_id("s"), "report_id": "t.rid", "parent_id": section_id("sp")},
        head,
    )
    _copy(
        Block,
        numbered,
        "JOIN b ON b.old = o.id JOIN s ON s.old = o.section_id "
        "LEFT JOIN b ba ON ba.old = o.anchor_id",
        {"id": block_id("b"), "section_id": section_id("s"), "anchor_id": block_id("ba")},
        head,
    )
    _copy(
        Task,
        numbered,
        "JOIN k ON k.old = o.id JOIN s ON s.old = o.section_id",
        {
            "id": f"{next_task} + t.idx * {tasks} + k.k",
            "report_id": "t.rid",
            "section_id": section_id("s"),
        },
        head,
    )
    reset_sequences(Section, Block, Task)  # the next ORM insert must not reuse these ids


def reset_sequences(*models) -> None:
    """PostgreSQL: move the id sequences past the ids given explicitly above."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@contextmanager
def indexes_built_after(*models) -> Iterator[None]:
    """SQLite: drop the tables' secondary indexes for the load and build each once
    at the end (a sort) instead of inserting 250,000 keys one by one. Read from
    sqlite_master, so an index another app adds is rebuilt as it was declared."""
    if connection.vendor != "sqlite":
        yield
        return
    tables = [m._meta.db_table for m in models]
    marks = ", ".join(["%s"] * len(tables))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks})",
            tables,
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        for _, sql in indexes:
            cursor.execute(sql)
