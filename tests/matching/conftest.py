"""Fixtures for the tests that need a real Celery worker over Redis and PostgreSQL."""

import pytest

from gewaardeerd.celery import app
from tests.matching.workers import REDIS_URL, Worker, point_producer_at


@pytest.fixture
def celery_worker_process():
    """A worker process (not started yet) and this process's producer on the test Redis."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    point_producer_at(REDIS_URL)
    worker = Worker()
    try:
        yield worker
    finally:
        worker.stop()
        app.conf.task_always_eager, app.conf.broker_url = saved
        point_producer_at(saved[1])
        app.conf.task_always_eager = saved[0]
