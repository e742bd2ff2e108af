from django.contrib import admin

from baocao.reports.models import AuditEntry, Report, Value


class ValueInline(admin.TabularInline):
    model = Value
    extra = 0
    raw_id_fields = ["indicator"]
    fields = ["indicator", "value", "source", "version"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["unit", "template", "period", "status", "source", "updated_at"]
    list_filter = ["status", "template", "period"]
    search_fields = ["unit__name", "unit__code"]
    raw_id_fields = ["unit"]
    inlines = [ValueInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "report", "user", "action", "target", "old", "new"]
    list_filter = ["action"]
    raw_id_fields = ["report"]

    # Append-only (baocao/backup/audit.py): read, never changed or deleted; without the
    # delete permission the admin also refuses to delete a report that has history.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
