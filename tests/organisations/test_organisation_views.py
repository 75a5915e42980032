import pytest
from django.http import Http404
from django.urls import reverse

from organisations.models import Organisation, OrganisationMembership
from organisations.selectors import organisation_get_for_user
from tests.factories import CompanyMembershipFactory, OrganisationMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_tenant_helper_returns_own_organisation_and_404_for_others():
    mine = OrganisationMembershipFactory()
    other = OrganisationMembershipFactory()
    organisation, _ = organisation_get_for_user(user=mine.user, pk=mine.organisation.pk)
    assert organisation == mine.organisation
    with pytest.raises(Http404):
        organisation_get_for_user(user=mine.user, pk=other.organisation.pk)


def test_organisation_page_permissions(client):
    membership = OrganisationMembershipFactory()
    url = reverse("organisations:detail", args=[membership.organisation.pk])
    assert client.get(url).status_code == 302
    client.force_login(membership.user)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405
    client.force_login(OrganisationMembershipFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(CompanyMembershipFactory().user)
    assert client.get(url).status_code == 404


def test_register_organisation(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("organisations:create"),
        {
            "name": "Atelier Noord",
            "type": "maatwerkbedrijf",
            "enterprise_number": "0202239951",
            "postal_code": "2000",
            "radius_km": "25",
            "onsite": "on",
            "supervision_hours": "16",
            "categories": ["packaging", "assembly"],
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Atelier Noord")
    assert organisation.province == "antwerpen"
    assert sorted(organisation.categories.values_list("code", flat=True)) == [
        "assembly",
        "packaging",
    ]
    assert OrganisationMembership.objects.get(user=user).role == "admin"


def test_register_organisation_needs_a_way_of_working(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("organisations:create"),
        {
            "name": "Atelier Zuid",
            "type": "lde",
            "enterprise_number": "0202239951",
            "postal_code": "2000",
            "radius_km": "25",
            "supervision_hours": "16",
            "categories": ["cleaning"],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Organisation.objects.exists()


def test_only_admins_add_teams(client):
    member = OrganisationMembershipFactory(role=OrganisationMembership.Role.MEMBER)
    url = reverse("organisations:team_create", args=[member.organisation.pk])
    client.force_login(member.user)
    assert client.get(url).status_code == 403
    admin = OrganisationMembershipFactory(organisation=member.organisation)
    client.force_login(admin.user)
    response = client.post(
        url,
        {
            "name": "Inpakteam",
            "capacity_hours": "60",
            "max_level": "2",
            "max_time_pressure": "2",
            "max_physical_load": "2",
            "supervision_ratio": "0.125",
            "headcount": "8",
        },
    )
    assert response.status_code == 302
    assert member.organisation.teams.get().name == "Inpakteam"
