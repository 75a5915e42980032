"""Accepting under a race: whatever order the database lets concurrent answers through,
no team ends up with more committed hours than its capacity, and work shared by two offers
goes to one organisation only."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from django.db import connection

from matching.services import OfferError, package_accept
from matching.services import offers as offers_module
from organisations.services import team_update
from tasks.models import TaskPackage
from tests.factories import OrganisationMembershipFactory, TaskPackageFactory, TeamFactory
from tests.matching.test_package_browser import make_package
from tests.races import run_together

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
race_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def slow_check(monkeypatch):
    """Hold every accept between its reads and its write for a moment, so that without the
    row locks both racers would read the same free capacity before either writes."""
    real = offers_module.package_check

    def slow(**kwargs):
        problems = real(**kwargs)
        time.sleep(0.5)
        return problems

    monkeypatch.setattr(offers_module, "package_check", slow)


def _member(capacity: str = "20"):
    membership = OrganisationMembershipFactory()
    membership.organisation.categories.set(["logistics"])
    team = TeamFactory(organisation=membership.organisation, capacity_hours=Decimal(capacity))
    return membership, team


def _shared_offers():
    """Two offers to two organisations that hold the same task (a coach re-assigned the
    work in the admin while the first offer still stood)."""
    first, team1 = _member()
    second, team2 = _member()
    package1 = make_package(team1)
    package2 = TaskPackageFactory(
        company=package1.company,
        team=team2,
        status="offered",
        hours_per_week=package1.hours_per_week,
    )
    package2.tasks.set(package1.tasks.all())
    return (first, package1), (second, package2)


def _committed(team) -> Decimal:
    return sum(
        (
            p.hours_per_week
            for p in TaskPackage.objects.filter(team=team, status__in=("accepted", "active"))
        ),
        Decimal("0"),
    )


@pytest.mark.django_db
def test_work_already_accepted_elsewhere_cannot_be_accepted_again(settings):
    settings.LANGUAGE_CODE = "en"  # the assertion reads the English message
    (first, package1), (second, package2) = _shared_offers()
    package_accept(package=package1, organisation=first.organisation, user=first.user)
    with pytest.raises(OfferError) as exc:
        package_accept(package=package2, organisation=second.organisation, user=second.user)
    assert "another organisation" in exc.value.message
    package2.refresh_from_db()
    assert package2.status == "offered" and not package2.events.exists()


@race_db
@postgres_only
def test_two_organisations_accepting_offers_that_share_work_one_wins(slow_check):
    (first, package1), (second, package2) = _shared_offers()
    outcomes = run_together(
        lambda: package_accept(package=package1, organisation=first.organisation, user=first.user),
        lambda: package_accept(
            package=package2, organisation=second.organisation, user=second.user
        ),
    )
    won = [o for o in outcomes if isinstance(o, TaskPackage)]
    lost = [o for o in outcomes if isinstance(o, OfferError)]
    assert (len(won), len(lost)) == (1, 1), outcomes
    task = package1.tasks.get()
    assert task.packages.filter(status="accepted").count() == 1


@race_db
@postgres_only
def test_one_team_accepting_two_offers_that_together_overfill_it_keeps_its_capacity(
    slow_check, settings
):
    settings.LANGUAGE_CODE = "en"  # the threads' messages are read in English
    membership, team = _member(capacity="12")
    package1 = make_package(team, tasks=({"hours_per_week": Decimal("6")},))
    package2 = make_package(team, tasks=({"hours_per_week": Decimal("6")},))
    team.capacity_hours = Decimal("10")  # lowered by the organisation after both offers
    team.save()
    organisation, user = membership.organisation, membership.user
    outcomes = run_together(
        lambda: package_accept(package=package1, organisation=organisation, user=user),
        lambda: package_accept(package=package2, organisation=organisation, user=user),
    )
    # An offer holds its hours until it is answered, so with 10 hours neither fits next to
    # the other: both are refused with a message, and nothing is committed.
    assert all(isinstance(o, OfferError) for o in outcomes), outcomes
    assert all("no longer has the hours" in o.message for o in outcomes)
    assert _committed(team) == 0
    assert not TaskPackage.objects.filter(team=team, status="accepted").exists()


@race_db
@postgres_only
def test_accepting_while_the_team_capacity_is_lowered_never_overfills_the_team(slow_check):
    membership, team = _member(capacity="12")
    package1 = make_package(team, tasks=({"hours_per_week": Decimal("6")},))
    package2 = make_package(team, tasks=({"hours_per_week": Decimal("6")},))
    organisation, user = membership.organisation, membership.user
    fields = {
        "name": team.name,
        "capacity_hours": Decimal("6"),
        "max_level": team.max_level,
        "max_time_pressure": team.max_time_pressure,
        "max_physical_load": team.max_physical_load,
        "supervision_ratio": team.supervision_ratio,
        "headcount": team.headcount,
    }
    outcomes = run_together(
        lambda: package_accept(package=package1, organisation=organisation, user=user),
        lambda: package_accept(package=package2, organisation=organisation, user=user),
        lambda: team_update(team=team, **fields),
    )
    team.refresh_from_db()
    assert _committed(team) <= team.capacity_hours, outcomes
    reserving = TaskPackage.objects.filter(team=team, status__in=TaskPackage.RESERVING)
    # Offers that were not accepted still hold their hours; accepted ones never exceed.
    assert sum(p.hours_per_week for p in reserving) >= _committed(team)


@race_db
@postgres_only
def test_two_teams_accepting_while_supervision_is_short_stay_within_the_budget(slow_check):
    membership, team1 = _member(capacity="40")
    team2 = TeamFactory(
        organisation=membership.organisation,
        capacity_hours=Decimal("40"),
        supervision_ratio=Decimal("0.5"),
    )
    team1.supervision_ratio = Decimal("0.5")
    team1.save()
    package1 = make_package(team1, tasks=({"hours_per_week": Decimal("8")},))
    package2 = make_package(team2, tasks=({"hours_per_week": Decimal("8")},))
    organisation = membership.organisation
    organisation.supervision_hours = Decimal("6")  # 8 × 0.5 = 4 each: only one fits
    organisation.save()
    outcomes = run_together(
        lambda: package_accept(package=package1, organisation=organisation, user=membership.user),
        lambda: package_accept(package=package2, organisation=organisation, user=membership.user),
    )
    accepted = TaskPackage.objects.filter(
        team__organisation=organisation, status="accepted"
    ).select_related("team")
    used = sum(p.team.supervision_ratio * p.hours_per_week for p in accepted)
    assert used <= organisation.supervision_hours, outcomes
