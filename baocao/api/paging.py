"""Keyset pagination: `limit` (1–500) and an opaque `cursor` (the last id seen), so
pages stay stable while rows are added."""

from __future__ import annotations

import base64

from django.db.models import QuerySet

from baocao.api.problems import ApiProblem

MAX_LIMIT = 500


def _decode(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode("ascii") + b"==").decode("ascii")
        kind, _, number = raw.partition(":")
        if kind != "id" or not number.isdigit() or len(number) > 18:
            raise ValueError
        return int(number)
    except (ValueError, UnicodeError):
        raise ApiProblem(422, "Tham số cursor không hợp lệ.", kind="bad-cursor") from None


def _encode(pk: int) -> str:
    return base64.urlsafe_b64encode(f"id:{pk}".encode()).decode("ascii").rstrip("=")


def page(queryset: QuerySet, limit: int, cursor: str | None) -> tuple[list, str | None]:
    queryset = queryset.order_by("pk")
    if cursor:
        queryset = queryset.filter(pk__gt=_decode(cursor))
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (_encode(rows[-1].pk) if more and rows else None)
