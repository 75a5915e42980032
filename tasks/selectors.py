"""Reads for the entrepreneur's pages: job descriptions, their tasks and packages.

Every function is scoped to a company the caller already fetched through
``companies.selectors.company_get_for_user``, so a user never reaches another tenant's rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from companies.models import Company, JobDescription
from core.taxonomy import Category
from tasks.decomposer import Task as Suggestion
from tasks.decomposer import decompose
from tasks.models import Task, TaskPackage

# A task in a package with one of these statuses belongs to that package: the coach, the
# organisation or the team rely on it, so the entrepreneur may not edit or remove it.
LOCKING_STATUSES: tuple[str, ...] = (
    TaskPackage.Status.PROPOSED,
    TaskPackage.Status.APPROVED,
    TaskPackage.Status.OFFERED,
    TaskPackage.Status.ACCEPTED,
    TaskPackage.Status.ACTIVE,
)
OFFERED_STATUSES: tuple[str, ...] = (
    TaskPackage.Status.OFFERED,
    TaskPackage.Status.ACCEPTED,
    TaskPackage.Status.ACTIVE,
)
PLACED_STATUSES: tuple[str, ...] = (TaskPackage.Status.ACCEPTED, TaskPackage.Status.ACTIVE)


def job_description_get(*, company: Company, pk: int) -> JobDescription:
    """The company's job description with this id; 404 for any other id."""
    return get_object_or_404(JobDescription.objects.filter(company=company), pk=pk)


def locking_packages_queryset() -> QuerySet[TaskPackage]:
    return TaskPackage.objects.filter(status__in=LOCKING_STATUSES).select_related(
        "organisation", "team"
    )


def job_description_tasks(*, job_description: JobDescription) -> QuerySet[Task]:
    """The job's tasks with their site and the packages that hold them (``locking_packages``)."""
    return (
        job_description.tasks.select_related("site")
        .prefetch_related(
            Prefetch("packages", queryset=locking_packages_queryset(), to_attr="locking_packages")
        )
        .order_by("id")
    )


def task_locked_by(*, task_ids: Iterable[int]) -> dict[int, TaskPackage]:
    """Task id → a package that holds it, in one query (through the m2m table)."""
    ids = list(task_ids)
    if not ids:
        return {}
    through = TaskPackage.tasks.through
    rows = (
        through.objects.filter(task_id__in=ids, taskpackage__status__in=LOCKING_STATUSES)
        .select_related("taskpackage__organisation", "taskpackage__team")
        .order_by("task_id", "taskpackage_id")
    )
    locked: dict[int, TaskPackage] = {}
    for row in rows:
        locked.setdefault(row.task_id, row.taskpackage)
    return locked


@dataclass(frozen=True)
class SuggestionNote:
    """What the decomposer said about a task, recomputed from the job's text for display."""

    suggestion: Suggestion
    hours_estimated: bool  # the text gave no hours: the task got a share of the job's hours

    @property
    def category_label(self) -> str:
        code = self.suggestion.category
        return str(Category(code).label) if code in Category.values else code

    @property
    def category_words(self) -> list[str]:
        return list(self.suggestion.explanation.get("category_words") or [])

    @property
    def level_words(self) -> list[str]:
        return list(self.suggestion.explanation.get("level_words") or [])

    @property
    def hours_text(self) -> str:
        return str(self.suggestion.explanation.get("hours_text") or "")


def task_suggestions(
    *, job_description: JobDescription, tasks: Iterable[Task]
) -> dict[int, SuggestionNote]:
    """Task id → the decomposer's suggestion it came from.

    The explanation is not stored; the decomposer is deterministic and offline, so running
    it again on the saved text gives the same suggestions. A task is matched to the
    suggestion whose source statement it still carries as its description; a task whose
    description the user rewrote (or added by hand) gets no explanation.
    """
    if not job_description.text:
        return {}
    by_source: dict[str, list[Suggestion]] = {}
    for suggestion in decompose(job_description.text).tasks:
        by_source.setdefault(suggestion.source, []).append(suggestion)
    notes: dict[int, SuggestionNote] = {}
    for task in tasks:
        candidates = by_source.get(task.description)
        if candidates:
            suggestion = candidates.pop(0)
            notes[task.pk] = SuggestionNote(
                suggestion=suggestion, hours_estimated=suggestion.hours_per_week is None
            )
    return notes


@dataclass(frozen=True)
class HoursSummary:
    offered: Decimal
    placed: Decimal


def company_hours_summary(*, company: Company) -> HoursSummary:
    """Hours per week in packages offered to (or taken on by) teams, and those placed."""

    def total(statuses: tuple[str, ...]) -> Any:
        return Coalesce(
            Sum("hours_per_week", filter=Q(status__in=statuses)),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=8, decimal_places=1),
        )

    sums = TaskPackage.objects.filter(company=company).aggregate(
        offered=total(OFFERED_STATUSES), placed=total(PLACED_STATUSES)
    )
    return HoursSummary(offered=sums["offered"], placed=sums["placed"])


def company_dashboard_job_descriptions(*, company: Company) -> QuerySet[JobDescription]:
    """Job descriptions with their tasks and each task's packages, in three queries."""
    packages = TaskPackage.objects.select_related("organisation", "team").order_by("-created_at")
    tasks = (
        Task.objects.select_related("site")
        .prefetch_related(Prefetch("packages", queryset=packages))
        .order_by("id")
    )
    return (
        JobDescription.objects.filter(company=company)
        .prefetch_related(Prefetch("tasks", queryset=tasks))
        .order_by("-created_at", "-id")
    )


def company_dashboard_packages(*, company: Company) -> QuerySet[TaskPackage]:
    """The company's packages with organisation, team and tasks, in two queries."""
    return (
        TaskPackage.objects.filter(company=company)
        .select_related("organisation", "team")
        .prefetch_related(Prefetch("tasks", queryset=Task.objects.order_by("id")))
        .order_by("-created_at", "-id")
    )
