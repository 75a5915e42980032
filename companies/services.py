from __future__ import annotations

from typing import Any

from django.db import transaction

from companies.models import Company, CompanyInvitation, CompanyMembership, Site
from core.geo import location_fill
from core.invitations import invitation_send, invitations_accept


@transaction.atomic
def company_create(
    *, owner: Any, site_name: str, site_postal_code: str, site_address: str = "", **fields: Any
) -> Company:
    """A company with its first site; the user who registers it becomes its owner."""
    company = Company(**fields)
    company.full_clean()
    company.save()
    site_create(company=company, name=site_name, postal_code=site_postal_code, address=site_address)
    CompanyMembership.objects.create(user=owner, company=company, role=CompanyMembership.Role.OWNER)
    return company


def site_create(*, company: Company, name: str, postal_code: str, address: str = "") -> Site:
    site = Site(company=company, name=name, postal_code=postal_code.strip(), address=address)
    location_fill(located=site)
    site.full_clean()
    site.save()
    return site


def company_member_add(
    *, company: Company, user: Any, role: str = CompanyMembership.Role.MEMBER
) -> CompanyMembership:
    membership, _created = CompanyMembership.objects.get_or_create(
        company=company, user=user, defaults={"role": role}
    )
    return membership


def company_invite(
    *, company: Any, email: str, role: str, invited_by: Any, signup_url: str
) -> CompanyInvitation:
    """Invite someone by e-mail; they join when they log in with that address verified."""
    return invitation_send(
        model=CompanyInvitation,
        target_field="company",
        target=company,
        email=email,
        role=role,
        invited_by=invited_by,
        signup_url=signup_url,
    )


def company_invitations_accept(*, user: Any) -> list[CompanyMembership]:
    return invitations_accept(
        model=CompanyInvitation,
        target_field="company",
        user=user,
        member_add=lambda target, member, role: company_member_add(
            company=target, user=member, role=role
        ),
    )
