"""Hours delivered per ISO week: the organisation records, the company confirms, and a
correction is a new version that keeps the old one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from agreements.models import DeliveredHours
from agreements.services import DealError, delivered_hours_confirm, delivered_hours_record
from tests.agreements.deal_world import agreement_make, deal_make, monday_weeks_ago

pytestmark = pytest.mark.django_db


def _week(weeks_ago: int) -> tuple[int, int, str]:
    year, week, _day = monday_weeks_ago(weeks_ago).isocalendar()
    return year, week, f"{year}-W{week:02d}"


def test_record_correct_confirm_keeps_history(client, django_capture_on_commit_callbacks):
    deal = deal_make()
    agreement_make(deal)
    year, week, label = _week(2)
    record = reverse("agreements:hours_record", args=[deal.package.pk])
    client.force_login(deal.organisation_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(record, {"week": label, "hours": "9.5"}).status_code == 302
    assert deal.company_user.email in mail.outbox[-1].to
    assert f"http://testserver/packages/{deal.package.pk}/thread/" in mail.outbox[-1].body
    first = DeliveredHours.objects.get()
    assert (first.iso_year, first.iso_week, first.version, first.is_current) == (
        year,
        week,
        1,
        True,
    )
    client.force_login(deal.company_user)
    confirm = reverse("agreements:hours_confirm", args=[deal.package.pk])
    assert client.post(confirm, {"entry": first.pk}).status_code == 302
    first.refresh_from_db()
    assert first.confirmed_by == deal.company_user and first.confirmed_at

    client.force_login(deal.organisation_user)
    client.post(record, {"week": label, "hours": "8", "note": "Een dag ziek."})
    rows = list(DeliveredHours.objects.order_by("version"))
    assert [(r.version, r.is_current, r.hours) for r in rows] == [
        (1, False, Decimal("9.5")),
        (2, True, Decimal("8.0")),
    ]
    assert rows[0].confirmed_at is not None  # the old version stays as confirmed
    assert rows[1].confirmed_at is None
    actions = list(deal.package.events.values_list("action", flat=True))
    assert actions.count("hours_recorded") == 1
    assert "hours_corrected" in actions and "hours_confirmed" in actions

    page = client.get(reverse("agreements:hours", args=[deal.package.pk])).content.decode()
    assert label in page
    assert "v1: 9,5" in page or "v1: 9.5" in page

    client.force_login(deal.company_user)
    client.post(confirm, {"entry": rows[0].pk})  # the old version: refused
    client.post(confirm, {"entry": rows[1].pk})
    rows[1].refresh_from_db()
    assert rows[1].confirmed_at is not None


def test_hours_must_fall_in_the_agreement_and_the_past():
    deal = deal_make()
    agreement = agreement_make(deal)
    for weeks_ago in (6, -1):  # before the start (4 weeks ago); not started yet
        year, week, _label = _week(weeks_ago)
        with pytest.raises(DealError):
            delivered_hours_record(
                agreement=agreement,
                user=deal.organisation_user,
                iso_year=year,
                iso_week=week,
                hours=Decimal("5"),
            )
    year, week, _label = _week(1)
    with pytest.raises(DealError):
        delivered_hours_record(
            agreement=agreement,
            user=deal.organisation_user,
            iso_year=year,
            iso_week=week,
            hours=Decimal("169"),
        )
    with pytest.raises(DealError):
        delivered_hours_record(
            agreement=agreement,
            user=deal.organisation_user,
            iso_year=2026,
            iso_week=54,
            hours=Decimal("1"),
        )
    assert not DeliveredHours.objects.exists()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"week": "week twee", "hours": "5"}, "2026-W48"),
        ({"week": "PLACEHOLDER", "hours": "-1"}, ""),
        ({"week": "PLACEHOLDER", "hours": "200"}, ""),
    ],
)
def test_hours_form_validation(client, data, fragment):
    deal = deal_make()
    agreement_make(deal)
    data = {**data, "week": data["week"].replace("PLACEHOLDER", _week(1)[2])}
    client.force_login(deal.organisation_user)
    response = client.post(reverse("agreements:hours_record", args=[deal.package.pk]), data)
    assert response.status_code == 200
    assert fragment in response.content.decode()
    assert not DeliveredHours.objects.exists()


def test_only_the_organisation_records_and_only_the_company_confirms(client):
    deal = deal_make()
    agreement = agreement_make(deal)
    year, week, label = _week(1)
    entry = delivered_hours_record(
        agreement=agreement,
        user=deal.organisation_user,
        iso_year=year,
        iso_week=week,
        hours=Decimal("10"),
    )
    record = reverse("agreements:hours_record", args=[deal.package.pk])
    confirm = reverse("agreements:hours_confirm", args=[deal.package.pk])
    for user, url, expected in (
        (deal.company_user, record, 403),
        (deal.coach, record, 403),
        (deal.other_organisation_user, record, 404),
        (deal.organisation_user, confirm, 403),
        (deal.coach, confirm, 403),
        (deal.other_company_user, confirm, 404),
        (deal.nobody, confirm, 404),
    ):
        client.force_login(user)
        assert client.post(url, {"week": label, "hours": "3", "entry": entry.pk}).status_code == (
            expected
        )
        assert client.get(url).status_code == 405
    assert DeliveredHours.objects.count() == 1
    entry.refresh_from_db()
    assert entry.confirmed_at is None


def test_confirm_cannot_reach_another_deals_hours(client):
    deal, other = deal_make(), deal_make()
    other_agreement = agreement_make(other)
    agreement_make(deal)
    year, week, _label = _week(1)
    foreign = delivered_hours_record(
        agreement=other_agreement,
        user=other.organisation_user,
        iso_year=year,
        iso_week=week,
        hours=Decimal("4"),
    )
    client.force_login(deal.company_user)
    client.post(reverse("agreements:hours_confirm", args=[deal.package.pk]), {"entry": foreign.pk})
    foreign.refresh_from_db()
    assert foreign.confirmed_at is None


def test_confirming_twice_is_refused():
    deal = deal_make()
    agreement = agreement_make(deal)
    year, week, _label = _week(1)
    entry = delivered_hours_record(
        agreement=agreement,
        user=deal.organisation_user,
        iso_year=year,
        iso_week=week,
        hours=Decimal("4"),
    )
    delivered_hours_confirm(entry=entry, user=deal.company_user)
    with pytest.raises(DealError):
        delivered_hours_confirm(entry=entry, user=deal.company_user)


def test_no_hours_without_an_active_agreement(client):
    deal = deal_make()
    client.force_login(deal.organisation_user)
    page = client.get(reverse("agreements:hours", args=[deal.package.pk]))
    assert page.status_code == 200 and b"no agreement yet" in page.content
    response = client.post(
        reverse("agreements:hours_record", args=[deal.package.pk]),
        {"week": _week(1)[2], "hours": "3"},
    )
    assert response.status_code == 302 and not DeliveredHours.objects.exists()


def test_database_keeps_one_current_version_per_week():
    deal = deal_make()
    agreement = agreement_make(deal)
    year, week, _label = _week(1)
    DeliveredHours.objects.create(agreement=agreement, iso_year=year, iso_week=week, hours=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeliveredHours.objects.create(
            agreement=agreement, iso_year=year, iso_week=week, version=2, hours=2
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        DeliveredHours.objects.create(
            agreement=agreement,
            iso_year=year,
            iso_week=week,
            version=1,
            hours=2,
            is_current=False,
        )
    for bad in ({"hours": -1}, {"hours": 169}, {"iso_week": 54}, {"version": 0}):
        with pytest.raises(IntegrityError), transaction.atomic():
            DeliveredHours.objects.create(
                **{"agreement": agreement, "iso_year": 2030, "iso_week": 1, "hours": 1, **bad}
            )
