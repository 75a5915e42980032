import pytest
from django.http import Http404
from django.urls import reverse

from companies.models import Company, CompanyMembership
from companies.selectors import company_get_for_user
from tests.factories import (
    CompanyMembershipFactory,
    OrganisationMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_tenant_helper_returns_own_company_and_404_for_others():
    mine = CompanyMembershipFactory()
    other = CompanyMembershipFactory()
    company, membership = company_get_for_user(user=mine.user, pk=mine.company.pk)
    assert company == mine.company and membership == mine
    with pytest.raises(Http404):
        company_get_for_user(user=mine.user, pk=other.company.pk)
    with pytest.raises(Http404):
        company_get_for_user(user=mine.user, pk=999_999)


def test_company_page_works_for_members(client):
    membership = CompanyMembershipFactory()
    client.force_login(membership.user)
    response = client.get(reverse("companies:detail", args=[membership.company.pk]))
    assert response.status_code == 200
    assert membership.company.name in response.content.decode()


def test_company_page_is_404_for_other_tenants_and_organisation_users(client):
    membership = CompanyMembershipFactory()
    url = reverse("companies:detail", args=[membership.company.pk])
    client.force_login(CompanyMembershipFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(OrganisationMembershipFactory().user)
    assert client.get(url).status_code == 404


def test_company_page_redirects_anonymous_to_login(client):
    membership = CompanyMembershipFactory()
    response = client.get(reverse("companies:detail", args=[membership.company.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_company_page_refuses_post(client):
    membership = CompanyMembershipFactory()
    client.force_login(membership.user)
    assert client.post(reverse("companies:detail", args=[membership.company.pk])).status_code == 405


def test_register_company_fills_site_location_and_makes_owner(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("companies:create"),
        {
            "name": "Bakkerij Peeters",
            "enterprise_number": "BE 0403 170 701",
            "sector": "catering",
            "site_name": "Bakkerij",
            "site_postal_code": "3500",
            "site_address": "Markt 1",
        },
    )
    company = Company.objects.get(name="Bakkerij Peeters")
    assert response.status_code == 302
    assert response["Location"] == reverse("companies:detail", args=[company.pk])
    assert company.enterprise_number == "0403.170.701"
    site = company.sites.get()
    assert (site.municipality, site.province) == ("Hasselt", "limburg")
    assert site.latitude == pytest.approx(50.93, abs=0.05)
    assert CompanyMembership.objects.get(user=user, company=company).role == "owner"


def test_register_company_names_the_bad_fields_and_saves_nothing(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("companies:create"),
        {
            "name": "X",
            "enterprise_number": "0403.170.702",
            "site_name": "S",
            "site_postal_code": "9999",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"enterprise_number", "site_postal_code"}
    assert "check digits" in str(form.errors["enterprise_number"]) or "controle" in str(
        form.errors["enterprise_number"]
    )
    assert not Company.objects.exists()


def test_only_owners_add_sites(client):
    membership = CompanyMembershipFactory(role=CompanyMembership.Role.MEMBER)
    client.force_login(membership.user)
    url = reverse("companies:site_create", args=[membership.company.pk])
    assert client.get(url).status_code == 403
    owner = CompanyMembershipFactory(company=membership.company)
    client.force_login(owner.user)
    response = client.post(url, {"name": "Depot", "postal_code": "8500"})
    assert response.status_code == 302
    assert membership.company.sites.get(name="Depot").municipality == "Kortrijk"
    client.force_login(CompanyMembershipFactory().user)
    assert client.get(url).status_code == 404
