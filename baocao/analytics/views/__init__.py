"""Pages of the city's view, one module per page. Every page is for city staff only:
a commune's user gets 403 (the page exists, but is not theirs to open)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from baocao.accounts.access import is_city_staff, visible_units
from baocao.catalog.models import Unit


def city_staff_only(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_city_staff(request.user):
            raise PermissionDenied("Trang này dành cho cán bộ thành phố.")
        return view(request, *args, **kwargs)

    return wrapper


def scope(request) -> QuerySet[Unit]:
    """The units the user may read (city staff: the whole city)."""
    return visible_units(request.user)
