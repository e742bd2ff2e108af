"""Creating, checking and revoking API tokens. A token is "bc_" and 43 random URL-safe
characters; the database holds its SHA-256 (a random secret of 256 bits needs no
slow hash) and its first characters to tell tokens apart in lists."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from django.utils import timezone

from baocao.api.models import ApiToken

PREFIX = "bc_"
_DURATION = re.compile(r"^(\d+)\s*([dhw]?)$")


class TokenError(ValueError):
    """Bad token input; str() is a Vietnamese message."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def parse_duration(text: str) -> timedelta:
    """'90d', '12h', '2w', '30' (days)."""
    m = _DURATION.match((text or "").strip().lower())
    if not m or int(m.group(1)) == 0:
        raise TokenError(f"Không hiểu thời hạn «{text}». Ví dụ: 90d (ngày), 12h (giờ), 2w (tuần).")
    n, unit = int(m.group(1)), m.group(2) or "d"
    return {"d": timedelta(days=n), "h": timedelta(hours=n), "w": timedelta(weeks=n)}[unit]


def create_token(
    user, *, name: str = "", expires_in: timedelta | None = None, read_only: bool = False
) -> tuple[ApiToken, str]:
    """The stored token and its secret (shown once, never stored)."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(PREFIX) + 6],
        key_hash=digest(secret),
        read_only=read_only,
        expires_at=timezone.now() + expires_in if expires_in else None,
    )
    return token, secret


def find_token(secret: str) -> ApiToken | None:
    """The active token with this secret, or None (unknown, expired or revoked)."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    # One write a minute at most: the list shows when a token was last used, not a log.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def revoke(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
