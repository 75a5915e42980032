from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from organisations.models import Organisation, OrganisationMembership, Team


def organisation_get_for_user(*, user: Any, pk: int) -> tuple[Organisation, OrganisationMembership]:
    """The organisation with this id if the user belongs to it, with their membership;
    404 for anyone else."""
    membership = (
        OrganisationMembership.objects.select_related("organisation")
        .filter(organisation_id=pk, user_id=getattr(user, "pk", None))
        .first()
    )
    if membership is None:
        raise Http404("No such organisation.")
    return membership.organisation, membership


# --------------------------------------------------------------------------- capacity
#
# A team's hours are taken by task packages. The package model lives in `tasks`, which builds
# on this app, so we read it only through the reverse relation `Team.packages` and name its
# statuses here by code; a test keeps these two tuples equal to TaskPackage.RESERVING. That
# keeps the import graph one-way: organisations never imports tasks or matching.

COMMITTED_STATUSES: tuple[str, ...] = ("accepted", "active")
OFFERED_STATUSES: tuple[str, ...] = ("approved", "offered")


@dataclass(frozen=True)
class TeamCapacity:
    """One team's week: what is committed (accepted, active), what is offered to us and
    waits for an answer, and what is still free. Aggregate numbers only."""

    team: Team
    committed_hours: Decimal
    offered_hours: Decimal

    @property
    def capacity_hours(self) -> Decimal:
        return self.team.capacity_hours

    @property
    def free_hours(self) -> Decimal:
        return self.team.capacity_hours - self.committed_hours - self.offered_hours

    @property
    def committed_supervision(self) -> Decimal:
        return self.team.supervision_ratio * self.committed_hours

    @property
    def offered_supervision(self) -> Decimal:
        return self.team.supervision_ratio * self.offered_hours


@dataclass(frozen=True)
class CapacityOverview:
    organisation: Organisation
    teams: list[TeamCapacity]

    @property
    def supervision_committed(self) -> Decimal:
        return sum((t.committed_supervision for t in self.teams), Decimal("0"))

    @property
    def supervision_offered(self) -> Decimal:
        return sum((t.offered_supervision for t in self.teams), Decimal("0"))

    @property
    def supervision_free(self) -> Decimal:
        return (
            self.organisation.supervision_hours
            - self.supervision_committed
            - self.supervision_offered
        )

    @property
    def committed_hours(self) -> Decimal:
        return sum((t.committed_hours for t in self.teams), Decimal("0"))

    @property
    def offered_hours(self) -> Decimal:
        return sum((t.offered_hours for t in self.teams), Decimal("0"))

    @property
    def free_hours(self) -> Decimal:
        return sum((t.free_hours for t in self.teams), Decimal("0"))


def _hours_sum(statuses: tuple[str, ...]) -> Coalesce:
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=8, decimal_places=1))
    return Coalesce(Sum("packages__hours_per_week", filter=Q(packages__status__in=statuses)), zero)


def teams_with_hours(*, organisation: Organisation) -> QuerySet[Team]:
    """The organisation's teams annotated with `committed_hours` and `offered_hours`,
    in one query."""
    return (
        Team.objects.filter(organisation=organisation)
        .annotate(
            committed_hours=_hours_sum(COMMITTED_STATUSES),
            offered_hours=_hours_sum(OFFERED_STATUSES),
        )
        .order_by("name", "id")
    )


def organisation_capacity(*, organisation: Organisation) -> CapacityOverview:
    teams = [
        TeamCapacity(team=t, committed_hours=t.committed_hours, offered_hours=t.offered_hours)
        for t in teams_with_hours(organisation=organisation)
    ]
    return CapacityOverview(organisation=organisation, teams=teams)


def team_get_for_organisation(*, organisation: Organisation, pk: int) -> Team:
    """A team of this organisation; 404 for a team of any other."""
    team = Team.objects.filter(organisation=organisation, pk=pk).first()
    if team is None:
        raise Http404("No such team.")
    return team


def team_committed_hours(*, team: Team) -> Decimal:
    return teams_with_hours(organisation=team.organisation).get(pk=team.pk).committed_hours


def organisation_committed_supervision(
    *, organisation: Organisation, ratios: dict[int, Decimal] | None = None
) -> Decimal:
    """Supervision hours that accepted and active packages use; `ratios` (team id → ratio)
    replaces a team's ratio, to ask what a changed ratio would need."""
    ratios = ratios or {}
    return sum(
        (
            ratios.get(t.pk, t.supervision_ratio) * t.committed_hours
            for t in teams_with_hours(organisation=organisation)
        ),
        Decimal("0"),
    )
