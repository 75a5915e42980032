from __future__ import annotations

from typing import Any

from django.http import Http404

from organisations.models import Organisation, OrganisationMembership


def organisation_get_for_user(*, user: Any, pk: int) -> tuple[Organisation, OrganisationMembership]:
    """The organisation with this id if the user belongs to it, with their membership;
    404 for anyone else."""
    membership = (
        OrganisationMembership.objects.select_related("organisation")
        .filter(organisation_id=pk, user_id=getattr(user, "pk", None))
        .first()
    )
    if membership is None:
        raise Http404("No such organisation.")
    return membership.organisation, membership
