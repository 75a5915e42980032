from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core.selectors import user_roles


def roles(request: HttpRequest) -> dict[str, Any]:
    """What the header needs to show each kind of user their own start page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": None}
    return {"roles": user_roles(user)}
