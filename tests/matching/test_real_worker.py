"""A real Celery worker process over Redis and PostgreSQL runs matching on the demo data."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from gewaardeerd.celery import app
from matching.engine.instance import parse_instance
from matching.engine.validate import check_answer
from matching.models import MatchingRun
from matching.services import run_create
from tasks.demo import demo_seed

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not REDIS_URL,
        reason="needs DATABASE_URL (PostgreSQL) and TEST_REDIS_URL; .ci/run sets both",
    ),
]


def _reset_connections():
    # The app caches its broker connection pools; drop them so the new broker_url is used.
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_over_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = REDIS_URL
    _reset_connections()
    db = settings.DATABASES["default"]
    env = dict(
        os.environ,
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
        CELERY_BROKER_URL=REDIS_URL,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "gewaardeerd", "worker", "--pool=solo",
         "--concurrency=1", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        app.conf.task_always_eager, app.conf.broker_url = saved
        _reset_connections()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_runs_matching_on_the_demo_data(celery_over_redis):
    demo_seed(password="demo-gewaardeerd")
    run = run_create(time_limit=5)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in (MatchingRun.Status.SUCCEEDED, MatchingRun.Status.FAILED):
            break
        assert celery_over_redis.poll() is None, celery_over_redis.stdout.read()
        time.sleep(0.5)
    assert run.status == MatchingRun.Status.SUCCEEDED, run.error or run.status
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
