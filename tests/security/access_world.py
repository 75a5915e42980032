"""A small world with every role of the platform, shared by the access matrix, the API
tests and the fuzzing: two companies (A and B) with an owner each, one organisation with
a member, a coach, and one of everything that has an id in a URL."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from core.roles import COACH_GROUP, roles_sync
from core.services import api_token_create
from matching.models import MatchingRun, Proposal
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

ROLES = ("anonymous", "entrepreneur_a", "entrepreneur_b", "organisation", "coach")


@dataclass
class World:
    users: dict[str, Any]
    ids: dict[str, int] = field(default_factory=dict)


def coach_make() -> Any:
    roles_sync()
    coach = UserFactory(is_staff=True)
    coach.groups.add(Group.objects.get(name=COACH_GROUP))
    return coach


def world_build() -> World:
    owner_a = CompanyMembershipFactory()
    owner_b = CompanyMembershipFactory()
    member = OrganisationMembershipFactory()
    organisation = member.organisation
    organisation.categories.set(["logistics", "packaging"])
    team = TeamFactory(organisation=organisation, capacity_hours=Decimal("40"))
    coach = coach_make()

    company_a, company_b = owner_a.company, owner_b.company
    site_a = SiteFactory(company=company_a)
    site_b = SiteFactory(company=company_b)
    job_a = JobDescriptionFactory(company=company_a, created_by=owner_a.user)
    job_a.file.save("vacature.txt", ContentFile(b"Je pakt dozen in."), save=True)
    task_a = TaskFactory(job_description=job_a, site=site_a)
    offered_task = TaskFactory(job_description=job_a, site=site_a, status="submitted")
    # Company B's proposal, so that approving it breaks no rule against A's offer.
    job_b = JobDescriptionFactory(company=company_b, created_by=owner_b.user)
    proposed_task = TaskFactory(job_description=job_b, site=site_b, status="submitted")

    offered = TaskPackageFactory(
        company=company_a, team=team, status=TaskPackage.Status.OFFERED, hours_per_week=6
    )
    offered.tasks.add(offered_task)
    proposed = TaskPackageFactory(
        company=company_b, team=team, status=TaskPackage.Status.PROPOSED, hours_per_week=6
    )
    proposed.tasks.add(proposed_task)
    run = MatchingRun.objects.create(
        started_by=coach,
        status=MatchingRun.Status.SUCCEEDED,
        progress=1.0,
        instance={"format": "gewaardeerd-matching/1", "tasks": [], "organisations": []},
        stats={"score": 5.0},
    )
    proposal = Proposal.objects.create(run=run, package=proposed, score=5.0)
    # An accepted package (another team, so A's offer can still be accepted): the deal,
    # its thread and delivered hours.
    deal_team = TeamFactory(organisation=organisation, capacity_hours=Decimal("40"))
    deal_task = TaskFactory(job_description=job_a, site=site_a, status="submitted")
    deal = TaskPackageFactory(
        company=company_a, team=deal_team, status=TaskPackage.Status.ACCEPTED, hours_per_week=6
    )
    deal.tasks.add(deal_task)
    token = api_token_create(user=owner_a.user, name="script").token

    return World(
        users={
            "anonymous": None,
            "entrepreneur_a": owner_a.user,
            "entrepreneur_b": owner_b.user,
            "organisation": member.user,
            "coach": coach,
        },
        ids={
            "company": company_a.pk,
            "site": site_a.pk,
            "job": job_a.pk,
            "task": task_a.pk,
            "organisation": organisation.pk,
            "team": team.pk,
            "package": offered.pk,
            "proposed_package": proposed.pk,
            "run": run.pk,
            "proposal": proposal.pk,
            "token": token.pk,
            "deal_package": deal.pk,
        },
    )
