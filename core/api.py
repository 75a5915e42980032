"""What every app's API shares: token authentication, errors as JSON naming the field,
the permission for coaches.

DRF imports this module while it loads its settings (the authentication class), so it must
not import ``rest_framework.views`` at the top: `/api/me/` lives in core/views.py."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, permissions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from core.selectors import user_roles
from core.services import api_token_authenticate

TOKEN_KEYWORDS = (b"token", b"bearer")


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>` (or `Bearer <key>`) with a key made on the profile page."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in TOKEN_KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as 'Token <key>'."))
        try:
            key = parts[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from exc
        user = api_token_authenticate(key=key)
        if user is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid or was revoked."))
        return user, None

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "core.api.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _("'Token <key>', with a key made on your profile page."),
        }


def _field_errors(exc: DjangoValidationError) -> Any:
    """A Django ValidationError from a service, keyed by field like DRF's own errors."""
    if hasattr(exc, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}


def form_errors(form: Any) -> dict[str, list[str]]:
    """A bound Django form's errors keyed by field, in DRF's shape."""
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field): [
            str(message) for message in messages
        ]
        for field, messages in form.errors.items()
    }


def form_cleaned(form: Any) -> dict[str, Any]:
    """Validate the API's input with the web page's own form, so both keep one set of
    rules; a refusal is a 400 that names the field, as on the page."""
    if not form.is_valid():
        raise exceptions.ValidationError(form_errors(form))
    return dict(form.cleaned_data)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus the errors our services raise: a Django ValidationError becomes
    a 400 naming the field; PermissionDenied a 403. Never a 500 for a refused input."""
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_field_errors(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = _("The object changed in the meantime; reload it and try again.")
    default_code = "conflict"


class IsCoach(permissions.BasePermission):
    """Hefboom coaches: staff in the `coach` group (core.roles), as for the coach pages."""

    message = _("Only Hefboom coaches may do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return (
            bool(request.user and request.user.is_authenticated) and user_roles(request.user).coach
        )
