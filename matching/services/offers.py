"""An organisation's answers to task packages: interest in a published package, accepting
or declining an offer. Each step is kept in the package's history and told by e-mail.

Accepting re-checks the spec's rules with the capacity of this moment under the same row
locks as ``package_approve`` (organisation, then team, then the package), plus the rows of
the package's tasks, so that two organisations accepting packages that share a task, or a
team accepting while its capacity is being lowered, are serialised: one wins, the other gets
a clear message and nothing changes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core.mail import mail_in_each_language
from core.numbers import hours_text
from core.roles import COACH_GROUP
from matching.services.packages import package_check
from organisations.models import Organisation, Team
from tasks.models import PackageEvent, PackageInterest, Task, TaskPackage

Status = TaskPackage.Status
COMMITTED = (Status.ACCEPTED, Status.ACTIVE)


class OfferError(Exception):
    """An answer that cannot be given now; `message` is translated and meant for the user."""

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


def _locked_offer(package_id: int, organisation: Organisation) -> TaskPackage:
    """Lock organisation, team and package in the order package_approve uses; refuse when the
    package is no longer an open offer to this organisation."""
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    team_id = TaskPackage.objects.filter(pk=package_id).values_list("team_id", flat=True).first()
    if team_id is not None:
        Team.objects.select_for_update().filter(pk=team_id).first()
    # of=self: lock the package row only; the joined rows are read, not locked.
    package = (
        TaskPackage.objects.select_for_update(of=("self",))
        .select_related("team", "organisation", "company")
        .filter(pk=package_id)
        .first()
    )
    if package is None or package.organisation_id != organisation.pk or package.team_id != team_id:
        raise OfferError(_("This package is no longer offered to your organisation."))
    if package.status != Status.OFFERED:
        raise OfferError(
            _("This package is %(status)s now; someone else answered it. Nothing was changed.")
            % {"status": package.get_status_display()}
        )
    return package


def _committed_conflicts(package: TaskPackage) -> bool:
    """Rule 2 against what is committed: a task of this package, or this company with this
    team, in a package that was accepted or runs. Offers still waiting do not block an
    accept: the first organisation to accept gets the shared work."""
    task_ids = list(package.tasks.values_list("pk", flat=True))
    others = TaskPackage.objects.filter(status__in=COMMITTED).exclude(pk=package.pk)
    return (
        others.filter(tasks__in=task_ids).exists()
        or others.filter(company_id=package.company_id, team_id=package.team_id).exists()
    )


def _capacity_message(package: TaskPackage, rule: int) -> str:
    team, organisation = package.team, package.organisation
    others = TaskPackage.objects.filter(status__in=TaskPackage.RESERVING).exclude(pk=package.pk)
    if rule == 5:
        used = others.filter(team=team).aggregate(s=Sum("hours_per_week"))["s"] or Decimal("0")
        return _(
            "Team %(team)s no longer has the hours: %(free)s hours a week are free (offers "
            "waiting for your answer count too) and this package needs %(hours)s. Nothing was "
            "changed. Raise the team's spare hours or decline another offer first."
        ) % {
            "team": team.name,
            "free": hours_text(team.capacity_hours - used),
            "hours": hours_text(package.hours_per_week),
        }
    used = sum(
        (
            t.supervision_ratio
            * (others.filter(team=t).aggregate(s=Sum("hours_per_week"))["s"] or Decimal("0"))
            for t in Team.objects.filter(organisation=organisation)
        ),
        Decimal("0"),
    )
    return _(
        "Your organisation no longer has the supervision: %(free)s hours a week are free and "
        "this package needs %(needed)s. Nothing was changed."
    ) % {
        "free": hours_text(organisation.supervision_hours - used),
        "needed": hours_text(package.hours_per_week * team.supervision_ratio),
    }


def package_accept(*, package: TaskPackage, organisation: Organisation, user: Any) -> TaskPackage:
    """Accept an offer: re-check every rule with today's capacity and supervision, then move
    it to accepted. On any problem nothing changes and OfferError says why."""
    with transaction.atomic():
        package = _locked_offer(package.pk, organisation)
        # The task rows serialise accepts of packages that share work across organisations
        # (their organisation and team locks differ); pk order avoids deadlocks.
        list(
            Task.objects.select_for_update(of=("self",))
            .filter(packages=package)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if _committed_conflicts(package):
            raise OfferError(
                _(
                    "Some of this work was meanwhile accepted by another organisation or team. "
                    "Nothing was changed."
                )
            )
        # Rule 2 against mere offers is handled above; every other rule as the coach's check.
        problems = [p for p in package_check(package=package) if p.rule != 2]
        for problem in problems:
            if problem.rule in (5, 6):
                raise OfferError(_capacity_message(package, problem.rule))
        if problems:
            raise OfferError(
                _(
                    "The package no longer fits team %(team)s (its level, load, categories or "
                    "distance changed). Nothing was changed; your coach can help."
                )
                % {"team": package.team.name}
            )
        package.status = Status.ACCEPTED
        package.save(update_fields=["status", "updated_at"])
        _event(package, user, "accepted", Status.OFFERED)
        package_id = package.pk
        transaction.on_commit(
            lambda: package_answer_mail_send(package_id=package_id, action="accepted")
        )
    return package


def package_decline(
    *, package: TaskPackage, organisation: Organisation, user: Any, reason: str
) -> TaskPackage:
    """Decline an offer with a reason; the team's hours are free again."""
    reason = reason.strip()
    if not reason:
        raise OfferError(_("Tell the company and the coach why you decline."))
    with transaction.atomic():
        package = _locked_offer(package.pk, organisation)
        package.status = Status.DECLINED
        package.save(update_fields=["status", "updated_at"])
        _event(package, user, "declined", Status.OFFERED, reason)
        package_id = package.pk
        transaction.on_commit(
            lambda: package_answer_mail_send(package_id=package_id, action="declined")
        )
    return package


def package_interest_express(
    *,
    package: TaskPackage,
    organisation: Organisation,
    user: Any,
    team: Team | None = None,
    note: str = "",
) -> PackageInterest:
    """Say we would like to take on a published package; the coaches are told and may
    assign it to us."""
    if team is not None and team.organisation_id != organisation.pk:
        raise OfferError(_("Choose one of your own teams."))
    with transaction.atomic():
        package = TaskPackage.objects.select_for_update().get(pk=package.pk)
        if not package.published or package.status not in (Status.APPROVED, Status.OFFERED):
            raise OfferError(_("This package is not open for interest (any more)."))
        if package.organisation_id == organisation.pk and package.status == Status.OFFERED:
            raise OfferError(_("This package is offered to you: accept or decline it."))
        try:
            with transaction.atomic():
                interest = PackageInterest.objects.create(
                    package=package, organisation=organisation, team=team, user=user, note=note
                )
        except IntegrityError:
            raise OfferError(
                _("Your organisation already showed interest in this package.")
            ) from None
        interest_id = interest.pk
        transaction.on_commit(lambda: package_interest_mail_send(interest_id=interest_id))
    return interest


# --------------------------------------------------------------------------- e-mail


def _coach_emails() -> list[str]:
    return list(
        get_user_model()
        .objects.filter(groups__name=COACH_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def package_answer_mail_send(*, package_id: int, action: str) -> None:
    """Tell the company's members and the coaches that the organisation answered."""
    package = TaskPackage.objects.select_related("company", "organisation", "team").get(
        pk=package_id
    )
    reason = ""
    if action == "declined":
        event = package.events.filter(action="declined").order_by("-created_at", "-id").first()
        reason = event.reason if event else ""
    recipients = [
        *package.company.memberships.values_list("user__email", flat=True),
        *_coach_emails(),
    ]

    def render() -> tuple[str, str]:
        values = {
            "organisation": package.organisation.name,
            "company": package.company.name,
            "hours": hours_text(package.hours_per_week),
            "reason": reason,
        }
        if action == "accepted":
            subject = _("%(organisation)s accepted the task package of %(company)s") % values
            body = (
                _(
                    "%(organisation)s accepted the task package of %(hours)s hours per week from "
                    "%(company)s. The coach will help you both get started."
                )
                % values
            )
        else:
            subject = _("%(organisation)s declined the task package of %(company)s") % values
            body = (
                _(
                    "%(organisation)s declined the task package of %(hours)s hours per week from "
                    "%(company)s.\n\nTheir reason: %(reason)s\n\nThe coach will look for another "
                    "organisation."
                )
                % values
            )
        return subject, body

    mail_in_each_language(recipients=recipients, render=render)


def package_interest_mail_send(*, interest_id: int) -> None:
    """Tell the coaches an organisation would like a published package."""
    interest = PackageInterest.objects.select_related(
        "organisation", "team", "package__company"
    ).get(pk=interest_id)

    def render() -> tuple[str, str]:
        values = {
            "organisation": interest.organisation.name,
            "company": interest.package.company.name,
            "package": interest.package_id,
            "hours": hours_text(interest.package.hours_per_week),
            "team": interest.team.name if interest.team else "—",
            "note": interest.note or "—",
        }
        subject = _("%(organisation)s is interested in package %(package)s of %(company)s") % values
        body = (
            _(
                "%(organisation)s would like to take on the published task package %(package)s "
                "(%(hours)s hours per week) of %(company)s.\nTeam: %(team)s\nNote: %(note)s\n\n"
                "You can assign the package to them in the coaches' admin."
            )
            % values
        )
        return subject, body

    mail_in_each_language(recipients=_coach_emails(), render=render)
