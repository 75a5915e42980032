"""Celery tasks: thin, take ids, call a service."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from matching.services import run_execute, run_fail, runs_watch

# The engine stops itself at the run's time limit; these limits only catch a stuck worker.
SOFT_TIME_LIMIT = 30 * 60
HARD_TIME_LIMIT = SOFT_TIME_LIMIT + 60


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=HARD_TIME_LIMIT,
    ignore_result=True,
)
def matching_run_execute(run_id: int) -> None:
    try:
        run_execute(run_id=run_id)
    except SoftTimeLimitExceeded:
        run_fail(run_id=run_id, error="The run took longer than the worker's time limit.")


@shared_task(ignore_result=True)
def matching_nightly_run() -> None:
    """The nightly run coaches switch on and off (django-celery-beat, 'Nightly matching run')."""
    from matching.services import run_create

    run_create(started_by=None)


@shared_task(ignore_result=True)
def matching_runs_watch() -> None:
    """Every minute (celery beat): fail runs whose worker died, resend runs still waiting."""
    runs_watch()
