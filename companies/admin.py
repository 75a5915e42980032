from django.contrib import admin

from companies.models import Company, CompanyMembership, JobDescription, Site


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ["name", "address", "postal_code", "municipality", "province"]


class MembershipInline(admin.TabularInline):
    model = CompanyMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "enterprise_number", "sector", "contact_name", "created_at"]
    list_filter = ["sector", "sites__province"]
    search_fields = ["name", "enterprise_number", "contact_name", "contact_email"]
    inlines = [SiteInline, MembershipInline]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "company", "postal_code", "municipality", "province"]
    list_filter = ["province"]
    search_fields = ["name", "company__name", "municipality", "postal_code"]
    list_select_related = ["company"]


@admin.register(CompanyMembership)
class CompanyMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "company__name"]
    list_select_related = ["user", "company"]
    autocomplete_fields = ["user", "company"]


@admin.register(JobDescription)
class JobDescriptionAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "status", "hours_per_week", "created_at"]
    list_filter = ["status", "company__sector"]
    search_fields = ["title", "text", "company__name"]
    list_select_related = ["company"]
    date_hierarchy = "created_at"
