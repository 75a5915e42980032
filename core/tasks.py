"""Celery tasks of the platform core."""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command


@shared_task(ignore_result=True)
def sessions_clear() -> None:
    """Delete expired sessions. Every visitor of a page with a form gets one (the CSRF secret
    lives in the session), so without this the table only grows."""
    call_command("clearsessions")
