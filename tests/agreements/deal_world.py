"""A package between company A and an organisation, with every party and an outsider of
each kind, for the tests of quotes, agreements, hours, the thread and impact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.utils import timezone

from agreements.models import Agreement, HourlyRate
from agreements.services import quote_accept, quote_send
from core.roles import COACH_GROUP
from organisations.models import OrganisationMembership
from tasks.models import TaskPackage
from tests.factories import (
    CompanyMembershipFactory,
    JobDescriptionFactory,
    OrganisationMembershipFactory,
    SiteFactory,
    TaskFactory,
    TaskPackageFactory,
    TeamFactory,
    UserFactory,
)


@dataclass
class Deal:
    package: TaskPackage
    company_user: Any
    organisation_user: Any
    organisation_member: Any  # in the organisation, but not an administrator
    coach: Any
    other_company_user: Any
    other_organisation_user: Any
    nobody: Any  # logged in, in no company or organisation


def coach_make() -> Any:
    coach = UserFactory(is_staff=True)
    coach.groups.add(Group.objects.get_or_create(name=COACH_GROUP)[0])
    return coach


def deal_make(
    *, status: str = TaskPackage.Status.ACCEPTED, onsite: bool = False, province: str = ""
) -> Deal:
    owner = CompanyMembershipFactory()
    member = OrganisationMembershipFactory()
    organisation = member.organisation
    if province:
        organisation.province = province
        organisation.save(update_fields=["province"])
    plain = OrganisationMembershipFactory(
        organisation=organisation, role=OrganisationMembership.Role.MEMBER
    )
    team = TeamFactory(organisation=organisation, name="Team Inpak")
    site = SiteFactory(company=owner.company)
    job = JobDescriptionFactory(company=owner.company, created_by=owner.user)
    picking = TaskFactory(
        job_description=job,
        site=site,
        title="Orders picken",
        category="logistics",
        hours_per_week=Decimal("6"),
        mode="onsite" if onsite else "either",
        status="submitted",
    )
    packing = TaskFactory(
        job_description=job,
        site=site,
        title="Pakketten inpakken",
        category="packaging",
        hours_per_week=Decimal("4"),
        status="submitted",
    )
    package = TaskPackageFactory(
        company=owner.company, team=team, status=status, hours_per_week=Decimal("10")
    )
    package.tasks.set([picking, packing])
    return Deal(
        package=package,
        company_user=owner.user,
        organisation_user=member.user,
        organisation_member=plain.user,
        coach=coach_make(),
        other_company_user=CompanyMembershipFactory().user,
        other_organisation_user=OrganisationMembershipFactory().user,
        nobody=UserFactory(),
    )


def rates_set(package: TaskPackage) -> None:
    """EUR 20 an hour in general, EUR 25 for packaging: 6 × 20 + 4 × 25 = 220 a week."""
    HourlyRate.objects.create(team=package.team, category="", rate=Decimal("20.00"))
    HourlyRate.objects.create(team=package.team, category="packaging", rate=Decimal("25.00"))


def monday_weeks_ago(weeks: int) -> date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday(), weeks=weeks)


def agreement_make(deal: Deal, *, price: Decimal = Decimal("250.00")) -> Agreement:
    """A quote sent and accepted through the services: an agreement that started four
    weeks ago and runs 26 weeks, 10 hours a week."""
    quote = quote_send(
        package=deal.package,
        user=deal.organisation_user,
        hours_per_week=Decimal("10"),
        price_per_week=price,
        start_date=monday_weeks_ago(4),
        end_date=monday_weeks_ago(4) + timedelta(weeks=26, days=-1),
        supervisor="Sofie Peeters",
        supervisor_onsite=True,
        conditions="Werkkledij door het bedrijf.",
    )
    return quote_accept(quote=quote, user=deal.company_user)
