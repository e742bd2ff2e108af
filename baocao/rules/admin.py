from django.contrib import admin

from baocao.rules.models import Rule


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "kind", "severity", "enabled", "origin"]
    list_filter = ["kind", "severity", "enabled", "origin"]
    list_editable = ["severity", "enabled"]
    search_fields = ["code", "title", "target", "expression"]
    readonly_fields = ["origin", "updated_at"]
