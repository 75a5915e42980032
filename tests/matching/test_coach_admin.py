from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.roles import COACH_GROUP, roles_sync
from matching.models import MatchingRun
from tasks.models import TaskPackage
from tests.factories import (
    OrganisationFactory,
    TaskFactory,
    TaskPackageFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach_client(client):
    roles_sync()
    coach = UserFactory(is_staff=True)
    coach.groups.add(Group.objects.get(name=COACH_GROUP))
    client.force_login(coach)
    client.cookies["django_language"] = "en"  # assertions below read the English text
    return client


def _proposed_package(hours=6):
    organisation = OrganisationFactory()
    organisation.categories.set(["logistics"])
    team = TeamFactory(organisation=organisation, capacity_hours=Decimal("10"))
    task = TaskFactory(hours_per_week=Decimal(hours), status="submitted")
    package = TaskPackageFactory(
        company=task.job_description.company, team=team, hours_per_week=Decimal(hours)
    )
    package.tasks.add(task)
    return package


def test_coach_starts_a_run_and_its_page_follows_it(
    coach_client, django_capture_on_commit_callbacks
):
    url = reverse("admin:matching_matchingrun_start")
    assert coach_client.get(url).status_code == 200
    response = coach_client.post(
        url, {"scope": "province", "province": "", "time_limit": "2", "seed": "0"}
    )
    assert response.status_code == 200 and "province" in response.context["form"].errors
    assert not MatchingRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=False):
        response = coach_client.post(url, {"scope": "all", "time_limit": "2", "seed": "0"})
    run = MatchingRun.objects.get()
    assert response["Location"] == reverse("admin:matching_matchingrun_change", args=[run.pk])
    page = coach_client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page  # queued: the page reloads itself


def test_coach_approves_and_rejects_from_the_package_list(coach_client):
    good, too_big = _proposed_package(6), _proposed_package(12)
    changelist = reverse("admin:tasks_taskpackage_changelist")
    response = coach_client.post(
        changelist,
        {"action": "approve_packages", "_selected_action": [good.pk, too_big.pk]},
        follow=True,
    )
    text = response.content.decode()
    good.refresh_from_db()
    too_big.refresh_from_db()
    assert good.status == TaskPackage.Status.OFFERED
    assert too_big.status == TaskPackage.Status.PROPOSED
    assert "rule 5" in text

    # Reject asks for a reason first, then rejects.
    response = coach_client.post(
        changelist, {"action": "reject_packages", "_selected_action": [too_big.pk]}
    )
    assert response.status_code == 200 and "reason" in response.context["form"].fields
    coach_client.post(
        changelist,
        {"action": "reject_packages", "_selected_action": [too_big.pk], "reason": "Te groot"},
    )
    too_big.refresh_from_db()
    assert too_big.status == TaskPackage.Status.REJECTED
    assert too_big.events.get(action="rejected").reason == "Te groot"


def test_entrepreneurs_cannot_reach_the_admin(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:matching_matchingrun_start"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def _second_task(package, hours):
    first = package.tasks.first()
    task = TaskFactory(
        job_description=first.job_description,
        site=first.site,
        hours_per_week=Decimal(hours),
        status="submitted",
    )
    package.tasks.add(task)
    package.hours_per_week += Decimal(hours)
    package.save()
    return task


def test_package_page_shows_why_each_task_fits_and_the_capacity_effect(coach_client):
    package = _proposed_package(6)
    page = coach_client.get(reverse("admin:tasks_taskpackage_change", args=[package.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert package.tasks.get().title in text
    assert "2 (2)" in text  # level 2, team max 2
    assert "0.0 of 10.0" in text  # team hours reserved now, of capacity
    assert 'name="tasks"' not in text  # no direct editing around the rules


def test_removing_a_task_is_checked_against_the_rules(coach_client):
    package = _proposed_package(6)
    small = _second_task(package, 3)
    url = reverse("admin:package_remove_task", args=[package.pk])
    coach_client.post(url, {"task": small.pk})
    package.refresh_from_db()
    assert list(package.tasks.all()) == [package.tasks.get()] and small not in package.tasks.all()
    assert package.hours_per_week == 6
    assert package.events.filter(action="task removed").exists()
    # Removing the 6-hour task would leave 0 tasks: refused, nothing changes.
    response = coach_client.post(url, {"task": package.tasks.get().pk}, follow=True)
    assert "Not changed" in response.content.decode()
    assert package.tasks.count() == 1


def test_removing_below_the_minimum_hours_is_refused_with_rule_7(coach_client):
    package = _proposed_package(3)
    big = _second_task(package, 2)
    response = coach_client.post(
        reverse("admin:package_remove_task", args=[package.pk]),
        {"task": package.tasks.exclude(pk=big.pk).get().pk},
        follow=True,
    )
    assert "rule 7" in response.content.decode()
    assert package.tasks.count() == 2


def test_moving_a_task_to_another_team_makes_a_checked_proposal(coach_client):
    package = _proposed_package(6)
    moved = _second_task(package, 5)
    other_team = TeamFactory(organisation=package.organisation, capacity_hours=Decimal("20"))
    response = coach_client.post(
        reverse("admin:package_move_task", args=[package.pk]),
        {"task": moved.pk, "team": other_team.pk},
    )
    target = TaskPackage.objects.get(team=other_team)
    assert response["Location"] == reverse("admin:tasks_taskpackage_change", args=[target.pk])
    assert list(target.tasks.all()) == [moved] and target.hours_per_week == 5
    package.refresh_from_db()
    assert package.hours_per_week == 6


def test_moving_to_a_team_that_cannot_carry_it_is_refused(coach_client):
    package = _proposed_package(6)
    moved = _second_task(package, 5)
    weak = TeamFactory(organisation=package.organisation, max_level=1)
    response = coach_client.post(
        reverse("admin:package_move_task", args=[package.pk]),
        {"task": moved.pk, "team": weak.pk},
        follow=True,
    )
    assert "rule 4" in response.content.decode()
    assert not TaskPackage.objects.filter(team=weak).exists()
    assert package.tasks.count() == 2


def test_coach_dashboard_shows_hours_bars_and_runs_in_fixed_queries(coach_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    package = _proposed_package(6)
    package.status = TaskPackage.Status.ACCEPTED
    package.save()
    MatchingRun.objects.create(status="succeeded", score=10.0, hours_placed=12.0)
    url = reverse("admin:matching_dashboard")
    coach_client.get(url)  # a session's first form page also stores its CSRF secret
    with CaptureQueriesContext(connection) as small:
        response = coach_client.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in text and package.organisation.name[:30] in text
    assert "6.0/10" in text  # placed hours of the team's spare hours
    figures = response.context
    assert figures["totals"]["placed"] == 6.0
    for _ in range(5):
        _proposed_package(4)
    with CaptureQueriesContext(connection) as large:
        assert coach_client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
