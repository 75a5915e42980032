from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _celery_in_process(settings):
    # Tests run Celery tasks in-process unless a test starts a real worker itself.
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def unreachable_cache(settings):
    """Call to put the platform on a Redis cache that is down (nothing listens on port 1),
    with the page cache and cached sessions on, as a deployment with CACHE_URL has them."""

    def use() -> None:
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache.ForgivingRedisCache",
                "LOCATION": "redis://127.0.0.1:1/0",
                "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
            }
        }
        settings.SHARED_CACHE = True
        settings.PAGE_CACHE_SECONDS = 60
        settings.SESSION_ENGINE = "core.sessions"

    return use
