from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.roles import user_is_coach


@dataclass(frozen=True)
class Roles:
    coach: bool
    company_ids: tuple[int, ...]
    organisation_ids: tuple[int, ...]

    @property
    def none(self) -> bool:
        return not (self.coach or self.company_ids or self.organisation_ids)


def user_roles(user: Any) -> Roles:
    """The hats a user wears. Cached on the user object for the request."""
    cached = getattr(user, "_gewaardeerd_roles", None)
    if cached is not None:
        return cached
    roles = Roles(
        coach=user_is_coach(user),
        company_ids=tuple(user.company_memberships.values_list("company_id", flat=True)),
        organisation_ids=tuple(
            user.organisation_memberships.values_list("organisation_id", flat=True)
        ),
    )
    user._gewaardeerd_roles = roles
    return roles
