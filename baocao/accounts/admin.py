from django.contrib import admin

from baocao.accounts.models import Membership, UnitPolicy


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name", "unit__code"]
    raw_id_fields = ["unit"]


@admin.register(UnitPolicy)
class UnitPolicyAdmin(admin.ModelAdmin):
    list_display = ["unit", "allow_self_approval"]
    raw_id_fields = ["unit"]
    search_fields = ["unit__name", "unit__code"]
