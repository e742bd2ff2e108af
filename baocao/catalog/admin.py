from django.contrib import admin

from baocao.catalog.models import CatalogSource, Indicator, MovedDay, ReportTemplate, Target, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "formed_from", "valid_to"]
    list_filter = ["kind", "formed_from"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "successor"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "kind", "group", "partial", "better"]
    list_filter = ["kind", "group"]
    search_fields = ["code", "name"]


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "issuer", "frequency", "period_mode", "deadline_days"]
    list_filter = ["issuer", "frequency"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["unit", "indicator", "year", "value"]
    list_filter = ["year"]
    search_fields = ["unit__name", "unit__code", "indicator__code"]
    raw_id_fields = ["unit", "indicator"]


@admin.register(MovedDay)
class MovedDayAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "note", "source"]
    list_filter = ["kind"]
    date_hierarchy = "day"


@admin.register(CatalogSource)
class CatalogSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "data_version", "loaded_at"]
    readonly_fields = ["name", "version", "data_version", "loaded_at", "provinces"]
