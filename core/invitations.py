"""Invitations shared by companies and organisations: each app has its own invitation
model (a subclass of core.models.Invitation) and calls these with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from core.mail import invitation_mail_send, verified_emails

M = TypeVar("M")


def invitation_send(
    *,
    model: type[models.Model],
    target_field: str,
    target: Any,
    email: str,
    role: str,
    invited_by: Any,
    signup_url: str,
) -> Any:
    email = email.strip().lower()
    invitation, _created = model.objects.update_or_create(
        **{target_field: target},
        email=email,
        accepted_at__isnull=True,
        defaults={"role": role, "invited_by": invited_by},
    )
    invitation_mail_send(
        email=email, inviter=str(invited_by), target=str(target), signup_url=signup_url
    )
    return invitation


def invitations_accept(
    *, model: type[models.Model], target_field: str, user: Any, member_add: Callable[..., M]
) -> list[M]:
    """Turn the open invitations for the user's verified addresses into memberships."""
    joined: list[M] = []
    with transaction.atomic():
        for invitation in model.objects.select_for_update().filter(
            email__in=verified_emails(user), accepted_at__isnull=True
        ):
            target = getattr(invitation, target_field)
            joined.append(member_add(target, user, invitation.role))
            invitation.accepted_at = timezone.now()
            invitation.save(update_fields=["accepted_at"])
    return joined
