"""The capacity overview: committed, offered and free hours per team, and supervision."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from organisations.models import OrganisationMembership
from organisations.selectors import (
    COMMITTED_STATUSES,
    OFFERED_STATUSES,
    organisation_capacity,
)
from tasks.models import TaskPackage
from tests.factories import (
    CompanyMembershipFactory,
    OrganisationMembershipFactory,
    TaskPackageFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def test_status_tuples_match_the_package_lifecycle():
    assert set(COMMITTED_STATUSES) | set(OFFERED_STATUSES) == set(TaskPackage.RESERVING)
    assert not set(COMMITTED_STATUSES) & set(OFFERED_STATUSES)


@pytest.fixture
def membership():
    return OrganisationMembershipFactory(role=OrganisationMembership.Role.MEMBER)


def test_overview_counts_committed_offered_and_free(membership):
    organisation = membership.organisation
    team = TeamFactory(
        organisation=organisation, capacity_hours=Decimal("40"), supervision_ratio=Decimal("0.25")
    )
    other = TeamFactory(organisation=organisation, capacity_hours=Decimal("10"))
    for status, hours in [
        ("accepted", "6"),
        ("active", "4"),
        ("offered", "8"),
        ("approved", "2"),
        ("proposed", "5"),
        ("declined", "7"),
        ("ended", "3"),
    ]:
        TaskPackageFactory(team=team, status=status, hours_per_week=Decimal(hours))
    TaskPackageFactory(team=TeamFactory(), status="accepted", hours_per_week=Decimal("9"))
    overview = organisation_capacity(organisation=organisation)
    rows = {row.team.pk: row for row in overview.teams}
    assert rows[team.pk].committed_hours == Decimal("10")
    assert rows[team.pk].offered_hours == Decimal("10")
    assert rows[team.pk].free_hours == Decimal("20")
    assert rows[other.pk].free_hours == Decimal("10")
    assert overview.supervision_committed == Decimal("2.5")
    assert overview.supervision_offered == Decimal("2.5")
    assert overview.supervision_free == Decimal("15")


def test_capacity_page_permissions_and_content(client, membership):
    team = TeamFactory(organisation=membership.organisation, name="Inpakteam")
    TaskPackageFactory(team=team, status="accepted", hours_per_week=Decimal("12"))
    url = reverse("organisations:capacity", args=[membership.organisation.pk])
    assert client.get(url).status_code == 302
    client.force_login(membership.user)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inpakteam" in html and "68" in html  # 80 spare − 12 committed
    # An ordinary member sees the numbers but gets no link to change the team.
    assert reverse("organisations:team_edit", args=[membership.organisation.pk, team.pk]) not in (
        html
    )
    assert client.post(url).status_code == 405
    client.force_login(OrganisationMembershipFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(CompanyMembershipFactory().user)
    assert client.get(url).status_code == 404


def test_capacity_page_query_count_does_not_grow_with_teams(
    client, membership, django_assert_num_queries
):
    client.force_login(membership.user)
    url = reverse("organisations:capacity", args=[membership.organisation.pk])
    client.get(url)
    for _ in range(3):
        team = TeamFactory(organisation=membership.organisation)
        TaskPackageFactory(team=team, status="offered", hours_per_week=Decimal("5"))
    # session, user, membership, teams with their hours, and the two role look-ups of the
    # base template's context processor
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
