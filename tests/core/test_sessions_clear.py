"""Expired sessions are cleared every day: every visitor of a form page gets one (the CSRF
secret lives in the session)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core.tasks import sessions_clear

pytestmark = pytest.mark.django_db


def test_an_anonymous_visit_to_a_form_page_keeps_its_csrf_secret_in_a_session(client):
    client.get(reverse("account_login"))
    assert Session.objects.count() == 1


def test_sessions_clear_deletes_expired_sessions_only_and_runs_daily(client):
    client.get(reverse("account_login"))
    client.cookies.clear()
    client.get(reverse("account_login"))
    expired, kept = Session.objects.all()[:2]
    Session.objects.filter(pk=expired.pk).update(expire_date=timezone.now() - timedelta(days=1))

    sessions_clear.delay()

    assert list(Session.objects.values_list("pk", flat=True)) == [kept.pk]
    schedule = PeriodicTask.objects.get(task="core.tasks.sessions_clear")
    assert schedule.enabled and schedule.interval.every == 1 and schedule.interval.period == "days"
