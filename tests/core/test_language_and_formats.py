"""The language a user chooses is kept on the account and comes back at log-in; dates,
hours and numbers use the Belgian formats."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_switching_language_is_saved_on_the_account(client) -> None:
    user = UserFactory(language="nl")
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"
    assert client.get("/").headers["Content-Language"] == "en"


def test_an_unknown_language_is_not_saved(client) -> None:
    user = UserFactory(language="nl")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "nl"


def test_log_in_brings_back_the_saved_language(client) -> None:
    user = UserFactory(language="en")
    user.set_password("een-lang-wachtwoord-26")
    user.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": "een-lang-wachtwoord-26"}
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/privacy/")
    assert page.headers["Content-Language"] == "en"


def test_anonymous_visitors_follow_their_browser(client) -> None:
    assert client.get("/", headers={"accept-language": "en"}).headers["Content-Language"] == "en"
    assert client.get("/").headers["Content-Language"] == "nl"


def _render(language: str, source: str, **context: object) -> str:
    with translation.override(language):
        return Template("{% load l10n %}" + source).render(Context(context)).strip()


def test_belgian_formats_in_dutch() -> None:
    moment = dt.datetime(2026, 11, 27, 14, 30)
    assert _render("nl", "{{ d|date:'SHORT_DATE_FORMAT' }}", d=moment.date()) == "27/11/2026"
    assert _render("nl", "{{ d|date:'DATE_FORMAT' }}", d=moment.date()) == "27 november 2026"
    assert _render("nl", "{{ t|time:'TIME_FORMAT' }}", t=moment.time()) == "14:30"
    assert _render("nl", "{{ n }}", n=Decimal("12.5")) == "12,5"
    assert _render("nl", "{{ n|floatformat:2 }}", n=Decimal("0.125")) == "0,13"


def test_english_pages_use_belgian_dates_and_hours() -> None:
    moment = dt.datetime(2026, 11, 27, 14, 30)
    assert _render("en", "{{ d|date:'SHORT_DATE_FORMAT' }}", d=moment.date()) == "27/11/2026"
    assert _render("en", "{{ d|date:'DATE_FORMAT' }}", d=moment.date()) == "27 November 2026"
    assert _render("en", "{{ t|time:'TIME_FORMAT' }}", t=moment.time()) == "14:30"
    assert _render("en", "{{ n }}", n=Decimal("12.5")) == "12.5"
