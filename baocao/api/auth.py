"""Who is calling: a Bearer token (acting with its user's roles and units) or the
web session of a logged-in user. Tokens are rate limited per minute."""

from __future__ import annotations

import os
import time

from django.db.models import F
from ninja.security import HttpBearer, SessionAuth

from baocao.api.models import ApiToken
from baocao.api.problems import ApiProblem
from baocao.api.tokens import find_token


def rate_per_minute() -> int:
    return int(os.environ.get("BAOCAO_API_RATE_PER_MINUTE", "600"))


def _count(token) -> None:
    """A fixed one-minute window per token, counted on the token's row: the server
    runs several worker processes, so a per-process cache would multiply the limit."""
    now = time.time()
    window = int(now // 60)
    rows = ApiToken.objects.filter(pk=token.pk)
    if rows.filter(rate_window=window).update(rate_count=F("rate_count") + 1):
        used = rows.values_list("rate_count", flat=True).first() or 0
    else:
        rows.update(rate_window=window, rate_count=1)
        used = 1
    if used > rate_per_minute():
        retry = max(1, int(60 - now % 60))
        raise ApiProblem(
            429,
            f"Quá {rate_per_minute()} yêu cầu một phút cho khóa này; thử lại sau {retry} giây.",
            kind="rate-limited",
            headers={"Retry-After": str(retry)},
        )


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = find_token(token)
        if found is None:
            return None
        _count(found)
        request.user = found.user
        request.api_token = found
        return found.user


class SessionAuthAny(SessionAuth):
    """The web session; CSRF is checked on writes, as on the web pages. A call that
    sends a token is judged by the token alone: a bad one is never rescued by a
    session cookie."""

    def authenticate(self, request, key):
        if request.headers.get("Authorization"):
            return None
        return super().authenticate(request, key)


AUTH = [TokenAuth(), SessionAuthAny()]


def require_write(request) -> None:
    token = getattr(request, "api_token", None)
    if token is not None and token.read_only:
        raise ApiProblem(403, "Khóa API này chỉ được đọc, không được ghi.", kind="read-only-token")
