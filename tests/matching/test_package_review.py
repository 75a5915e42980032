from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from matching.services import PackageRuleError, package_approve, package_check, package_reject
from tasks.models import TaskPackage
from tests.factories import (
    CompanyMembershipFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    TaskFactory,
    TaskPackageFactory,
    TeamFactory,
    UserFactory,
)
from tests.races import run_together


def _package(team, hours=(6,), **task_fields):
    task = TaskFactory(hours_per_week=Decimal(hours[0]), status="submitted", **task_fields)
    package = TaskPackageFactory(
        company=task.job_description.company,
        team=team,
        hours_per_week=Decimal(sum(hours)),
    )
    package.tasks.add(task)
    for h in hours[1:]:
        package.tasks.add(
            TaskFactory(
                job_description=task.job_description,
                site=task.site,
                hours_per_week=Decimal(h),
                status="submitted",
            )
        )
    return package


@pytest.fixture
def team():
    organisation = OrganisationFactory(supervision_hours=Decimal("10"))
    organisation.categories.set(["logistics"])
    return TeamFactory(organisation=organisation, capacity_hours=Decimal("10"))


@pytest.mark.django_db
def test_approve_offers_the_package_keeps_history_and_mails_both_parties(
    team, django_capture_on_commit_callbacks
):
    package = _package(team, hours=(6,))
    OrganisationMembershipFactory(organisation=team.organisation)
    CompanyMembershipFactory(company=package.company)
    coach = UserFactory(is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        package_approve(package=package, coach=coach)
    package.refresh_from_db()
    assert package.status == TaskPackage.Status.OFFERED
    assert list(package.events.values_list("action", "actor")) == [
        ("approved", coach.pk),
        ("offered", coach.pk),
    ]
    # Both parties hear of it (one mail per language; both speak the default here).
    assert sorted(to for m in mail.outbox for to in m.to) == sorted(
        [m.user.email for m in (*team.organisation.memberships.all(),
                                *package.company.memberships.all())]
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    "build, rule",
    [
        (lambda team: _package(team, hours=(11,)), 5),
        (lambda team: _package(team, hours=(3,)), 7),
        (lambda team: _package(team, level=3), 4),
        (lambda team: _package(team, category="catering"), 4),
        (lambda team: _package(team, site__latitude=50.0), 4),
    ],
)
def test_approve_refuses_a_package_that_breaks_a_rule_and_names_it(team, build, rule):
    package = build(team)
    with pytest.raises(PackageRuleError) as exc:
        package_approve(package=package, coach=UserFactory())
    assert exc.value.rule == rule
    package.refresh_from_db()
    assert package.status == TaskPackage.Status.PROPOSED
    assert not package.events.exists()


@pytest.mark.django_db
def test_supervision_budget_is_checked(team):
    team.supervision_ratio = Decimal("1")
    team.save()
    team.organisation.supervision_hours = Decimal("5")
    team.organisation.save()
    problems = package_check(package=_package(team, hours=(6,)))
    assert [p.rule for p in problems] == [6]


@pytest.mark.django_db
def test_second_approval_sees_the_first_ones_hours(team):
    first, second = _package(team, hours=(6,)), _package(team, hours=(6,))
    package_approve(package=first, coach=UserFactory())
    with pytest.raises(PackageRuleError) as exc:
        package_approve(package=second, coach=UserFactory())
    assert exc.value.rule == 5


@pytest.mark.django_db
def test_reject_needs_a_reason_and_is_kept_in_history(team):
    package = _package(team)
    with pytest.raises(PackageRuleError):
        package_reject(package=package, coach=UserFactory(), reason="  ")
    package_reject(package=package, coach=UserFactory(), reason="Te ver voor het team")
    package.refresh_from_db()
    assert package.status == TaskPackage.Status.REJECTED
    assert package.events.get().reason == "Te ver voor het team"
    with pytest.raises(PackageRuleError):
        package_approve(package=package, coach=UserFactory())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_coaches_approving_packages_that_overfill_a_team_one_wins(team):
    packages = [_package(team, hours=(6,)), _package(team, hours=(6,))]
    coaches = [UserFactory(is_staff=True), UserFactory(is_staff=True)]
    outcomes = run_together(
        *(lambda i=i: package_approve(package=packages[i], coach=coaches[i]) for i in range(2))
    )
    assert sorted(isinstance(o, Exception) for o in outcomes) == [False, True], outcomes
    loser = next(o for o in outcomes if isinstance(o, Exception))
    assert isinstance(loser, PackageRuleError) and loser.rule == 5
    reserved = TaskPackage.objects.filter(team=team, status__in=TaskPackage.RESERVING)
    assert sum(p.hours_per_week for p in reserved) <= team.capacity_hours


@pytest.mark.django_db
def test_offer_mail_goes_to_each_party_in_their_own_language(
    team, django_capture_on_commit_callbacks
):
    package = _package(team, hours=(6,))
    dutch = OrganisationMembershipFactory(organisation=team.organisation, user__language="nl")
    english = CompanyMembershipFactory(company=package.company, user__language="en")
    with django_capture_on_commit_callbacks(execute=True):
        package_approve(package=package, coach=UserFactory(is_staff=True))
    by_recipient = {m.to[0]: m for m in mail.outbox for _ in m.to}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([dutch.user.email, english.user.email])
    assert by_recipient[english.user.email].subject.startswith("A task package is offered")
    assert not by_recipient[dutch.user.email].subject.startswith("A task package is offered")
    assert package.company.name in by_recipient[dutch.user.email].subject
