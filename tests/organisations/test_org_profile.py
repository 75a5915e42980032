"""Editing the organisation's profile and its teams: permissions, plain help, and the
refusal to promise less than what is already committed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from organisations.models import OrganisationMembership
from tests.factories import (
    CompanyMembershipFactory,
    OrganisationMembershipFactory,
    TaskPackageFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def _profile_data(**overrides: object) -> dict:
    data = {
        "name": "Atelier Noord",
        "type": "lde",
        "enterprise_number": "0202239951",
        "address": "Dok Noord 7",
        "postal_code": "2000",
        "radius_km": "30",
        "onsite": "on",
        "inhouse": "on",
        "supervision_hours": "12",
        "contact_email": "info@example.com",
        "categories": ["packaging", "cleaning"],
    }
    data.update(overrides)
    return data


def _team_data(**overrides: object) -> dict:
    data = {
        "name": "Inpakteam",
        "capacity_hours": "60",
        "max_level": "3",
        "max_time_pressure": "2",
        "max_physical_load": "2",
        "supervision_ratio": "0.125",
        "headcount": "7",
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin():
    membership = OrganisationMembershipFactory()
    membership.organisation.categories.set(["logistics"])
    return membership


def test_profile_edit_permissions(client, admin):
    url = reverse("organisations:edit", args=[admin.organisation.pk])
    assert client.get(url).status_code == 302  # anonymous → log-in
    client.force_login(admin.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"].initial["categories"] == ["logistics"]
    assert client.put(url).status_code == 405
    member = OrganisationMembershipFactory(
        organisation=admin.organisation, role=OrganisationMembership.Role.MEMBER
    )
    client.force_login(member.user)
    assert client.get(url).status_code == 403
    client.force_login(OrganisationMembershipFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(CompanyMembershipFactory().user)
    assert client.get(url).status_code == 404


def test_profile_edit_saves_fields_location_and_categories(client, admin):
    client.force_login(admin.user)
    response = client.post(
        reverse("organisations:edit", args=[admin.organisation.pk]), _profile_data()
    )
    assert response.status_code == 302
    organisation = admin.organisation
    organisation.refresh_from_db()
    assert organisation.type == "lde"
    assert organisation.enterprise_number == "0202.239.951"
    assert organisation.province == "antwerpen"
    assert organisation.municipality != "Gent"  # follows the new postal code
    assert organisation.radius_km == Decimal("30")
    assert organisation.supervision_hours == Decimal("12")
    assert sorted(organisation.categories.values_list("code", flat=True)) == [
        "cleaning",
        "packaging",
    ]


def test_profile_form_explains_each_field_with_an_example(client, admin):
    client.force_login(admin.user)
    form = client.get(reverse("organisations:edit", args=[admin.organisation.pk])).context["form"]
    for name in ("radius_km", "supervision_hours", "postal_code", "enterprise_number"):
        assert "E.g." in str(form.fields[name].help_text) or "Bijv" in str(
            form.fields[name].help_text
        ), name


def test_supervision_budget_cannot_drop_below_committed(client, admin):
    team = TeamFactory(organisation=admin.organisation, supervision_ratio=Decimal("0.5"))
    TaskPackageFactory(team=team, status="accepted", hours_per_week=Decimal("20"))
    client.force_login(admin.user)
    response = client.post(
        reverse("organisations:edit", args=[admin.organisation.pk]),
        _profile_data(supervision_hours="9"),
    )
    assert response.status_code == 200
    assert "supervision_hours" in response.context["form"].errors
    admin.organisation.refresh_from_db()
    assert admin.organisation.supervision_hours == Decimal("20")


def test_team_edit_permissions(client, admin):
    team = TeamFactory(organisation=admin.organisation)
    url = reverse("organisations:team_edit", args=[admin.organisation.pk, team.pk])
    assert client.get(url).status_code == 302
    client.force_login(admin.user)
    assert client.get(url).status_code == 200
    assert client.delete(url).status_code == 405
    other_team = TeamFactory()
    assert (
        client.get(
            reverse("organisations:team_edit", args=[admin.organisation.pk, other_team.pk])
        ).status_code
        == 404
    )
    member = OrganisationMembershipFactory(
        organisation=admin.organisation, role=OrganisationMembership.Role.MEMBER
    )
    client.force_login(member.user)
    assert client.get(url).status_code == 403
    client.force_login(OrganisationMembershipFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(CompanyMembershipFactory().user)
    assert client.get(url).status_code == 404


def test_team_edit_saves(client, admin):
    team = TeamFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    response = client.post(
        reverse("organisations:team_edit", args=[admin.organisation.pk, team.pk]), _team_data()
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert (team.name, team.capacity_hours, team.max_level, team.headcount) == (
        "Inpakteam",
        Decimal("60"),
        3,
        7,
    )


def test_team_capacity_cannot_drop_below_committed_and_the_message_names_the_field(client, admin):
    team = TeamFactory(organisation=admin.organisation, capacity_hours=Decimal("40"))
    TaskPackageFactory(team=team, status="active", hours_per_week=Decimal("30"))
    # An offer that waits for an answer is not committed: lowering below it is allowed.
    TaskPackageFactory(team=team, status="offered", hours_per_week=Decimal("8"))
    client.force_login(admin.user)
    url = reverse("organisations:team_edit", args=[admin.organisation.pk, team.pk])
    response = client.post(url, _team_data(capacity_hours="20"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["capacity_hours"]
    assert "30" in errors["capacity_hours"][0]
    team.refresh_from_db()
    assert team.capacity_hours == Decimal("40")
    assert client.post(url, _team_data(capacity_hours="32")).status_code == 302
    team.refresh_from_db()
    assert team.capacity_hours == Decimal("32")


def test_team_ratio_cannot_make_committed_work_need_more_supervision_than_there_is(client, admin):
    team = TeamFactory(organisation=admin.organisation)  # organisation: 20 h supervision
    TaskPackageFactory(team=team, status="accepted", hours_per_week=Decimal("30"))
    client.force_login(admin.user)
    response = client.post(
        reverse("organisations:team_edit", args=[admin.organisation.pk, team.pk]),
        _team_data(supervision_ratio="0.9"),
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["supervision_ratio"]
