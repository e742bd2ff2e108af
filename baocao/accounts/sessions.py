"""Sliding session expiry without a database write on every request.

SESSION_SAVE_EVERY_REQUEST made every request (a figure saved, a page read) also
UPDATE django_session and commit: one more transaction per request, the most
frequent write of the load test. Here the session is written again only when the
last write is older than REFRESH_SECONDS, so an idle session still ends a working
day (SESSION_COOKIE_AGE) after the last request, give or take those minutes."""

from __future__ import annotations

import time

REFRESH_SECONDS = 300
TOUCHED = "_touched"
clock = time.time  # replaced in tests


class SlidingSessionMiddleware:
    """Listed after SessionMiddleware, so this runs on the response first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session the request used (a logged-in user's): an untouched one
        # is not loaded from the database just to slide it.
        if session is not None and session.accessed and not session.is_empty():
            now = int(clock())
            if now - session.get(TOUCHED, 0) >= REFRESH_SECONDS:
                session[TOUCHED] = now  # marks it modified: SessionMiddleware saves it
        return response
