"""Faults around matching runs: a worker that dies, a broker that is down."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from matching.models import MatchingRun, Proposal
from matching.services import run_create, runs_watch
from matching.services.runs import WAITING_MESSAGE
from tasks.demo import demo_seed
from tasks.demo_scale import demo_seed_scaled, scale_for
from tasks.models import TaskPackage
from tests.matching.workers import REDIS_URL, needs_services, point_producer_at


@pytest.mark.django_db
def test_watch_fails_a_run_whose_worker_went_silent_and_leaves_fresh_ones():
    now = timezone.now()
    stale = MatchingRun.objects.create(status="running", heartbeat_at=now - timedelta(minutes=9))
    alive = MatchingRun.objects.create(status="running", heartbeat_at=now)
    assert runs_watch() == {"failed": 1, "requeued": 0}
    stale.refresh_from_db()
    alive.refresh_from_db()
    assert stale.status == "failed" and "stopped responding" in stale.error
    assert alive.status == "running"


def _wait_for(run, statuses, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in statuses:
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run.pk} stayed {run.status}")


@pytest.mark.services
@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_killed_in_the_middle_of_a_run(celery_worker_process):
    demo_seed(password="demo-gewaardeerd")
    demo_seed_scaled(scale=scale_for("20"))  # big enough to keep the solver busy
    celery_worker_process.start()
    run = run_create(time_limit=120)
    _wait_for(run, {"running"})
    # Let it get into the search, then kill the worker without warning.
    deadline = time.monotonic() + 60
    while run.progress == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
        run.refresh_from_db()
    celery_worker_process.process.kill()
    celery_worker_process.process.wait()
    run.refresh_from_db()
    assert run.status == "running"  # nobody is left to say otherwise…
    report = runs_watch(stale_after=timedelta(seconds=0))  # …until the watchdog looks
    run.refresh_from_db()
    assert report["failed"] == 1
    assert run.status == "failed" and "stopped responding" in run.error
    assert not Proposal.objects.filter(run=run).exists()
    assert not TaskPackage.objects.exists()


@pytest.mark.services
@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_broker_down_when_a_coach_starts_a_run(celery_worker_process, client, unreachable_cache):
    from django.contrib.auth.models import Group

    from core.roles import COACH_GROUP, roles_sync
    from tests.factories import UserFactory

    demo_seed(password="demo-gewaardeerd")
    roles_sync()
    coach = UserFactory(is_staff=True)
    coach.groups.add(Group.objects.get(name=COACH_GROUP))
    client.force_login(coach)

    point_producer_at("redis://127.0.0.1:1/0")  # nothing listens on port 1
    unreachable_cache()  # in a deployment the cache is often the same Redis: down too
    response = client.post(
        "/admin/matching/matchingrun/start/", {"scope": "all", "time_limit": "5", "seed": "0"}
    )
    assert response.status_code == 302  # no error page
    run = MatchingRun.objects.get()
    assert run.status == "queued" and run.progress_message == WAITING_MESSAGE
    page = client.get(response["Location"]).content.decode()
    assert WAITING_MESSAGE in page

    point_producer_at(REDIS_URL)  # the broker is back
    celery_worker_process.start()
    assert runs_watch(requeue_after=timedelta(seconds=0))["requeued"] == 1
    run = _wait_for(run, {"succeeded", "failed"})
    assert run.status == "succeeded", run.error
    assert run.proposals.exists()
