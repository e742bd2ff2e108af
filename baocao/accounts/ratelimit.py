"""Login rate limiting: after MAX_FAILURES failed logins for one user name from one
address within WINDOW, further attempts from there are refused (even with the right
password) until the window has passed; a successful login clears the count. An
address that fails for many names (guessing accounts) is refused too.

It is an authentication backend, so every login form (ours and the admin's) goes
through it; failures are stored in the database, so several server processes share
them. Behind a reverse proxy REMOTE_ADDR is the proxy: set it from the proxy's
header there (e.g. with the proxy's real-IP module)."""

from __future__ import annotations

import math
from datetime import timedelta

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils import timezone

from baocao.accounts.models import LoginFailure

MAX_FAILURES = 5
MAX_FAILURES_PER_ADDRESS = 50
WINDOW = timedelta(minutes=15)
KEEP = timedelta(days=1)


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _name(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def blocked_for(username: str | None, ip: str | None) -> int:
    """Minutes until this name may try again from this address (0: not blocked)."""
    since = timezone.now() - WINDOW
    recent = LoginFailure.objects.filter(ip=ip, at__gte=since)
    for failures, limit in (
        (recent.filter(username=_name(username)), MAX_FAILURES),
        (recent, MAX_FAILURES_PER_ADDRESS),
    ):
        times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            free_at = times[-1] + WINDOW  # when the oldest counted failure expires
            return max(1, math.ceil((free_at - timezone.now()).total_seconds() / 60))
    return 0


class RateLimitedModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        minutes = blocked_for(username, client_ip(request))
        if minutes:
            if request is not None:
                request.login_blocked_minutes = minutes  # the login page says why
            raise PermissionDenied  # stops authenticate() at once: no password check
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed)
def record_failure(sender, credentials, request=None, **kwargs):
    if request is not None and getattr(request, "login_blocked_minutes", 0):
        return  # a refused attempt does not extend the block
    LoginFailure.objects.create(username=_name(credentials.get("username")), ip=client_ip(request))
    LoginFailure.objects.filter(at__lt=timezone.now() - KEEP).delete()


@receiver(user_logged_in)
def clear_failures(sender, request, user, **kwargs):
    LoginFailure.objects.filter(username=_name(user.get_username()), ip=client_ip(request)).delete()
