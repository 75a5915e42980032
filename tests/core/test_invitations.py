import re

import pytest
from django.core import mail
from django.urls import reverse

from companies.models import CompanyMembership
from organisations.models import OrganisationMembership
from tests.factories import (
    PASSWORD,
    CompanyMembershipFactory,
    OrganisationMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _sign_up_and_confirm(client, email):
    client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    link = re.search(r"/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    client.post(link)


def test_invited_colleague_joins_the_company_after_verifying_the_address(client):
    owner = CompanyMembershipFactory()
    client.force_login(owner.user)
    url = reverse("companies:members", args=[owner.company.pk])
    response = client.post(url, {"email": "Collega@Example.com", "role": "member"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["collega@example.com"]
    assert "/accounts/signup/" in mail.outbox[-1].body
    client.logout()

    _sign_up_and_confirm(client, "collega@example.com")
    membership = CompanyMembership.objects.get(user__email="collega@example.com")
    assert membership.company == owner.company and membership.role == "member"
    assert owner.company.invitations.get().accepted_at is not None


def test_existing_user_is_added_at_their_next_log_in(client):
    admin = OrganisationMembershipFactory()
    colleague = UserFactory()
    client.force_login(admin.user)
    client.post(
        reverse("organisations:members", args=[admin.organisation.pk]),
        {"email": colleague.email, "role": "admin"},
    )
    assert not OrganisationMembership.objects.filter(user=colleague).exists()
    client.logout()
    client.post(reverse("account_login"), {"login": colleague.email, "password": PASSWORD})
    assert OrganisationMembership.objects.get(user=colleague).role == "admin"


def test_only_owners_invite_and_others_get_404(client):
    member = CompanyMembershipFactory(role="member")
    url = reverse("companies:members", args=[member.company.pk])
    client.force_login(member.user)
    assert client.get(url).status_code == 200
    assert client.post(url, {"email": "x@example.com", "role": "member"}).status_code == 403
    assert not member.company.invitations.exists()
    client.force_login(CompanyMembershipFactory().user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_bad_email_is_named(client):
    admin = OrganisationMembershipFactory()
    client.force_login(admin.user)
    response = client.post(
        reverse("organisations:members", args=[admin.organisation.pk]),
        {"email": "not-an-address", "role": "member"},
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
