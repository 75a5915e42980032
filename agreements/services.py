"""Everything that writes on the way from offer to agreement: rates, quotes, the agreement,
delivered hours and the package's messages. Each step is kept in the package's history
(PackageEvent) and told to the other parties by e-mail once the transaction commits.

The views check who may do what (company, organisation, coach); these functions check that
the step fits the package's state now, under a row lock on the package, so that two clicks
(or two people) cannot accept two quotes or record one week twice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements.models import (
    MAX_WEEK_HOURS,
    Agreement,
    DeliveredHours,
    HourlyRate,
    Message,
    Quote,
    iso_week_monday,
    money,
)
from core.numbers import hours_text
from core.roles import COACH_GROUP
from organisations.models import Team
from tasks.models import PackageEvent, TaskPackage

Status = TaskPackage.Status


class DealError(Exception):
    """A step that cannot be taken now; `message` is translated and meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _event(package: TaskPackage, actor: Any, action: str, old: str, reason: str = "") -> None:
    PackageEvent.objects.create(
        package=package,
        actor=actor,
        action=action,
        from_status=old,
        to_status=package.status,
        reason=reason,
    )


def _locked_package(package_id: int) -> TaskPackage:
    # of=self: only the package row; the joined rows are read for the e-mails.
    return (
        TaskPackage.objects.select_for_update(of=("self",))
        .select_related("company", "organisation", "team")
        .get(pk=package_id)
    )


# --------------------------------------------------------------------------- rates


def hourly_rate_set(*, team: Team, category: str, rate: Decimal) -> HourlyRate:
    """Set the team's rate for a category ('' = every category); 0 is allowed (work care
    is often free of charge), a negative rate is not."""
    if rate < 0:
        raise DealError(_("A rate cannot be negative."))
    hourly_rate, _created = HourlyRate.objects.update_or_create(
        team=team, category=category, defaults={"rate": money(rate)}
    )
    return hourly_rate


# --------------------------------------------------------------------------- quotes


def quote_problems(
    *,
    package: TaskPackage,
    hours_per_week: Decimal,
    price_per_week: Decimal,
    start_date: date,
    end_date: date,
    supervisor: str,
    supervisor_onsite: bool,
) -> list[str]:
    """What is wrong with these terms for this package (shared by the form and the service)."""
    problems = []
    if hours_per_week <= 0 or hours_per_week > package.hours_per_week:
        problems.append(
            _("The hours per week must be more than 0 and at most the package's %(hours)s.")
            % {"hours": hours_text(package.hours_per_week)}
        )
    if price_per_week < 0:
        problems.append(_("The price cannot be negative."))
    if end_date <= start_date:
        problems.append(_("The end date must come after the start date."))
    if package.tasks.filter(mode="onsite").exists() and not (
        supervisor.strip() and supervisor_onsite
    ):
        problems.append(
            _(
                "Some of this work is done at the company's site: name the supervisor and "
                "confirm they are present there."
            )
        )
    elif supervisor_onsite and not supervisor.strip():
        problems.append(_("Name the supervisor who is present on site."))
    return problems


def quote_send(
    *,
    package: TaskPackage,
    user: Any,
    hours_per_week: Decimal,
    price_per_week: Decimal,
    start_date: date,
    end_date: date,
    supervisor: str = "",
    supervisor_onsite: bool = False,
    conditions: str = "",
    link: str = "",
) -> Quote:
    """The organisation sends its price for a package it accepted. An open quote it sent
    before is closed with a note that a newer one replaced it, so the company always
    answers the latest."""
    with transaction.atomic():
        package = _locked_package(package.pk)
        if package.status != Status.ACCEPTED:
            raise DealError(
                _("A quote can be sent once your organisation accepted the package; it is %(s)s.")
                % {"s": package.get_status_display()}
            )
        problems = quote_problems(
            package=package,
            hours_per_week=hours_per_week,
            price_per_week=price_per_week,
            start_date=start_date,
            end_date=end_date,
            supervisor=supervisor,
            supervisor_onsite=supervisor_onsite,
        )
        if problems:
            raise DealError(" ".join(problems))
        package.quotes.filter(status=Quote.Status.SENT).update(
            status=Quote.Status.CHANGE_REQUESTED,
            answer=_("Replaced by a newer quote."),
            answered_at=timezone.now(),
        )
        quote = Quote.objects.create(
            package=package,
            created_by=user,
            hours_per_week=hours_per_week,
            price_per_week=money(price_per_week),
            start_date=start_date,
            end_date=end_date,
            supervisor=supervisor.strip(),
            supervisor_onsite=supervisor_onsite,
            conditions=conditions.strip(),
        )
        _event(package, user, "quote_sent", package.status, _quote_summary(quote))
        _mail_on_commit(
            package,
            user,
            link,
            subject=gettext_noop(
                "%(organisation)s sent a quote for the task package of %(company)s"
            ),
            body=gettext_noop(
                "%(organisation)s sent a quote: %(summary)s.\n"
                "Accept it or ask for a change on the package's page."
            ),
            summary=_quote_summary(quote),
        )
    return quote


def _quote_summary(quote: Quote) -> str:
    return _("EUR %(week)s per week for %(hours)s hours, from %(start)s to %(end)s") % {
        "week": quote.price_per_week,
        "hours": hours_text(quote.hours_per_week),
        "start": quote.start_date.isoformat(),
        "end": quote.end_date.isoformat(),
    }


def _locked_open_quote(quote: Quote) -> tuple[TaskPackage, Quote]:
    package = _locked_package(quote.package_id)
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    if quote.status != Quote.Status.SENT:
        raise DealError(_("This quote was answered or replaced meanwhile. Nothing was changed."))
    return package, quote


def quote_change_request(*, quote: Quote, user: Any, reason: str, link: str = "") -> Quote:
    """The company asks the organisation to change its quote, saying what."""
    reason = reason.strip()
    if not reason:
        raise DealError(_("Tell the organisation what you would like changed."))
    with transaction.atomic():
        package, quote = _locked_open_quote(quote)
        quote.status = Quote.Status.CHANGE_REQUESTED
        quote.answer = reason
        quote.answered_by = user
        quote.answered_at = timezone.now()
        quote.save(update_fields=["status", "answer", "answered_by", "answered_at"])
        _event(package, user, "quote_change_asked", package.status, reason)
        _mail_on_commit(
            package,
            user,
            link,
            subject=gettext_noop("%(company)s asks for a change to the quote of %(organisation)s"),
            body=gettext_noop("%(company)s asks for a change to the quote:\n\n%(summary)s"),
            summary=reason,
        )
    return quote


def quote_accept(*, quote: Quote, user: Any, link: str = "") -> Agreement:
    """The company accepts the quote: it becomes the agreement and the package runs
    (accepted → active)."""
    with transaction.atomic():
        package, quote = _locked_open_quote(quote)
        if not package.can_move_to(Status.ACTIVE):
            raise DealError(
                _("The package is %(s)s; it cannot start now.")
                % {"s": package.get_status_display()}
            )
        quote.status = Quote.Status.ACCEPTED
        quote.answered_by = user
        quote.answered_at = timezone.now()
        quote.save(update_fields=["status", "answered_by", "answered_at"])
        agreement = Agreement.objects.create(
            package=package,
            quote=quote,
            company=package.company,
            organisation=package.organisation,
            team=package.team,
            hours_per_week=quote.hours_per_week,
            price_per_week=quote.price_per_week,
            start_date=quote.start_date,
            end_date=quote.end_date,
            supervisor=quote.supervisor,
            supervisor_onsite=quote.supervisor_onsite,
            conditions=quote.conditions,
            accepted_by=user,
        )
        agreement.tasks.set(package.tasks.all())
        old = package.status
        _event(package, user, "quote_accepted", old, _quote_summary(quote))
        package.status = Status.ACTIVE
        package.save(update_fields=["status", "updated_at"])
        _event(package, user, "agreement_started", old)
        _mail_on_commit(
            package,
            user,
            link,
            subject=gettext_noop("%(company)s and %(organisation)s have an agreement"),
            body=gettext_noop(
                "%(company)s accepted the quote of %(organisation)s: %(summary)s.\n"
                "The package is active now; the agreement can be printed from its page."
            ),
            summary=_quote_summary(quote),
        )
    return agreement


# --------------------------------------------------------------------------- hours


def delivered_hours_problems(
    *, agreement: Agreement, iso_year: int, iso_week: int, hours: Decimal, today: date
) -> list[str]:
    problems = []
    try:
        monday = iso_week_monday(iso_year, iso_week)
    except ValueError:
        return [_("That week does not exist.")]
    sunday = date.fromordinal(monday.toordinal() + 6)
    if sunday < agreement.start_date or monday > agreement.end_date:
        problems.append(_("That week is outside the agreement's start and end."))
    if monday > today:
        problems.append(_("That week has not started yet."))
    if hours < 0 or hours > MAX_WEEK_HOURS:
        problems.append(_("The hours must be between 0 and 168."))
    return problems


def delivered_hours_record(
    *,
    agreement: Agreement,
    user: Any,
    iso_year: int,
    iso_week: int,
    hours: Decimal,
    note: str = "",
    link: str = "",
) -> DeliveredHours:
    """Record a week's hours; recording a week again is a correction: a new version, the old
    one stays in the history. The company confirms the version."""
    with transaction.atomic():
        package = _locked_package(agreement.package_id)
        if package.status != Status.ACTIVE:
            raise DealError(_("Hours are recorded on an active agreement only."))
        problems = delivered_hours_problems(
            agreement=agreement,
            iso_year=iso_year,
            iso_week=iso_week,
            hours=hours,
            today=timezone.localdate(),
        )
        if problems:
            raise DealError(" ".join(problems))
        previous = (
            DeliveredHours.objects.filter(
                agreement=agreement, iso_year=iso_year, iso_week=iso_week, is_current=True
            )
            .select_for_update()
            .first()
        )
        version = 1
        if previous is not None:
            previous.is_current = False
            previous.save(update_fields=["is_current"])
            version = previous.version + 1
        entry = DeliveredHours.objects.create(
            agreement=agreement,
            iso_year=iso_year,
            iso_week=iso_week,
            version=version,
            hours=hours,
            note=note.strip(),
            recorded_by=user,
        )
        week = f"{iso_year}-W{iso_week:02d}"
        shown_hours = hours_text(hours)
        action = "hours_recorded" if version == 1 else "hours_corrected"
        _event(package, user, action, package.status, f"{week}: {shown_hours} (v{version})")
        _mail_on_commit(
            package,
            user,
            link,
            subject=gettext_noop("%(organisation)s recorded delivered hours for %(company)s"),
            body=gettext_noop(
                "%(organisation)s recorded %(summary)s. Please confirm them on the page."
            ),
            summary=f"{shown_hours} h – {week}",
        )
    return entry


def delivered_hours_confirm(*, entry: DeliveredHours, user: Any) -> DeliveredHours:
    """The company confirms the current version of a week."""
    with transaction.atomic():
        package = _locked_package(entry.agreement.package_id)
        entry = DeliveredHours.objects.select_for_update().get(pk=entry.pk)
        if not entry.is_current:
            raise DealError(_("These hours were corrected meanwhile; confirm the new version."))
        if entry.confirmed_at is not None:
            raise DealError(_("These hours are confirmed already."))
        entry.confirmed_by = user
        entry.confirmed_at = timezone.now()
        entry.save(update_fields=["confirmed_by", "confirmed_at"])
        _event(
            package,
            user,
            "hours_confirmed",
            package.status,
            f"{entry.iso_year}-W{entry.iso_week:02d} (v{entry.version})",
        )
    return entry


# --------------------------------------------------------------------------- thread


def message_post(*, package: TaskPackage, user: Any, body: str, link: str = "") -> Message:
    body = body.strip()
    if not body:
        raise DealError(_("Write a message first."))
    with transaction.atomic():
        message = Message.objects.create(package=package, author=user, body=body)
        _mail_on_commit(
            package,
            user,
            link,
            subject=gettext_noop("New message about the task package of %(company)s"),
            body=gettext_noop("%(author)s wrote:\n\n%(summary)s"),
            summary=body,
        )
    return message


# --------------------------------------------------------------------------- e-mail


def package_party_users(*, package: TaskPackage) -> list[Any]:
    """The company's members, the organisation's members and the coaches."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return list(
        users.filter(
            Q(company_memberships__company_id=package.company_id)
            | Q(organisation_memberships__organisation_id=package.organisation_id)
            | Q(groups__name=COACH_GROUP, is_staff=True)
        )
        .distinct()
        .order_by("email")
    )


def _mail_on_commit(
    package: TaskPackage, actor: Any, link: str, *, subject: str, body: str, summary: str
) -> None:
    """Send after the commit: a rolled-back step tells nobody. The subject and body are
    msgids, translated when the mail is made."""
    package_id, actor_id = package.pk, getattr(actor, "pk", None)
    transaction.on_commit(
        lambda: package_mail_send(
            package_id=package_id,
            actor_id=actor_id,
            subject=subject,
            body=body,
            summary=summary,
            link=link,
        )
    )


def package_mail_send(
    *, package_id: int, actor_id: int | None, subject: str, body: str, summary: str, link: str
) -> None:
    """Tell every party but the one who acted, each in their own language, with a link back
    to the package's conversation."""
    package = TaskPackage.objects.select_related("company", "organisation").get(pk=package_id)
    actor = get_user_model().objects.filter(pk=actor_id).first()
    by_language: dict[str, list[str]] = {}
    for user in package_party_users(package=package):
        if user.pk != actor_id:
            language = user.language if user.language in ("nl", "en") else settings.LANGUAGE_CODE
            by_language.setdefault(language, []).append(user.email)
    for language, recipients in sorted(by_language.items()):
        with translation.override(language):
            values = {
                "company": package.company.name,
                "organisation": package.organisation.name,
                "author": str(actor) if actor else _("Someone"),
                "summary": summary,
            }
            text = _(body) % values
            if link:
                text += "\n\n" + _("Open the conversation: %(link)s") % {"link": link}
            send_mail(_(subject) % values, text, None, recipients)
