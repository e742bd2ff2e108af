"""Who is calling: a Bearer token (acting with its user's roles and units) or the
web session of a logged-in user. Tokens are rate limited per minute."""

from __future__ import annotations

import os
import time

from django.core.cache import cache
from ninja.security import HttpBearer, SessionAuth

from baocao.api.problems import ApiProblem
from baocao.api.tokens import find_token


def rate_per_minute() -> int:
    return int(os.environ.get("BAOCAO_API_RATE_PER_MINUTE", "600"))


def _count(token) -> None:
    """A fixed one-minute window per token in the cache (the server is one process)."""
    now = time.time()
    window = int(now // 60)
    key = f"api-rate:{token.key_hash[:16]}:{window}"
    cache.add(key, 0, timeout=90)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=90)
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
