import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, CompanyMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_up_verify_email_and_log_in(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nieuw@example.com")
    # Verification is mandatory: no session until the link is followed.
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    path = link.group(0).split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    client.post(path)
    assert user.emailaddress_set.get().verified

    response = client.post(
        reverse("account_login"), {"login": "nieuw@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    # A user without a company or organisation is asked which one to register.
    response = client.get(reverse("start"))
    assert reverse("companies:create") in response.content.decode()


def test_wrong_password_does_not_log_in(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_mail(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_logout(client):
    client.force_login(UserFactory())
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_start_page_sends_each_role_to_its_own_page(client):
    membership = CompanyMembershipFactory()
    client.force_login(membership.user)
    response = client.get(reverse("start"))
    assert response["Location"] == reverse("tasks:dashboard", args=[membership.company.pk])
