"""Each user keeps the language they chose, from one log-in to the next."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

LOGIN_LANGUAGE_ATTR = "_gewaardeerd_login_language"


@receiver(user_logged_in, dispatch_uid="gewaardeerd_login_language")
def _remember_login_language(
    sender: Any, request: HttpRequest | None, user: Any, **kw: Any
) -> None:
    if request is not None and getattr(user, "language", ""):
        setattr(request, LOGIN_LANGUAGE_ATTR, user.language)


class UserLanguageMiddleware:
    """Put after AuthenticationMiddleware.

    A switch through Django's `set_language` view is saved on the account (the view sets
    the cookie as usual). At log-in the saved language is put in the language cookie, so
    the choice follows the user to another browser or device; between log-ins the cookie
    decides, through LocaleMiddleware, as Django does it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.method == "POST"
            and request.path == reverse("set_language")
        ):
            chosen = request.POST.get("language", "")
            if chosen in self.languages and chosen != user.language:
                # update(): a language switch never saves the rest of the user row.
                get_user_model().objects.filter(pk=user.pk).update(language=chosen)
                user.language = chosen
        response = self.get_response(request)
        language = getattr(request, LOGIN_LANGUAGE_ATTR, None)
        if language in self.languages:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
