"""/healthz for the load balancer or systemd, and a Vietnamese 503 page when the
database does not answer (instead of a 500). The app recovers by itself once the
database is back: Django opens a new connection on the next request."""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

log = logging.getLogger("baocao")


def healthz(request):
    """200 {"status": "ok"} when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        log.warning("healthz: database unavailable: %s", exc)
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def server_error(request):
    """handler500: a lost database connection is a 503 "try again" page (the request's
    transaction was rolled back, so nothing was partly written); anything else is the
    Vietnamese 500 page. Django calls this inside its except block."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        log.error("database unavailable: %s", error)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
