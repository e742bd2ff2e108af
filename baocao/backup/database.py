"""Backup and restore of the configured database: SQLite through its online backup API
(consistent while the app runs), PostgreSQL through pg_dump/pg_restore (custom format)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from django.db import connection

from baocao.backup import verify

Progress = Callable[[str], None]


class BackupError(Exception):
    """str() is a Vietnamese message for the operator."""


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def _pg_env() -> tuple[list[str], dict]:
    s = connection.settings_dict
    args = ["--dbname", s["NAME"]]
    if s.get("HOST"):
        args += ["--host", s["HOST"]]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", s["USER"]]
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return args, env


def _tables(cursor) -> list[str]:
    return connection.introspection.table_names(cursor)


def _sqlite_tables(cursor) -> list[str]:
    """Tables only (Django's introspection lists views too), the same on both sides."""
    cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    return [row[0] for row in cursor.fetchall()]


# -- backup -----------------------------------------------------------------------------


def backup(out: Path, progress: Progress) -> dict:
    out = out.resolve()
    if out.exists():
        raise BackupError(f"Tệp {out} đã có; hãy chọn tên khác (không ghi đè bản sao lưu cũ).")
    with connection.cursor() as cursor:
        if "django_migrations" not in _tables(cursor):
            raise BackupError(
                "Cơ sở dữ liệu đang cấu hình trống hoặc không có: không có gì để sao lưu."
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    return _backup_sqlite(out, progress) if is_sqlite() else _backup_postgres(out, progress)


def _backup_sqlite(out: Path, progress: Progress) -> dict:
    source = sqlite3.connect(connection.settings_dict["NAME"])
    target = sqlite3.connect(out)
    try:

        def step(status, remaining, total):
            done = total - remaining
            progress(f"Sao lưu: {done}/{total} trang ({100 * done // max(total, 1)}%)")

        source.backup(target, pages=256, progress=step)
    finally:
        source.close()
    try:
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        cursor = target.cursor()
        data = verify.summary(cursor, _sqlite_tables(cursor))
    finally:
        target.close()
    verify.write_manifest(out, data)
    return data


def _backup_postgres(out: Path, progress: Progress) -> dict:
    """pg_dump reads the snapshot this transaction exported, so the counts printed are
    exactly those of the file, whatever the app writes meanwhile."""
    args, env = _pg_env()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            data = verify.summary(cursor, _tables(cursor))
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--verbose",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(out),
                    *args,
                ],
                env,
                progress,
            )
        finally:
            cursor.execute("COMMIT")
    verify.write_manifest(out, data)
    return data


def _run(command: list[str], env: dict, progress: Progress) -> None:
    try:
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
    except FileNotFoundError:
        raise BackupError(f"Không tìm thấy {command[0]} (gói postgresql-client).") from None
    tail = []
    for line in process.stderr:
        line = line.strip()
        tail = (tail + [line])[-5:]
        if "table" in line or "TABLE" in line:
            progress(line.split(":", 1)[-1].strip())
    if process.wait() != 0:
        raise BackupError(f"{command[0]} thất bại: " + " / ".join(tail))


# -- restore ----------------------------------------------------------------------------


def restore(source: Path, progress: Progress) -> dict:
    source = source.resolve()
    if not source.exists():
        raise BackupError(f"Không có tệp {source}.")
    with connection.cursor() as cursor:
        existing = [t for t in _tables(cursor) if not t.startswith("sqlite_")]
    if existing:
        raise BackupError(
            f"Cơ sở dữ liệu đích không trống ({len(existing)} bảng); chỉ phục hồi vào một cơ sở "
            "dữ liệu mới, trống, để không trộn lẫn dữ liệu."
        )
    if is_sqlite():
        _restore_sqlite(source, progress)
    else:
        args, env = _pg_env()
        _run(
            ["pg_restore", "--verbose", "--exit-on-error", "--no-owner", *args, str(source)],
            env,
            progress,
        )
    connection.close()
    with connection.cursor() as cursor:
        return verify.summary(cursor, _sqlite_tables(cursor) if is_sqlite() else _tables(cursor))


def _restore_sqlite(source: Path, progress: Progress) -> None:
    try:
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        backup_db.execute("SELECT count(*) FROM sqlite_master")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} không phải bản sao lưu SQLite: {exc}") from None
    connection.close()
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:

        def step(status, remaining, total):
            done = total - remaining
            progress(f"Phục hồi: {done}/{total} trang ({100 * done // max(total, 1)}%)")

        backup_db.backup(target, pages=256, progress=step)
    finally:
        backup_db.close()
        target.close()
