from django.contrib import admin

from organisations.models import Organisation, OrganisationMembership, Team


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "type",
        "municipality",
        "province",
        "radius_km",
        "supervision_hours",
        "onsite",
        "inhouse",
    ]
    list_filter = ["type", "province", "onsite", "inhouse", "categories"]
    search_fields = ["name", "enterprise_number", "municipality"]
    filter_horizontal = ["categories"]
    inlines = [TeamInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "organisation",
        "capacity_hours",
        "max_level",
        "max_time_pressure",
        "max_physical_load",
        "supervision_ratio",
        "headcount",
    ]
    list_filter = ["max_level", "organisation__province", "organisation__type"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]
