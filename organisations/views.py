from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.members import members_page
from core.pagecache import page_cache
from organisations.forms import OrganisationCreateForm, OrganisationProfileForm, TeamForm
from organisations.models import Organisation, OrganisationMembership
from organisations.selectors import (
    organisation_capacity,
    organisation_get_for_user,
    team_get_for_organisation,
)
from organisations.services import (
    organisation_create,
    organisation_invite,
    organisation_update,
    team_create,
    team_update,
)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create_view(request: HttpRequest) -> HttpResponse:
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            organisation = organisation_create(
                admin_user=request.user, categories=data.pop("categories"), **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your organisation is registered."))
            return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/organisation_form.html", {"form": form})


@login_required
@require_GET
@page_cache
def organisation_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation, membership = organisation_get_for_user(user=request.user, pk=pk)
    context = {
        "organisation": organisation,
        "membership": membership,
        "teams": organisation.teams.all(),
        "categories": organisation.categories.all(),
    }
    return render(request, "organisations/organisation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation, membership = organisation_get_for_user(user=request.user, pk=pk)
    if membership.role != OrganisationMembership.Role.ADMIN:
        raise PermissionDenied(_("Only the organisation's administrators can add teams."))
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team_create(organisation=organisation, **form.cleaned_data)
        messages.success(request, _("The team is added."))
        return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request, "organisations/team_form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_members_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation, membership = organisation_get_for_user(user=request.user, pk=pk)
    return members_page(
        request,
        tenant=organisation,
        can_invite=membership.role == OrganisationMembership.Role.ADMIN,
        refusal=_("Only the organisation's administrators can invite colleagues."),
        roles=OrganisationMembership.Role.choices,
        invite=lambda **fields: organisation_invite(organisation=organisation, **fields),
        members_url=reverse("organisations:members", args=[organisation.pk]),
        back_url=reverse("organisations:detail", args=[organisation.pk]),
    )


def _admin_organisation(request: HttpRequest, pk: int, refusal: str) -> Organisation:
    """The organisation if the user administers it: 404 for outsiders, 403 for members."""
    organisation, membership = organisation_get_for_user(user=request.user, pk=pk)
    if membership.role != OrganisationMembership.Role.ADMIN:
        raise PermissionDenied(refusal)
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _admin_organisation(
        request, pk, _("Only the organisation's administrators can change its profile.")
    )
    form = OrganisationProfileForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            organisation_update(
                organisation=organisation, categories=data.pop("categories"), **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your organisation's profile is saved."))
            return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request,
        "organisations/organisation_edit.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_edit_view(request: HttpRequest, pk: int, team_pk: int) -> HttpResponse:
    organisation = _admin_organisation(
        request, pk, _("Only the organisation's administrators can change teams.")
    )
    team = team_get_for_organisation(organisation=organisation, pk=team_pk)
    form = TeamForm(request.POST or None, instance=team)
    if request.method == "POST" and form.is_valid():
        try:
            team_update(team=team, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The team is saved."))
            return redirect("organisations:capacity", pk=organisation.pk)
    return render(
        request,
        "organisations/team_edit.html",
        {"form": form, "organisation": organisation, "team": team},
    )


@login_required
@require_GET
@page_cache
def capacity_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation, membership = organisation_get_for_user(user=request.user, pk=pk)
    context = {
        "organisation": organisation,
        "overview": organisation_capacity(organisation=organisation),
        "is_admin": membership.role == OrganisationMembership.Role.ADMIN,
    }
    return render(request, "organisations/capacity.html", context)
