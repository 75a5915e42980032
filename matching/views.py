"""The social-economy organisation's package pages: browse what is on offer, look at one
package and how our teams fit it, answer (interest, accept, decline), and our packages.

Every view fetches the organisation through the tenant helpers (404 for an organisation
the user is not in, 403 for a user in none) and the package through the organisation.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.pagecache import page_cache
from matching.forms import DeclineForm, InterestForm, PackageFilterForm
from matching.selectors_offers import (
    offers_organisation_for_user,
    our_packages,
    ours_load,
    package_can_show_interest,
    package_distance_km,
    package_get_for_organisation,
    package_history,
    package_interest_of,
    package_team_fits,
    packages_on_offer,
    user_organisations,
)
from matching.services import (
    OfferError,
    package_accept,
    package_decline,
    package_interest_express,
)
from organisations.models import Organisation
from organisations.selectors import organisation_get_for_user
from tasks.models import TaskPackage

PAGE_SIZE = 20


def _organisation_param(request: HttpRequest) -> int | None:
    raw = request.POST.get("organisation") or request.GET.get("organisation")
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404("No such organisation.") from None


def _organisation(request: HttpRequest) -> Organisation:
    return offers_organisation_for_user(user=request.user, pk=_organisation_param(request))


def _organisation_for_package(request: HttpRequest, pk: int) -> Organisation:
    """The organisation asked for; else the one this package is offered to, when the user is
    in it; else the user's first."""
    asked = _organisation_param(request)
    if asked is None:
        offered_to = TaskPackage.objects.filter(pk=pk).values_list("organisation_id", flat=True)
        mine = {o.pk for o in user_organisations(user=request.user)}
        asked = next((o for o in offered_to if o in mine), None)
    return offers_organisation_for_user(user=request.user, pk=asked)


def _package_url(package_pk: int, organisation: Organisation) -> str:
    return f"{reverse('matching:package', args=[package_pk])}?organisation={organisation.pk}"


@login_required
@require_GET
@page_cache
def package_list_view(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    form = PackageFilterForm(request.GET or None)
    rows = packages_on_offer(organisation=organisation, filters=form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "organisation": organisation,
        "organisations": user_organisations(user=request.user),
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "total": len(rows),
    }
    return render(request, "matching/package_list.html", context)


def _package_page(
    request: HttpRequest,
    organisation: Organisation,
    package: TaskPackage,
    *,
    decline_form: DeclineForm | None = None,
    interest_form: InterestForm | None = None,
) -> HttpResponse:
    offered_to_us = (
        package.organisation_id == organisation.pk and package.status == TaskPackage.Status.OFFERED
    )
    can_show_interest = package_can_show_interest(organisation=organisation, package=package)
    interest = package_interest_of(organisation=organisation, package=package)
    context: dict[str, Any] = {
        "organisation": organisation,
        "package": package,
        "tasks": list(package.tasks.all()),
        "distance_km": package_distance_km(organisation=organisation, package=package),
        "fits": package_team_fits(ours=ours_load(organisation=organisation), package=package),
        "history": package_history(organisation=organisation, package=package),
        "offered_to_us": offered_to_us,
        "ours": package.organisation_id == organisation.pk,
        "interest": interest,
        "decline_form": (decline_form or DeclineForm()) if offered_to_us else None,
        "interest_form": (
            (interest_form or InterestForm(organisation=organisation))
            if can_show_interest and interest is None
            else None
        ),
    }
    return render(request, "matching/package_detail.html", context)


@login_required
@require_GET
@page_cache
def package_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_for_package(request, pk)
    package = package_get_for_organisation(organisation=organisation, pk=pk)
    return _package_page(request, organisation, package)


def _offer_for(request: HttpRequest, pk: int) -> tuple[Organisation, TaskPackage]:
    """An offer answered by a member of the organisation it is offered to; 404 for anyone
    else (another organisation, an entrepreneur) and for a package that does not exist."""
    organisation_id = (
        TaskPackage.objects.filter(pk=pk).values_list("organisation_id", flat=True).first()
    )
    if organisation_id is None:
        raise Http404("No such package.")
    organisation, _membership = organisation_get_for_user(user=request.user, pk=organisation_id)
    return organisation, package_get_for_organisation(organisation=organisation, pk=pk)


@login_required
@require_POST
def package_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation, package = _offer_for(request, pk)
    try:
        package_accept(package=package, organisation=organisation, user=request.user)
    except OfferError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("You accepted the package. The company and the coach are told by e-mail."),
        )
    return redirect(_package_url(package.pk, organisation))


@login_required
@require_POST
def package_decline_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation, package = _offer_for(request, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _package_page(request, organisation, package, decline_form=form)
    try:
        package_decline(
            package=package,
            organisation=organisation,
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
    except OfferError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("You declined the package. The company and the coach are told by e-mail.")
        )
    return redirect(_package_url(package.pk, organisation))


@login_required
@require_POST
def package_interest_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_for_package(request, pk)
    package = package_get_for_organisation(organisation=organisation, pk=pk)
    form = InterestForm(request.POST, organisation=organisation)
    if not form.is_valid():
        return _package_page(request, organisation, package, interest_form=form)
    try:
        package_interest_express(
            package=package,
            organisation=organisation,
            user=request.user,
            team=form.cleaned_data["team"],
            note=form.cleaned_data["note"],
        )
    except OfferError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Your interest is passed on to the coach, who will contact you.")
        )
    return redirect(_package_url(package.pk, organisation))


@login_required
@require_GET
@page_cache
def our_packages_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation, _membership = organisation_get_for_user(user=request.user, pk=pk)
    context = {"organisation": organisation, "packages": our_packages(organisation=organisation)}
    return render(request, "matching/our_packages.html", context)
