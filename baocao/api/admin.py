from django.contrib import admin, messages

from baocao.api import tokens
from baocao.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with `baocao token create`; here they are looked at and revoked."""

    list_display = [
        "prefix",
        "user",
        "name",
        "read_only",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["read_only", "revoked_at"]
    search_fields = ["user__username", "prefix", "name"]
    readonly_fields = ["user", "prefix", "key_hash", "created_at", "last_used_at", "revoked_at"]
    fields = [
        "user",
        "name",
        "prefix",
        "read_only",
        "expires_at",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke_selected"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Thu hồi các khóa đã chọn")
    def revoke_selected(self, request, queryset):
        for token in queryset:
            tokens.revoke(token)
        self.message_user(request, f"Đã thu hồi {queryset.count()} khóa.", messages.SUCCESS)
