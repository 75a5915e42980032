from django.contrib import admin

from matching.models import MatchingRun, Proposal


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0
    can_delete = False
    fields = ["package", "score"]
    readonly_fields = ["package", "score"]

    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "status",
        "scope",
        "scope_province",
        "progress",
        "score",
        "bound",
        "hours_placed",
        "started_by",
        "created_at",
    ]
    list_filter = ["status", "scope", "scope_province"]
    search_fields = ["error", "progress_message"]
    readonly_fields = [
        "status",
        "progress",
        "progress_message",
        "started_at",
        "finished_at",
        "heartbeat_at",
        "score",
        "bound",
        "hours_placed",
        "stats",
        "error",
    ]
    filter_horizontal = ["scope_companies"]
    inlines = [ProposalInline]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["package", "run", "score"]
    list_filter = ["run", "package__status"]
    search_fields = ["package__company__name", "package__organisation__name"]
    list_select_related = ["package__company", "package__team__organisation", "run"]
    raw_id_fields = ["package", "run"]
