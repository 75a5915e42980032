from django.contrib import admin

from tasks.models import PackageEvent, Task, TaskPackage


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "company_name",
        "category",
        "level",
        "hours_per_week",
        "mode",
        "outsourceable",
        "status",
    ]
    list_filter = ["status", "category", "level", "mode", "outsourceable", "site__province"]
    search_fields = ["title", "description", "job_description__company__name"]
    list_select_related = ["job_description__company", "site"]
    raw_id_fields = ["job_description", "site"]

    @admin.display(description="company", ordering="job_description__company__name")
    def company_name(self, obj: Task) -> str:
        return obj.job_description.company.name


class PackageEventInline(admin.TabularInline):
    model = PackageEvent
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "action", "from_status", "to_status", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(TaskPackage)
class TaskPackageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "company", "organisation", "team", "hours_per_week", "status"]
    list_filter = ["status", "organisation", "team__organisation__province"]
    search_fields = ["company__name", "organisation__name", "team__name", "tasks__title"]
    list_select_related = ["company", "organisation", "team__organisation"]
    raw_id_fields = ["company", "organisation", "team"]
    filter_horizontal = ["tasks"]
    inlines = [PackageEventInline]


@admin.register(PackageEvent)
class PackageEventAdmin(admin.ModelAdmin):
    list_display = ["package", "action", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["action", "to_status"]
    search_fields = ["reason", "package__company__name"]
    list_select_related = ["package__company", "package__team__organisation", "actor"]
