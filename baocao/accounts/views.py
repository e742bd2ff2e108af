"""Passwords: every user changes their own; a unit's administrator sets a new one for
a member of their unit who has forgotten it (no e-mail: communes hand it over in person)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from baocao.accounts.access import roles_for
from baocao.accounts.models import Membership
from baocao.catalog.models import Unit

log = logging.getLogger("baocao")


def _administered_unit(user, code: str) -> Unit:
    unit = get_object_or_404(Unit, code=code)
    if Membership.ADMIN not in roles_for(user, unit):
        raise PermissionDenied
    return unit


@login_required
def unit_users(request, code):
    """The unit's accounts, for its administrator."""
    unit = _administered_unit(request.user, code)
    members = (
        Membership.objects.filter(unit=unit)
        .select_related("user")
        .order_by("user__username", "role")
    )
    return render(request, "accounts/unit_users.html", {"unit": unit, "members": members})


@login_required
def reset_password(request, code, user_id):
    unit = _administered_unit(request.user, code)
    member = get_object_or_404(
        get_user_model(), pk=user_id, memberships__unit=unit, is_superuser=False
    )
    form = SetPasswordForm(member, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        log.info("password of %s reset by %s", member.username, request.user.username)
        messages.success(request, f"Đã đặt mật khẩu mới cho {member.username}.")
        return redirect(reverse("unit_users", args=[unit.code]))
    return render(
        request, "accounts/reset_password.html", {"unit": unit, "member": member, "form": form}
    )
