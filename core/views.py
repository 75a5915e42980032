from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.selectors import user_roles


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@require_GET
@login_required
def start(request: HttpRequest) -> HttpResponse:
    """After log-in: each kind of user lands on their own start page in one step."""
    roles = user_roles(request.user)
    if roles.coach:
        return redirect("admin:index")
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
