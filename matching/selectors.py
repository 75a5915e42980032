"""Reads the matching service needs: what is still free, per team and organisation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from organisations.models import Organisation, Team
from tasks.models import Task, TaskPackage


def tasks_open_for_matching(
    *, province: str = "", company_ids: Iterable[int] | None = None
) -> QuerySet[Task]:
    """Submitted, outsourceable tasks that no approved/offered/accepted/active package holds."""
    tasks = (
        Task.objects.filter(status=Task.Status.SUBMITTED, outsourceable=True)
        .exclude(packages__status__in=TaskPackage.RESERVING)
        .select_related("site", "job_description")
    )
    if province:
        tasks = tasks.filter(site__province=province)
    if company_ids is not None:
        tasks = tasks.filter(job_description__company_id__in=list(company_ids))
    return tasks.order_by("id")


def teams_with_free_hours(*, province: str = "") -> QuerySet[Team]:
    """Teams annotated with `used_hours`: what reserving packages already take."""
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=8, decimal_places=1))
    teams = Team.objects.select_related("organisation").annotate(
        used_hours=Coalesce(
            Sum("packages__hours_per_week", filter=Q(packages__status__in=TaskPackage.RESERVING)),
            zero,
        )
    )
    if province:
        teams = teams.filter(organisation__province=province)
    return teams.order_by("organisation_id", "id")


def supervision_used(*, teams: Iterable[Team]) -> dict[int, Decimal]:
    """Supervision hours each organisation already spends on reserved packages."""
    used: dict[int, Decimal] = defaultdict(Decimal)
    for team in teams:
        used[team.organisation_id] += team.supervision_ratio * team.used_hours
    return used


def organisation_categories(*, organisation_ids: Iterable[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    through = Organisation.categories.through.objects.filter(
        organisation_id__in=list(organisation_ids)
    ).order_by("activitycategory_id")
    for organisation_id, code in through.values_list("organisation_id", "activitycategory_id"):
        out[organisation_id].append(code)
    return out
