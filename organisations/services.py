from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.geo import postal_code_lookup
from core.invitations import invitation_send, invitations_accept
from core.models import ActivityCategory
from organisations.models import (
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    Team,
)


def organisation_fill_location(*, organisation: Organisation) -> None:
    place = postal_code_lookup(organisation.postal_code)
    if place is None:
        raise ValidationError(
            {
                "postal_code": _("Unknown Belgian postal code: %(code)s.")
                % {"code": organisation.postal_code}
            }
        )
    organisation.municipality = organisation.municipality or place.municipality
    organisation.province = place.province
    organisation.latitude = place.latitude
    organisation.longitude = place.longitude


@transaction.atomic
def organisation_create(
    *, admin_user: Any, categories: Iterable[str], **fields: Any
) -> Organisation:
    """An organisation; the user who registers it becomes its administrator."""
    organisation = Organisation(**fields)
    organisation_fill_location(organisation=organisation)
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
