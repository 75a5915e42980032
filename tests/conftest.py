from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _celery_in_process(settings):
    # Tests run Celery tasks in-process unless a test starts a real worker itself.
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
