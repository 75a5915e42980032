from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.geo import location_fill
from core.invitations import invitation_send, invitations_accept
from core.models import ActivityCategory
from core.numbers import hours_text
from organisations.models import (
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    Team,
)
from organisations.selectors import organisation_committed_supervision, team_committed_hours


@transaction.atomic
def organisation_create(
    *, admin_user: Any, categories: Iterable[str], **fields: Any
) -> Organisation:
    """An organisation; the user who registers it becomes its administrator."""
    organisation = Organisation(**fields)
    location_fill(located=organisation)
    organisation.full_clean()
    organisation.save()
    organisation.categories.set(ActivityCategory.objects.filter(code__in=list(categories)))
    OrganisationMembership.objects.create(
        user=admin_user, organisation=organisation, role=OrganisationMembership.Role.ADMIN
    )
    return organisation


def team_create(*, organisation: Organisation, **fields: Any) -> Team:
    team = Team(organisation=organisation, **fields)
    team.full_clean()
    team.save()
    return team


def organisation_member_add(
    *, organisation: Organisation, user: Any, role: str = OrganisationMembership.Role.MEMBER
) -> OrganisationMembership:
    membership, _created = OrganisationMembership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    return membership


def organisation_invite(
    *, organisation: Any, email: str, role: str, invited_by: Any, signup_url: str
) -> OrganisationInvitation:
    """Invite someone by e-mail; they join when they log in with that address verified."""
    return invitation_send(
        model=OrganisationInvitation,
        target_field="organisation",
        target=organisation,
        email=email,
        role=role,
        invited_by=invited_by,
        signup_url=signup_url,
    )


def organisation_invitations_accept(*, user: Any) -> list[OrganisationMembership]:
    return invitations_accept(
        model=OrganisationInvitation,
        target_field="organisation",
        user=user,
        member_add=lambda target, member, role: organisation_member_add(
            organisation=target, user=member, role=role
        ),
    )


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, categories: Iterable[str], **fields: Any
) -> Organisation:
    """Change the profile. The organisation row is locked first (as an accept does) so an
    accept and a lower supervision budget cannot pass each other; the budget may not go
    below what accepted and active packages already use."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    old_postal_code = locked.postal_code
    for name, value in fields.items():
        setattr(locked, name, value)
    if locked.postal_code != old_postal_code:
        locked.municipality = ""  # the new postal code's municipality, not the old one's
    location_fill(located=locked)
    used = organisation_committed_supervision(organisation=locked)
    if locked.supervision_hours < used:
        raise ValidationError(
            {
                "supervision_hours": _(
                    "Your accepted and running packages already use %(used)s supervision "
                    "hours per week. Enter at least %(used)s."
                )
                % {"used": hours_text(used)}
            }
        )
    locked.full_clean()
    locked.save()
    locked.categories.set(ActivityCategory.objects.filter(code__in=list(categories)))
    return locked


@transaction.atomic
def team_update(*, team: Team, **fields: Any) -> Team:
    """Change a team's aggregate description. Locks organisation then team, the order the
    package services use, so an accept cannot slip in between the check and the save. The
    spare hours may not go below the hours of accepted and active packages, nor may a new
    supervision ratio make those packages need more supervision than the organisation has."""
    organisation = Organisation.objects.select_for_update().get(pk=team.organisation_id)
    locked = Team.objects.select_for_update().get(pk=team.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    committed = team_committed_hours(team=locked)
    if locked.capacity_hours < committed:
        raise ValidationError(
            {
                "capacity_hours": _(
                    "This team has %(hours)s hours per week in accepted and running packages. "
                    "Enter at least %(hours)s spare hours."
                )
                % {"hours": hours_text(committed)}
            }
        )
    needed = organisation_committed_supervision(
        organisation=organisation, ratios={locked.pk: locked.supervision_ratio}
    )
    if needed > organisation.supervision_hours:
        raise ValidationError(
            {
                "supervision_ratio": _(
                    "With this ratio your accepted and running packages would need %(needed)s "
                    "supervision hours per week; your organisation has %(budget)s."
                )
                % {
                    "needed": hours_text(needed),
                    "budget": hours_text(organisation.supervision_hours),
                }
            }
        )
    locked.save()
    return locked
