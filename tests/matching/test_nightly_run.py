import pytest
from django.contrib.auth.models import Group
from django_celery_beat.models import PeriodicTask

from core.roles import COACH_GROUP, roles_sync
from matching.models import MatchingRun
from matching.tasks import matching_nightly_run
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_nightly_run_exists_switched_off():
    task = PeriodicTask.objects.get(name="Nightly matching run")
    assert task.task == "matching.tasks.matching_nightly_run" and not task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("2", "0")


def test_the_nightly_task_starts_a_run(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        matching_nightly_run.apply()
    run = MatchingRun.objects.get()
    assert run.started_by is None and run.status == MatchingRun.Status.SUCCEEDED


def test_a_coach_switches_it_on_in_the_admin(client):
    roles_sync()
    coach = UserFactory(is_staff=True)
    coach.groups.add(Group.objects.get(name=COACH_GROUP))
    client.force_login(coach)
    task = PeriodicTask.objects.get(name="Nightly matching run")
    response = client.post(
        "/admin/django_celery_beat/periodictask/",
        {"action": "enable_tasks", "_selected_action": [task.pk]},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.enabled
