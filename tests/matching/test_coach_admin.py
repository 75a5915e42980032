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
