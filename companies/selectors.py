from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from companies.models import Company, CompanyMembership


def companies_for_user(*, user: Any) -> QuerySet[Company]:
    if not user.is_authenticated:
        return Company.objects.none()
    return Company.objects.filter(memberships__user=user)


def company_get_for_user(*, user: Any, pk: int) -> tuple[Company, CompanyMembership]:
    """The company with this id if the user belongs to it, with their membership;
    404 for anyone else, so ids of other tenants reveal nothing."""
    membership = (
        CompanyMembership.objects.select_related("company")
        .filter(company_id=pk, user_id=getattr(user, "pk", None))
        .first()
    )
    if membership is None:
        raise Http404("No such company.")
    return membership.company, membership
