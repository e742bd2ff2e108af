"""Login lock-out with django-axes (settings: AXES_*): the pieces of our own.

Axes counts failures per user name and address, atomically; but it checks the lock
before the password and records the failure after, so parallel attempts could each
pass the check. LoginForm takes a row lock on the user first, so attempts for one
name are checked one after the other and no more than AXES_FAILURE_LIMIT passwords
are ever tried."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import transaction


def client_ip(request) -> str | None:
    """The address the lock counts. With BAOCAO_TRUSTED_PROXIES = N (settings), each of
    our N proxies appended the address it saw to X-Forwarded-For, so the client is the
    N-th entry from the right; entries left of it are whatever the client sent and are
    ignored. Without trusted proxies the header is ignored: anyone can write it.
    (django-ipware's proxy count reads the header differently: one nginx in front
    yields no address at all for a request without a forged header.)"""
    trusted = settings.BAOCAO_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR") or None
    if not trusted:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < trusted:
        return remote  # not through all our proxies: a direct connection
    candidate = hops[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def username(request, credentials) -> str:
    """The name as counted: " CanBo " and "canbo" are one name to the lock."""
    name = (credentials or {}).get("username") or ""
    return name.strip().lower()[:150]


class LoginForm(AuthenticationForm):
    def clean(self):
        name = self.cleaned_data.get("username") or ""
        error = None
        with transaction.atomic():
            # Serialises attempts for this name (SQLite already serialises writers).
            list(get_user_model().objects.select_for_update().filter(username=name).values("pk"))
            try:
                return super().clean()
            except ValidationError as exc:
                error = exc  # raised outside the block, so the failure axes recorded is kept
        raise error
