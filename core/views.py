from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.models import ApiToken
from core.selectors import user_roles
from core.services import (
    account_delete,
    account_delete_blockers,
    account_export,
    api_token_create,
    api_token_revoke,
)

NEW_TOKEN_SESSION_KEY = "gewaardeerd_new_api_token"


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the token"),
        max_length=100,
        help_text=gettext_lazy("What uses it, e.g. 'planning script'. You can revoke it any time."),
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput,
        help_text=gettext_lazy("To be sure it is you."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext_lazy("This is not your password."))
        return password


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@require_GET
@login_required
def start(request: HttpRequest) -> HttpResponse:
    """After log-in: each kind of user lands on their own start page in one step."""
    roles = user_roles(request.user)
    if roles.coach:
        return redirect("admin:matching_dashboard")
    if roles.company_ids:
        return redirect("tasks:dashboard", company_pk=roles.company_ids[0])
    if roles.organisation_ids:
        return redirect("organisations:detail", pk=roles.organisation_ids[0])
    return render(
        request,
        "core/start.html",
        {
            "company_create_url": reverse("companies:create"),
            "organisation_create_url": reverse("organisations:create"),
        },
    )


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


# ---------------------------------------------------------------------------------------
# Profile, API tokens and privacy


@require_GET
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The user's own page: their data, their API tokens, export and deletion."""
    new_key = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    context = {
        "tokens": request.user.api_tokens.all(),
        "token_form": ApiTokenForm(),
        "new_key": new_key,
    }
    response = render(request, "core/profile.html", context)
    if new_key:
        # The key is on this page only once: keep it out of every cache.
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            made = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            # Shown once, on the next page view, then gone: only its digest is stored.
            request.session[NEW_TOKEN_SESSION_KEY] = made.key
            messages.success(request, _("Your token is made. Copy it now: it is shown only once."))
    else:
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    return redirect("profile")


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        api_token_revoke(user=request.user, token_id=pk)
    except ApiToken.DoesNotExist as exc:
        raise Http404("No such token.") from exc
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("profile")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@require_GET
@login_required
def account_export_view(request: HttpRequest) -> HttpResponse:
    """Everything stored about the user, as a JSON download."""
    document = account_export(user=request.user)
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="gewaardeerd-my-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def account_delete_view(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)
    blockers = account_delete_blockers(user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account_delete(user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for your work."))
            return redirect("home")
    return render(request, "core/account_delete.html", {"form": form, "blockers": blockers})


# ---------------------------------------------------------------------------------------
# API: who am I


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    language = serializers.CharField()
    coach = serializers.BooleanField()
    company_ids = serializers.ListField(child=serializers.IntegerField())
    organisation_ids = serializers.ListField(child=serializers.IntegerField())


class MeView(APIView):
    """Who you are to the platform: the companies and organisations you belong to."""

    @extend_schema(
        summary=gettext_lazy("Who you are: your companies, organisations and coach role"),
        responses=MeSerializer,
        examples=[
            OpenApiExample(
                "An entrepreneur",
                value={
                    "email": "an@bakkerij.be",
                    "language": "nl",
                    "coach": False,
                    "company_ids": [3],
                    "organisation_ids": [],
                },
            )
        ],
    )
    def get(self, request: Request) -> Response:
        roles = user_roles(request.user)
        data = {
            "email": request.user.email,
            "language": request.user.language,
            "coach": roles.coach,
            "company_ids": list(roles.company_ids),
            "organisation_ids": list(roles.organisation_ids),
        }
        return Response(MeSerializer(data).data)
