"""Privacy: a page says what is stored about whom; a user downloads their data and deletes
their account; what a company or organisation keeps for its contracts stays, anonymised;
the last owner of a company is told to hand it over first."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from companies.models import CompanyMembership, JobDescription
from tasks.models import PackageEvent
from tests.factories import (
    PASSWORD,
    CompanyMembershipFactory,
    JobDescriptionFactory,
    TaskPackageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_the_privacy_page_is_public_and_linked_from_every_page(client):
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    assert reverse("privacy").encode() in client.get(reverse("home")).content


def test_the_export_holds_what_we_store_about_the_user(client):
    membership = CompanyMembershipFactory()
    user = membership.user
    JobDescriptionFactory(company=membership.company, created_by=user, title="Magazijn")
    client.force_login(user)
    response = client.get(reverse("account_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["user"]["email"] == user.email
    assert data["company_memberships"][0]["company"] == membership.company.name
    assert data["job_descriptions_created"][0]["title"] == "Magazijn"
    assert data["email_addresses"][0]["verified"] is True


def test_the_export_needs_a_log_in(client):
    assert client.get(reverse("account_export")).status_code == 302


def _colleague_owner(company):
    return CompanyMembershipFactory(company=company, role=CompanyMembership.Role.OWNER)


def test_deleting_an_account_anonymises_the_person_and_keeps_the_contracts(client):
    membership = CompanyMembershipFactory()
    user = membership.user
    _colleague_owner(membership.company)
    job = JobDescriptionFactory(company=membership.company, created_by=user)
    package = TaskPackageFactory(company=membership.company)
    PackageEvent.objects.create(package=package, actor=user, action="accepted", reason="ok")
    email = user.email
    client.force_login(user)

    page = client.get(reverse("account_delete"))
    assert page.status_code == 200
    refused = client.post(reverse("account_delete"), {"password": "not-mine"})
    assert refused.status_code == 200
    assert get_user_model().objects.get(pk=user.pk).email == email

    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email != email and user.email.endswith("@deleted.invalid")
    assert not user.is_active and not user.has_usable_password()
    assert (user.first_name, user.last_name) == ("", "")
    assert not user.company_memberships.exists()
    assert not user.emailaddress_set.exists()
    # The contract history and the company's data stay, pointing at the anonymous row.
    assert JobDescription.objects.get(pk=job.pk).created_by_id == user.pk
    assert PackageEvent.objects.get(package=package).actor_id == user.pk
    assert membership.company.__class__.objects.filter(pk=membership.company_id).exists()
    # Logged out, and the old address can no longer log in.
    assert "_auth_user_id" not in client.session
    assert not client.login(email=email, password=PASSWORD)


def test_the_last_owner_of_a_company_is_asked_to_hand_it_over_first(client):
    membership = CompanyMembershipFactory()
    user = membership.user
    client.force_login(user)
    page = client.get(reverse("account_delete"))
    assert membership.company.name.encode() in page.content
    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.is_active and user.company_memberships.exists()


def test_a_member_who_is_not_the_last_owner_may_leave(client):
    owner = CompanyMembershipFactory()
    member = CompanyMembershipFactory(company=owner.company, role=CompanyMembership.Role.MEMBER)
    client.force_login(member.user)
    assert client.post(reverse("account_delete"), {"password": PASSWORD}).status_code == 302
    assert CompanyMembership.objects.filter(company=owner.company).count() == 1


def test_deletion_revokes_tokens_and_other_sessions(client):
    from rest_framework.test import APIClient

    from core.services import api_token_create

    user = UserFactory()
    key = api_token_create(user=user, name="script").key
    other = APIClient()
    other.force_login(user)
    client.force_login(user)
    client.post(reverse("account_delete"), {"password": PASSWORD})
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/me/").status_code == 401
    assert other.get("/api/me/").status_code == 401


def test_nothing_identifies_a_target_group_employee():
    """A team is described only as a whole: a new field on Team must be reviewed here
    before it can hold anything about a person."""
    from organisations.models import Team

    fields = {f.name for f in Team._meta.get_fields() if f.concrete}
    assert fields == {
        "id",
        "organisation",
        "name",
        "capacity_hours",
        "max_level",
        "max_time_pressure",
        "max_physical_load",
        "supervision_ratio",
        "headcount",
    }
