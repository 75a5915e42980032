"""The deal pages of a package (estimate, quote, agreement, PDFs, delivered hours, thread),
an organisation's hourly rates, and the impact pages.

Every package page fetches the package through ``package_access_get``: its company's
members, the organisation's members and the coaches get in, anyone else gets 404. A party
without the right role for a step (a company sending a quote, say) gets 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreements import charts, csv_export, pdf
from agreements.forms import (
    ChangeRequestForm,
    ConfirmForm,
    DeliveredHoursForm,
    HourlyRateForm,
    MessageForm,
    QuoteForm,
)
from agreements.models import DeliveredHours
from agreements.selectors import (
    Figures,
    PackageAccess,
    agreement_weeks,
    impact_companies,
    impact_organisations,
    impact_platform,
    package_access_get,
    package_agreement,
    package_estimate,
    package_events,
    package_has_onsite_work,
    package_messages,
    package_open_quote,
    package_quotes,
    package_tasks,
    team_rates,
    user_deals,
    user_has_impact_role,
)
from agreements.services import (
    DealError,
    delivered_hours_confirm,
    delivered_hours_record,
    hourly_rate_set,
    message_post,
    quote_accept,
    quote_change_request,
    quote_send,
)
from core.taxonomy import Category, Province
from organisations.selectors import organisation_get_for_user
from tasks.models import TaskPackage


def _thread_link(request: HttpRequest, pk: int) -> str:
    return request.build_absolute_uri(reverse("agreements:thread", args=[pk]))


def _deal_url(pk: int) -> str:
    return reverse("agreements:deal", args=[pk])


def _must(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --------------------------------------------------------------------------- deal


def _deal_page(
    request: HttpRequest,
    access: PackageAccess,
    *,
    quote_form: QuoteForm | None = None,
    change_form: ChangeRequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    package = access.package
    tasks = package_tasks(package=package)
    estimate = package_estimate(package=package, tasks=tasks)
    open_quote = package_open_quote(package=package)
    can_quote = access.is_organisation and package.status == TaskPackage.Status.ACCEPTED
    if can_quote and quote_form is None:
        quote_form = QuoteForm(
            package=package,
            initial={
                "hours_per_week": package.hours_per_week,
                "price_per_week": estimate.per_week,
            },
        )
    context = {
        "access": access,
        "package": package,
        "tasks": tasks,
        "estimate": estimate,
        "onsite": package_has_onsite_work(package=package),
        "quotes": package_quotes(package=package),
        "open_quote": open_quote,
        "agreement": package_agreement(package=package),
        "quote_form": quote_form if can_quote else None,
        "change_form": (
            (change_form or ChangeRequestForm()) if access.is_company and open_quote else None
        ),
        "events": package_events(package=package),
    }
    return render(request, "agreements/deal.html", context, status=status)


@login_required
@require_GET
def deal_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _deal_page(request, package_access_get(user=request.user, pk=pk))


@login_required
@require_POST
def quote_send_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = package_access_get(user=request.user, pk=pk)
    _must(access.is_organisation, _("Only the organisation sends a quote."))
    form = QuoteForm(request.POST, package=access.package)
    if not form.is_valid():
        return _deal_page(request, access, quote_form=form)
    data = form.cleaned_data
    try:
        quote_send(
            package=access.package,
            user=request.user,
            hours_per_week=data["hours_per_week"],
            price_per_week=data["price_per_week"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            supervisor=data["supervisor"],
            supervisor_onsite=data["supervisor_onsite"],
            conditions=data["conditions"],
            link=_thread_link(request, pk),
        )
    except DealError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your quote is sent. The company is told by e-mail."))
    return redirect(_deal_url(pk))


def _open_quote_for_company(request: HttpRequest, pk: int):  # noqa: ANN202
    access = package_access_get(user=request.user, pk=pk)
    _must(access.is_company, _("Only the company answers a quote."))
    return access, package_open_quote(package=access.package)


@login_required
@require_POST
def quote_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    _access, quote = _open_quote_for_company(request, pk)
    if quote is None:
        messages.error(request, _("There is no open quote to accept."))
        return redirect(_deal_url(pk))
    try:
        quote_accept(quote=quote, user=request.user, link=_thread_link(request, pk))
    except DealError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You accepted the quote: the agreement is made."))
    return redirect(_deal_url(pk))


@login_required
@require_POST
def quote_change_view(request: HttpRequest, pk: int) -> HttpResponse:
    access, quote = _open_quote_for_company(request, pk)
    if quote is None:
        messages.error(request, _("There is no open quote to answer."))
        return redirect(_deal_url(pk))
    form = ChangeRequestForm(request.POST)
    if not form.is_valid():
        return _deal_page(request, access, change_form=form)
    try:
        quote_change_request(
            quote=quote,
            user=request.user,
            reason=form.cleaned_data["reason"],
            link=_thread_link(request, pk),
        )
    except DealError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your question is passed on to the organisation."))
    return redirect(_deal_url(pk))


# --------------------------------------------------------------------------- PDF


def _pdf_language(request: HttpRequest) -> str:
    asked = request.GET.get("lang") or translation.get_language() or "nl"
    return asked if asked in ("nl", "en") else "nl"


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_GET
def package_sheet_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = package_access_get(user=request.user, pk=pk)
    package = access.package
    tasks = package_tasks(package=package)
    content = pdf.package_sheet_pdf(
        package=package,
        tasks=tasks,
        estimate=package_estimate(package=package, tasks=tasks),
        language=_pdf_language(request),
    )
    return _pdf_response(content, f"package-{pk}.pdf")


@login_required
@require_GET
def agreement_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = package_access_get(user=request.user, pk=pk)
    agreement = package_agreement(package=access.package)
    if agreement is None:
        raise Http404("No agreement yet.")
    content = pdf.agreement_pdf(agreement=agreement, language=_pdf_language(request))
    return _pdf_response(content, f"agreement-{pk}.pdf")


# --------------------------------------------------------------------------- thread


@login_required
@require_http_methods(["GET", "POST"])
def thread_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = package_access_get(user=request.user, pk=pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message_post(
                package=access.package,
                user=request.user,
                body=form.cleaned_data["body"],
                link=_thread_link(request, pk),
            )
        except DealError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your message is sent."))
        return redirect(reverse("agreements:thread", args=[pk]) + "#new-message")
    context = {
        "access": access,
        "package": access.package,
        "thread": package_messages(package=access.package),
        "form": form,
    }
    return render(request, "agreements/thread.html", context)


# --------------------------------------------------------------------------- hours


def _hours_page(
    request: HttpRequest, access: PackageAccess, *, form: DeliveredHoursForm | None = None
) -> HttpResponse:
    agreement = package_agreement(package=access.package)
    can_record = (
        agreement is not None
        and access.is_organisation
        and access.package.status == TaskPackage.Status.ACTIVE
    )
    if can_record and form is None and agreement is not None:
        form = DeliveredHoursForm(agreement=agreement)
    context = {
        "access": access,
        "package": access.package,
        "agreement": agreement,
        "weeks": agreement_weeks(agreement=agreement) if agreement else [],
        "form": form if can_record else None,
    }
    return render(request, "agreements/hours.html", context)


@login_required
@require_GET
def hours_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _hours_page(request, package_access_get(user=request.user, pk=pk))


def _hours_url(pk: int) -> str:
    return reverse("agreements:hours", args=[pk])


@login_required
@require_POST
def hours_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = package_access_get(user=request.user, pk=pk)
    _must(access.is_organisation, _("Only the organisation records delivered hours."))
    agreement = package_agreement(package=access.package)
    if agreement is None:
        messages.error(request, _("There is no agreement yet."))
        return redirect(_hours_url(pk))
    form = DeliveredHoursForm(request.POST, agreement=agreement)
    if not form.is_valid():
        return _hours_page(request, access, form=form)
    iso_year, iso_week = form.cleaned_data["week"]
    try:
        delivered_hours_record(
            agreement=agreement,
            user=request.user,
            iso_year=iso_year,
            iso_week=iso_week,
            hours=form.cleaned_data["hours"],
            note=form.cleaned_data["note"],
            link=_thread_link(request, pk),
        )
    except DealError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The hours are recorded; the company is asked to confirm."))
    return redirect(_hours_url(pk))


@login_required
@require_POST
def hours_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = package_access_get(user=request.user, pk=pk)
    _must(access.is_company, _("Only the company confirms delivered hours."))
    form = ConfirmForm(request.POST)
    entry = None
    if form.is_valid():
        # Scoped to this package's agreement: an id of another deal is simply not found.
        entry = (
            DeliveredHours.objects.select_related("agreement")
            .filter(pk=form.cleaned_data["entry"], agreement__package=access.package)
            .first()
        )
    if entry is None:
        messages.error(request, _("Those hours were not found."))
        return redirect(_hours_url(pk))
    try:
        delivered_hours_confirm(entry=entry, user=request.user)
    except DealError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You confirmed the hours."))
    return redirect(_hours_url(pk))


# --------------------------------------------------------------------------- rates


@login_required
@require_http_methods(["GET", "POST"])
def rates_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation, membership = organisation_get_for_user(user=request.user, pk=pk)
    form = HourlyRateForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        _must(
            membership.role == membership.Role.ADMIN,
            _("Only the organisation's administrators set rates."),
        )
        if form.is_valid():
            try:
                hourly_rate_set(
                    team=form.cleaned_data["team"],
                    category=form.cleaned_data["category"],
                    rate=form.cleaned_data["rate"],
                )
            except DealError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The rate is saved."))
            return redirect(reverse("agreements:rates", args=[pk]))
    context = {
        "organisation": organisation,
        "rates": team_rates(organisation=organisation),
        "form": form,
        "is_admin": membership.role == membership.Role.ADMIN,
    }
    return render(request, "agreements/rates.html", context)


# --------------------------------------------------------------------------- impact


def _impact_or_403(request: HttpRequest) -> None:
    _must(
        user_has_impact_role(user=request.user),
        _("The impact pages are for companies, organisations and coaches."),
    )


def _section(name: str, figures: Figures, prefix: str) -> dict[str, Any]:
    return {
        "name": name,
        "figures": figures,
        "months": figures.sorted(figures.months),
        "chart": charts.month_chart(figures, prefix=prefix),
    }


@login_required
@require_GET
def impact_view(request: HttpRequest) -> HttpResponse:
    _impact_or_403(request)
    user = request.user
    platform = impact_platform(user=user)
    platform_section = None
    if platform is not None:
        figures = platform.figures
        platform_section = {
            "impact": platform,
            "figures": figures,
            "months": figures.sorted(figures.months),
            "provinces": [
                (str(Province(k).label), h, a) for k, h, a in figures.sorted(figures.provinces)
            ],
            "categories": [
                (str(Category(k).label), h, a) for k, h, a in figures.sorted(figures.categories)
            ],
            "charts": charts.platform_charts(platform),
        }
    context = {
        "companies": [_section(c.name, f, f"c{c.pk}") for c, f in impact_companies(user=user)],
        "organisations": [
            _section(o.name, f, f"o{o.pk}") for o, f in impact_organisations(user=user)
        ],
        "platform": platform_section,
        "deals": user_deals(user=user),
    }
    return render(request, "agreements/impact.html", context)


@login_required
@require_GET
def impact_csv_view(request: HttpRequest) -> HttpResponse:
    _impact_or_403(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="impact.csv"'
    csv_export.impact_csv_write(
        response,
        companies=impact_companies(user=request.user),
        organisations=impact_organisations(user=request.user),
        platform=impact_platform(user=request.user),
    )
    return response
