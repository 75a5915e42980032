from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from companies.forms import CompanyCreateForm, SiteForm
from companies.models import CompanyMembership
from companies.selectors import company_get_for_user
from companies.services import company_create, company_invite, site_create
from core.members import members_page
from core.pagecache import page_cache


@login_required
@require_http_methods(["GET", "POST"])
def company_create_view(request: HttpRequest) -> HttpResponse:
    form = CompanyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            company = company_create(
                owner=request.user,
                site_name=data.pop("site_name"),
                site_postal_code=data.pop("site_postal_code"),
                site_address=data.pop("site_address"),
                **data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your company is registered."))
            return redirect("companies:detail", pk=company.pk)
    return render(request, "companies/company_form.html", {"form": form})


@login_required
@require_GET
@page_cache
def company_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    company, membership = company_get_for_user(user=request.user, pk=pk)
    context = {
        "company": company,
        "membership": membership,
        "sites": company.sites.all(),
        "job_descriptions": company.job_descriptions.all()[:50],
    }
    return render(request, "companies/company_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def site_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    company, membership = company_get_for_user(user=request.user, pk=pk)
    if membership.role != CompanyMembership.Role.OWNER:
        raise PermissionDenied(_("Only the company's owner can add sites."))
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        site_create(company=company, **form.cleaned_data)
        messages.success(request, _("The site is added."))
        return redirect("companies:detail", pk=company.pk)
    return render(request, "companies/site_form.html", {"form": form, "company": company})


@login_required
@require_http_methods(["GET", "POST"])
def company_members_view(request: HttpRequest, pk: int) -> HttpResponse:
    company, membership = company_get_for_user(user=request.user, pk=pk)
    return members_page(
        request,
        tenant=company,
        can_invite=membership.role == CompanyMembership.Role.OWNER,
        refusal=_("Only the company's owner can invite colleagues."),
        roles=CompanyMembership.Role.choices,
        invite=lambda **fields: company_invite(company=company, **fields),
        members_url=reverse("companies:members", args=[company.pk]),
        back_url=reverse("companies:detail", args=[company.pk]),
    )
