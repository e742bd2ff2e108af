"""Offices themselves are catalog Units of kind "office" (edited with the units);
their members are Memberships. Here: the contribution states and uploaded Word files."""

from django.contrib import admin

from baocao.offices.models import Contribution, UpdateProposal


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ("section", "state", "changed_by", "changed_at")
    list_filter = ("state",)
    raw_id_fields = ("section", "changed_by")
    search_fields = ("section__title", "section__report__unit__name")


@admin.register(UpdateProposal)
class UpdateProposalAdmin(admin.ModelAdmin):
    list_display = ("filename", "report", "user", "created_at", "applied_at")
    raw_id_fields = ("report", "user")
    readonly_fields = ("changes",)
