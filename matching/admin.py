from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.models import Company
from core.taxonomy import Province
from matching.dashboard import dashboard_figures
from matching.models import MatchingRun, Proposal
from matching.services import (
    DEFAULT_TIME_LIMIT,
    PackageRuleError,
    package_approve,
    package_fit_report,
    package_reject,
    package_task_move,
    package_task_remove,
    run_create,
)
from organisations.models import Team
from tasks.admin import TaskPackageAdmin
from tasks.models import Task, TaskPackage


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
            path(
                "dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="matching_dashboard",
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

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Coach dashboard"),
            "opts": self.model._meta,
            **dashboard_figures(),
        }
        return render(request, "admin/matching/dashboard.html", context)

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


class MoveTaskForm(forms.Form):
    task = forms.ModelChoiceField(label=gettext_lazy("Task"), queryset=Task.objects.none())
    target = forms.ModelChoiceField(
        label=gettext_lazy("to this proposal of the same company"),
        queryset=TaskPackage.objects.none(),
        required=False,
    )
    team = forms.ModelChoiceField(
        label=gettext_lazy("or to a new proposal for this team"),
        queryset=Team.objects.select_related("organisation"),
        required=False,
    )

    def __init__(self, *args, package: TaskPackage, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = package.tasks.all()
        self.fields["target"].queryset = TaskPackage.objects.filter(
            company_id=package.company_id, status=TaskPackage.Status.PROPOSED
        ).exclude(pk=package.pk)


class ReviewTaskPackageAdmin(TaskPackageAdmin):
    """Task packages with the coach's review: every change goes through the services, which
    re-check the spec's rules, so the package's own fields are read-only here."""

    actions = ["approve_packages", "reject_packages"]
    filter_horizontal = []
    readonly_fields = [
        "company",
        "organisation",
        "team",
        "status",
        "published",
        "hours_per_week",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields
    change_form_template = "admin/tasks/taskpackage/review.html"

    def get_urls(self):  # noqa: ANN201
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/remove-task/", view(self.remove_task_view), name="package_remove_task"),
            path("<int:pk>/move-task/", view(self.move_task_view), name="package_move_task"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):  # noqa: ANN001, ANN201
        package = get_object_or_404(TaskPackage, pk=object_id)
        extra = {
            **(extra_context or {}),
            "fit": package_fit_report(package=package),
            "move_form": MoveTaskForm(package=package),
            "events": package.events.select_related("actor"),
            "adjustable": package.status == TaskPackage.Status.PROPOSED,
        }
        return super().change_view(request, object_id, form_url, extra)

    def _back(self, package: TaskPackage) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:tasks_taskpackage_change", args=[package.pk]))

    def remove_task_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponse(status=405)
        if not self.has_change_permission(request):
            return HttpResponse(status=403)
        package = get_object_or_404(TaskPackage, pk=pk)
        task = get_object_or_404(package.tasks, pk=request.POST.get("task"))
        try:
            package_task_remove(package=package, task=task, coach=request.user)
        except PackageRuleError as exc:
            messages.error(request, _("Not changed: %(why)s") % {"why": exc})
        else:
            messages.success(request, _("The task is taken out of the package."))
        return self._back(package)

    def move_task_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponse(status=405)
        if not self.has_change_permission(request):
            return HttpResponse(status=403)
        package = get_object_or_404(TaskPackage, pk=pk)
        form = MoveTaskForm(request.POST, package=package)
        if not form.is_valid():
            messages.error(request, _("Not changed: %(why)s") % {"why": form.errors.as_text()})
            return self._back(package)
        data = form.cleaned_data
        try:
            target = package_task_move(
                package=package,
                task=data["task"],
                coach=request.user,
                target=data["target"],
                team=data["team"],
            )
        except PackageRuleError as exc:
            messages.error(request, _("Not changed: %(why)s") % {"why": exc})
            return self._back(package)
        messages.success(request, _("The task is moved to package %(id)s.") % {"id": target.pk})
        return self._back(target)

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
