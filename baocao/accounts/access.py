"""Who may see which unit. Every view and API call goes through these functions."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from baocao.accounts.models import Membership
from baocao.catalog.models import Unit


def visible_units(user) -> QuerySet[Unit]:
    """Units whose data the user may read: their own units and everything under them
    (city staff: the city and all its communes and offices)."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    roots = list(Membership.objects.filter(user=user).values_list("unit_id", flat=True))
    if not roots:
        return Unit.objects.none()
    # An office's members read their commune's reports (offices/access.py: what they write).
    roots += Unit.objects.filter(pk__in=roots, kind=Unit.OFFICE).values_list("parent_id", flat=True)
    # Three levels (city → commune → office) cover the hierarchy; no recursion needed.
    return Unit.objects.filter(
        Q(id__in=roots) | Q(parent_id__in=roots) | Q(parent__parent_id__in=roots)
    )


def can_view_unit(user, unit: Unit) -> bool:
    """Whether visible_units(user) has the unit, in one query (every view of a report
    asks): a membership of the unit or of one of its ancestors, or of an office under
    one of them."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    ancestors = _ancestors(unit)
    return (
        Membership.objects.filter(user=user)
        .filter(Q(unit_id__in=ancestors) | Q(unit__kind=Unit.OFFICE, unit__parent_id__in=ancestors))
        .exists()
    )


def _ancestors(unit: Unit) -> list[int]:
    """The unit and the (at most two) units above it."""
    ancestors = [unit.pk]
    if unit.parent_id:
        ancestors.append(unit.parent_id)
        if unit.parent.parent_id:
            ancestors.append(unit.parent.parent_id)
    return ancestors


def roles_for(user, unit: Unit) -> set[str]:
    """Roles the user holds for this unit, directly or through an ancestor."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return {Membership.ADMIN}
    return set(
        Membership.objects.filter(user=user, unit_id__in=_ancestors(unit)).values_list(
            "role", flat=True
        )
    )


def is_city_staff(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser
        or Membership.objects.filter(
            user=user, role__in=[Membership.CITY_STAFF, Membership.ADMIN]
        ).exists()
    )
