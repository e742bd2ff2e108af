"""The user's API tokens on their profile page: list, create (the secret is shown
once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from baocao.api import tokens
from baocao.api.models import ApiToken

EXPIRY_CHOICES = [("30d", "30 ngày"), ("90d", "90 ngày"), ("365d", "1 năm"), ("", "Không hết hạn")]


@login_required
def tokens_page(request):
    secret = None
    if request.method == "POST":
        name = request.POST.get("name", "").strip()[:100]
        expires = request.POST.get("expires", "90d")
        if expires not in dict(EXPIRY_CHOICES):
            expires = "90d"
        _, secret = tokens.create_token(
            request.user,
            name=name,
            expires_in=tokens.parse_duration(expires) if expires else None,
            read_only=request.POST.get("read_only") == "1",
        )
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": ApiToken.objects.filter(user=request.user),
            "secret": secret,
            "expiry_choices": EXPIRY_CHOICES,
        },
    )


@login_required
@require_POST
def revoke_token(request, pk):
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise Http404("Không tìm thấy khóa.")
    tokens.revoke(token)
    messages.success(request, f"Đã thu hồi khóa {token.prefix}….")
    return redirect("api_tokens")
