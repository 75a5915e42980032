"""The members page shared by companies and organisations: list members and open
invitations, and let the tenant's administrators invite a colleague."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import InviteForm


def members_page(
    request: HttpRequest,
    *,
    tenant: Any,
    can_invite: bool,
    refusal: str,
    roles: list[tuple[str, str]],
    invite: Callable[..., Any],
    members_url: str,
    back_url: str,
) -> HttpResponse:
    if request.method == "POST" and not can_invite:
        raise PermissionDenied(refusal)
    form = InviteForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        invite(
            invited_by=request.user,
            signup_url=request.build_absolute_uri(reverse("account_signup")),
            **form.cleaned_data,
        )
        messages.success(request, _("The invitation is sent."))
        return redirect(members_url)
    context = {
        "tenant": tenant,
        "memberships": tenant.memberships.select_related("user"),
        "invitations": tenant.invitations.filter(accepted_at__isnull=True),
        "form": form if can_invite else None,
        "back_url": back_url,
    }
    return render(request, "core/members.html", context)
