"""A real Celery worker process over Redis and PostgreSQL runs matching on the demo data."""

import time

import pytest

from core import pagecache
from matching.engine.instance import parse_instance
from matching.engine.validate import check_answer
from matching.models import MatchingRun
from matching.services import run_create
from tasks.demo import demo_seed
from tests.matching.workers import REDIS_URL, needs_services

pytestmark = [pytest.mark.services, needs_services]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_runs_matching_on_the_demo_data(celery_worker_process, settings):
    # The web side's cache is the worker's (CACHE_URL): its saved proposals must invalidate
    # the pages cached here.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    settings.PAGE_CACHE_SECONDS = 60
    demo_seed(password="demo-gewaardeerd")
    run = run_create(time_limit=5)  # waits in the broker for the worker
    generation = pagecache.generation()  # after this process's own write of the run
    celery_worker_process.start()
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in (MatchingRun.Status.SUCCEEDED, MatchingRun.Status.FAILED):
            break
        assert celery_worker_process.alive(), celery_worker_process.process.stdout.read()
        time.sleep(0.5)
    assert run.status == MatchingRun.Status.SUCCEEDED, run.error or run.status
    assert pagecache.generation() > generation
    proposals = list(run.proposals.select_related("package").prefetch_related("package__tasks"))
    assert len(proposals) >= 5
    answer = {
        "format": "gewaardeerd-proposals/1",
        "packages": [
            {
                "company": f"c{p.package.company_id}",
                "organisation": f"o{p.package.organisation_id}",
                "group": f"g{p.package.team_id}",
                "tasks": [f"t{t.pk}" for t in p.package.tasks.all()],
            }
            for p in proposals
        ],
    }
    result = check_answer(parse_instance(run.instance), answer)
    assert result.valid, result.violations
    assert result.score == pytest.approx(run.score, abs=1e-4)
