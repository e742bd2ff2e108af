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


def _rows(model, where: str, params: list) -> tuple[list[str], list[tuple]]:
    columns = [f.column for f in model._meta.concrete_fields]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM {table} WHERE {where} ORDER BY id", params)
        return columns, cursor.fetchall()


def copy_outline(prototype: Report, reports: list[Report]) -> None:
    """Give each of `reports` the prototype's sections, blocks and tasks."""
    targets = [r.pk for r in reports if r.pk != prototype.pk]
    if not targets:
        return
    columns, sections = _rows(Section, "report_id = %s", [prototype.pk])
    section_ids = [row[0] for row in sections]
    marks = ", ".join(["%s"] * len(section_ids)) or "NULL"
    block_columns, blocks = _rows(Block, f"section_id IN ({marks})", section_ids)
    task_columns, tasks = _rows(Task, "report_id = %s", [prototype.pk])

    next_section, next_block, next_task = _next_id(Section), _next_id(Block), _next_id(Task)
    s_at = {c: i for i, c in enumerate(columns)}
    b_at = {c: i for i, c in enumerate(block_columns)}
    t_at = {c: i for i, c in enumerate(task_columns)}
    section_out, block_out, task_out = [], [], []
    for report_id in targets:
        new_section = {}
        for row in sections:
            new_section[row[0]] = next_section
            next_section += 1
        for row in sections:
            row = list(row)
            row[s_at["id"]] = new_section[row[0]]
            row[s_at["report_id"]] = report_id
            if row[s_at["parent_id"]] is not None:
                row[s_at["parent_id"]] = new_section[row[s_at["parent_id"]]]
            section_out.append(tuple(row))
        new_block = {}
        for row in blocks:
            new_block[row[0]] = next_block
            next_block += 1
        for row in blocks:
            row = list(row)
            row[b_at["id"]] = new_block[row[0]]
            row[b_at["section_id"]] = new_section[row[b_at["section_id"]]]
            if row[b_at["anchor_id"]] is not None:
                row[b_at["anchor_id"]] = new_block[row[b_at["anchor_id"]]]
            block_out.append(tuple(row))
        for row in tasks:
            row = list(row)
            row[t_at["id"]] = next_task
            next_task += 1
            row[t_at["report_id"]] = report_id
            row[t_at["section_id"]] = new_section[row[t_at["section_id"]]]
            task_out.append(tuple(row))
    insert_rows(Section, columns, section_out)
    insert_rows(Block, block_columns, block_out)
    insert_rows(Task, task_columns, task_out)
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
