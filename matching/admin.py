from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.models import Company
from core.taxonomy import Province
from matching.models import MatchingRun, Proposal
from matching.services import (
    DEFAULT_TIME_LIMIT,
    PackageRuleError,
    package_approve,
    package_reject,
    run_create,
)
from tasks.admin import TaskPackageAdmin
from tasks.models import TaskPackage


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0
    can_delete = False
    fields = ["package", "score"]
    readonly_fields = ["package", "score"]

    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


class RunStartForm(forms.Form):
    scope = forms.ChoiceField(label=gettext_lazy("Scope"), choices=MatchingRun.Scope.choices)
    province = forms.ChoiceField(
        label=gettext_lazy("Province"),
        choices=[("", "—"), *Province.choices],
        required=False,
    )
    companies = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Companies"), queryset=Company.objects.all(), required=False
    )
    time_limit = forms.FloatField(
        label=gettext_lazy("Time limit (seconds)"),
        min_value=1,
        max_value=1800,
        initial=DEFAULT_TIME_LIMIT,
    )
    seed = forms.IntegerField(label=gettext_lazy("Seed"), initial=0, min_value=0)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("scope") == MatchingRun.Scope.PROVINCE and not data.get("province"):
            self.add_error("province", _("Choose the province to match."))
        if data.get("scope") == MatchingRun.Scope.COMPANIES and not data.get("companies"):
            self.add_error("companies", _("Choose at least one company."))
        return data


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
        "scope",
        "scope_province",
        "parameters",
        "progress",
        "progress_message",
        "started_by",
        "started_at",
        "finished_at",
        "heartbeat_at",
        "score",
        "bound",
        "gap_display",
        "hours_placed",
        "stats",
        "error",
    ]
    exclude = ["scope_companies"]
    inlines = [ProposalInline]
    change_form_template = "admin/matching/matchingrun/change_form.html"

    @admin.display(description=gettext_lazy("gap"))
    def gap_display(self, obj: MatchingRun) -> str:
        return "—" if obj.gap is None else f"{100 * obj.gap:.2f} %"

    def get_urls(self):  # noqa: ANN201
        return [
            path(
                "start/",
                self.admin_site.admin_view(self.start_view),
                name="matching_matchingrun_start",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):  # noqa: ANN001
        return HttpResponseRedirect(reverse("admin:matching_matchingrun_start"))

    def start_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponse(status=403)
        form = RunStartForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            run = run_create(
                started_by=request.user,
                scope=data["scope"],
                province=data["province"],
                company_ids=[c.pk for c in data["companies"]],
                time_limit=data["time_limit"],
                seed=data["seed"],
            )
            messages.success(request, _("Matching run %(id)s is started.") % {"id": run.pk})
            return HttpResponseRedirect(reverse("admin:matching_matchingrun_change", args=[run.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Start a matching run"),
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "admin/matching/matchingrun/start.html", context)

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        # Runs are written by the engine only; coaches look at them.
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["package", "run", "score"]
    list_filter = ["run", "package__status"]
    search_fields = ["package__company__name", "package__organisation__name"]
    list_select_related = ["package__company", "package__team__organisation", "run"]
    raw_id_fields = ["package", "run"]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ReviewTaskPackageAdmin(TaskPackageAdmin):
    """Task packages with the coach's review actions."""

    actions = ["approve_packages", "reject_packages"]
    list_filter = [
        "status",
        ("proposal__run", admin.RelatedOnlyFieldListFilter),
        "organisation",
        "company",
        "tasks__category",
        "team__organisation__province",
    ]

    @admin.action(description=gettext_lazy("Approve and offer the selected packages"))
    def approve_packages(self, request: HttpRequest, queryset) -> None:  # noqa: ANN001
        for package in queryset.order_by("pk"):
            try:
                package_approve(package=package, coach=request.user)
            except PackageRuleError as exc:
                messages.error(
                    request,
                    _("Package %(id)s not approved: %(why)s") % {"id": package.pk, "why": exc},
                )
            else:
                messages.success(
                    request, _("Package %(id)s approved and offered.") % {"id": package.pk}
                )

    @admin.action(description=gettext_lazy("Reject the selected packages (with a reason)"))
    def reject_packages(self, request: HttpRequest, queryset):  # noqa: ANN001, ANN201
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            for package in queryset.order_by("pk"):
                try:
                    package_reject(
                        package=package, coach=request.user, reason=form.cleaned_data["reason"]
                    )
                except PackageRuleError as exc:
                    messages.error(request, f"{package.pk}: {exc}")
                else:
                    messages.success(request, _("Package %(id)s rejected.") % {"id": package.pk})
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject task packages"),
            "form": form,
            "packages": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return render(request, "admin/tasks/taskpackage/reject.html", context)


admin.site.unregister(TaskPackage)
admin.site.register(TaskPackage, ReviewTaskPackageAdmin)
