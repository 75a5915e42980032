"""Token life cycle: made on the profile page and shown once, works as `Token <key>`,
stored only as a digest, revoked by its owner only, dead after revocation."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import ApiToken
from tests.factories import CompanyMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _make_token(client, name: str = "planning script") -> str:
    response = client.post(reverse("token_create"), {"name": name})
    assert response.status_code == 302
    page = client.get(reverse("profile"))
    assert page.status_code == 200
    key = page.context["new_key"]
    assert key and key.encode() in page.content
    assert page["Cache-Control"] == "no-store"
    return key


def test_token_is_shown_once_and_stored_as_a_digest(client):
    user = UserFactory()
    client.force_login(user)
    key = _make_token(client)
    token = ApiToken.objects.get(user=user)
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in (token.digest, token.prefix)
    assert key.startswith(token.prefix)
    # The next view of the profile no longer shows it.
    again = client.get(reverse("profile"))
    assert key.encode() not in again.content
    assert token.prefix.encode() in again.content


def test_token_authenticates_api_calls_until_revoked(client):
    membership = CompanyMembershipFactory()
    client.force_login(membership.user)
    key = _make_token(client)
    api = APIClient()
    assert api.get("/api/me/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get("/api/me/")
    assert response.status_code == 200
    assert response.json()["company_ids"] == [membership.company_id]
    assert api.get(f"/api/companies/{membership.company_id}/").status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/me/").status_code == 200
    assert ApiToken.objects.get().last_used_at is not None

    token = ApiToken.objects.get()
    assert client.post(reverse("token_revoke", args=[token.pk])).status_code == 302
    assert not ApiToken.objects.exists()
    response = api.get("/api/me/", headers={"accept-language": "en"})
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_a_wrong_or_malformed_token_is_refused(client):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert api.get("/api/me/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION="Token two parts")
    assert api.get("/api/me/").status_code == 401


def test_only_the_owner_can_revoke_a_token(client):
    owner, other = UserFactory(), UserFactory()
    client.force_login(owner)
    _make_token(client)
    token = ApiToken.objects.get()
    client.force_login(other)
    assert client.post(reverse("token_revoke", args=[token.pk])).status_code == 404
    assert client.get(reverse("token_revoke", args=[token.pk])).status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_token_of_a_deactivated_user_stops_working(client):
    user = UserFactory()
    client.force_login(user)
    key = _make_token(client)
    user.is_active = False
    user.save()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/me/").status_code == 401


def test_a_token_needs_a_name(client):
    client.force_login(UserFactory())
    client.post(reverse("token_create"), {"name": "  "})
    assert not ApiToken.objects.exists()
