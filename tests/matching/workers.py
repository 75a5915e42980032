"""Helpers for the tests that need a real Celery worker over Redis and PostgreSQL."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from gewaardeerd.celery import app

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")

needs_services = pytest.mark.skipif(
    connection.vendor != "postgresql" or not REDIS_URL,
    reason="needs DATABASE_URL (PostgreSQL) and TEST_REDIS_URL; .ci/run sets both",
)


def point_producer_at(broker_url: str) -> None:
    """Send this process's Celery messages to `broker_url` (the app caches its pools)."""
    app.conf.task_always_eager = False
    app.conf.broker_url = broker_url
    from kombu import pools

    # kombu keeps producer pools per connection in a global registry: drop them all.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


class Worker:
    def __init__(self) -> None:
        db = settings.DATABASES["default"]
        self.env = dict(
            os.environ,
            DATABASE_URL=(
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
            ),
            CELERY_BROKER_URL=REDIS_URL,
            # As in a deployment: the worker shares the web processes' cache, so its writes
            # invalidate their page cache.
            CACHE_URL=REDIS_URL,
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "gewaardeerd", "worker", "--pool=solo",
             "--concurrency=1", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
