"""Log-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one address
from one IP, even the right password is refused for a while, with a page that says why."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth's remaining rate limits live in the cache, which outlives a test.
    from django.core.cache import cache

    cache.clear()


def _log_in(client, email: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def test_repeated_failed_log_ins_lock_the_address_out(client):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _log_in(client, user.email, "wrong-password")
        assert response.status_code == 200  # the form again, with its error
    # The failure that reaches the limit is answered with the lockout already.
    assert _log_in(client, user.email, "wrong-password").status_code == 429
    locked = _log_in(client, user.email, PASSWORD)
    assert locked.status_code == 429
    assert b"Too many failed log-ins" in locked.content or b"Te veel" in locked.content
    assert "_auth_user_id" not in client.session


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _log_in(client, user.email, "wrong-password")
    response = _log_in(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_address_is_counted_case_insensitively(rf):
    from core.services import axes_username

    request = rf.post("/accounts/login/", {"login": " An@Example.BE "})
    assert axes_username(request, {}) == "an@example.be"
    assert axes_username(request, {"email": "AN@example.be"}) == "an@example.be"
    assert axes_username(request, {"username": "Coach@Hefboom.be"}) == "coach@hefboom.be"


def test_the_admin_log_in_is_throttled_too(client):
    user = UserFactory(is_staff=True)
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": user.email, "password": "nope"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(
        url, {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
