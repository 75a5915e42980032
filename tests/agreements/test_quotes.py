"""Rates, the estimate, quotes and the agreement an accepted quote becomes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from agreements.models import Agreement, HourlyRate, Quote, per_month
from agreements.selectors import package_estimate
from agreements.services import DealError, quote_accept, quote_send
from tasks.models import PackageEvent, TaskPackage
from tests.agreements.deal_world import agreement_make, deal_make, monday_weeks_ago, rates_set
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def _quote_data(**overrides):
    data = {
        "hours_per_week": "10",
        "price_per_week": "230.50",
        "start_date": monday_weeks_ago(-1).isoformat(),
        "duration_weeks": "26",
        "supervisor": "Sofie Peeters",
        "supervisor_onsite": "on",
        "conditions": "Werkkledij door het bedrijf.",
    }
    data.update(overrides)
    return data


def test_estimate_uses_category_rate_before_general_rate():
    deal = deal_make()
    rates_set(deal.package)
    estimate = package_estimate(package=deal.package)
    assert estimate.complete
    assert estimate.per_week == Decimal("220.00")
    # per month = per week × 52 / 12
    assert estimate.per_month == Decimal("953.33") == per_month(Decimal("220"))


def test_estimate_is_incomplete_without_a_rate_for_every_task():
    deal = deal_make()
    HourlyRate.objects.create(team=deal.package.team, category="packaging", rate=Decimal("25"))
    estimate = package_estimate(package=deal.package)
    assert not estimate.complete
    assert estimate.per_week is None and estimate.per_month is None


def test_offered_package_page_shows_estimate(client):
    deal = deal_make(status=TaskPackage.Status.OFFERED)
    rates_set(deal.package)
    client.force_login(deal.organisation_user)
    page = client.get(reverse("agreements:deal", args=[deal.package.pk])).content.decode()
    assert "220,00" in page or "220.00" in page
    assert "953,33" in page or "953.33" in page
    assert "Accept the offer first" in page


def test_quote_send_accept_makes_agreement_and_activates(
    client, django_capture_on_commit_callbacks
):
    deal = deal_make()
    client.force_login(deal.organisation_user)
    url = reverse("agreements:quote_send", args=[deal.package.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _quote_data())
    assert response.status_code == 302
    quote = Quote.objects.get(package=deal.package)
    assert quote.status == Quote.Status.SENT
    assert quote.price_per_week == Decimal("230.50")
    assert quote.end_date == quote.start_date + timedelta(weeks=26, days=-1)
    assert PackageEvent.objects.filter(package=deal.package, action="quote_sent").exists()
    # Told by e-mail, with a link back; the sender is not mailed.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert deal.company_user.email in message.to and deal.coach.email in message.to
    assert deal.organisation_user.email not in message.to
    assert f"http://testserver/packages/{deal.package.pk}/thread/" in message.body

    client.force_login(deal.company_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("agreements:quote_accept", args=[deal.package.pk]))
    assert response.status_code == 302
    deal.package.refresh_from_db()
    assert deal.package.status == TaskPackage.Status.ACTIVE
    agreement = Agreement.objects.get(package=deal.package)
    assert agreement.price_per_week == Decimal("230.50")
    assert agreement.price_per_month == Decimal("998.83")
    assert agreement.supervisor == "Sofie Peeters" and agreement.supervisor_onsite
    assert set(agreement.tasks.all()) == set(deal.package.tasks.all())
    assert agreement.company == deal.package.company
    events = list(deal.package.events.values_list("action", "from_status", "to_status"))
    assert ("quote_accepted", "accepted", "accepted") in events
    assert ("agreement_started", "accepted", "active") in events
    # Mails go out in the recipient's saved language (Dutch by default).
    assert "overeenkomst" in mail.outbox[-1].subject.lower()
    page = client.get(reverse("agreements:deal", args=[deal.package.pk])).content.decode()
    assert "Sofie Peeters" in page and "agreement.pdf" in page


def test_change_request_then_new_quote(client):
    deal = deal_make()
    client.force_login(deal.organisation_user)
    client.post(reverse("agreements:quote_send", args=[deal.package.pk]), _quote_data())
    client.force_login(deal.company_user)
    url = reverse("agreements:quote_change", args=[deal.package.pk])
    page = client.post(url, {"reason": ""})
    assert page.status_code == 200  # the form again, with its error
    assert client.post(url, {"reason": "Liever vanaf maart."}).status_code == 302
    first = Quote.objects.get(package=deal.package)
    assert first.status == Quote.Status.CHANGE_REQUESTED and first.answer == "Liever vanaf maart."
    assert deal.package.events.filter(action="quote_change_asked").exists()
    # Nothing open: accepting now changes nothing.
    client.post(reverse("agreements:quote_accept", args=[deal.package.pk]))
    assert not Agreement.objects.exists()
    client.force_login(deal.organisation_user)
    client.post(
        reverse("agreements:quote_send", args=[deal.package.pk]),
        _quote_data(price_per_week="210"),
    )
    assert deal.package.quotes.filter(status=Quote.Status.SENT).get().price_per_week == 210


def test_a_new_quote_replaces_the_open_one():
    deal = deal_make()
    terms = {
        "package": deal.package,
        "user": deal.organisation_user,
        "hours_per_week": Decimal("8"),
        "start_date": monday_weeks_ago(-1),
        "end_date": monday_weeks_ago(-10),
        "supervisor": "Sofie",
    }
    quote_send(price_per_week=Decimal("100"), **terms)
    second = quote_send(price_per_week=Decimal("90"), **terms)
    assert list(deal.package.quotes.filter(status=Quote.Status.SENT)) == [second]
    assert deal.package.quotes.count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hours_per_week": "10.5"}, "at most the package"),
        ({"hours_per_week": "0"}, ""),
        ({"price_per_week": "-1"}, ""),
        ({"duration_weeks": "0"}, ""),
        ({"start_date": "nope"}, ""),
    ],
)
def test_quote_form_validation(client, overrides, message):
    deal = deal_make()
    client.force_login(deal.organisation_user)
    response = client.post(
        reverse("agreements:quote_send", args=[deal.package.pk]), _quote_data(**overrides)
    )
    assert response.status_code == 200
    assert not Quote.objects.exists()
    assert message in response.content.decode()


def test_onsite_work_needs_a_supervisor_present(client):
    deal = deal_make(onsite=True)
    client.force_login(deal.organisation_user)
    url = reverse("agreements:quote_send", args=[deal.package.pk])
    response = client.post(url, _quote_data(supervisor_onsite=""))
    assert response.status_code == 200 and not Quote.objects.exists()
    assert "name the supervisor" in response.content.decode()
    assert client.post(url, _quote_data()).status_code == 302
    assert Quote.objects.count() == 1


def test_no_quote_before_the_offer_is_accepted():
    deal = deal_make(status=TaskPackage.Status.OFFERED)
    with pytest.raises(DealError):
        quote_send(
            package=deal.package,
            user=deal.organisation_user,
            hours_per_week=Decimal("10"),
            price_per_week=Decimal("100"),
            start_date=monday_weeks_ago(0),
            end_date=monday_weeks_ago(-4),
        )
    assert not Quote.objects.exists()


def test_a_quote_is_accepted_once():
    deal = deal_make()
    agreement = agreement_make(deal)
    with pytest.raises(DealError):
        quote_accept(quote=agreement.quote, user=deal.company_user)
    assert Agreement.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [
        ("quote_send", "company_user", 403),
        ("quote_send", "coach", 403),
        ("quote_send", "other_organisation_user", 404),
        ("quote_send", "other_company_user", 404),
        ("quote_accept", "organisation_user", 403),
        ("quote_accept", "coach", 403),
        ("quote_accept", "other_company_user", 404),
        ("quote_change", "organisation_user", 403),
        ("quote_change", "nobody", 404),
    ],
)
def test_quote_permissions(client, name, role, expected):
    deal = deal_make()
    client.force_login(getattr(deal, role))
    url = reverse(f"agreements:{name}", args=[deal.package.pk])
    assert client.post(url, _quote_data()).status_code == expected
    assert not Quote.objects.exists()


@pytest.mark.parametrize("name", ["quote_send", "quote_accept", "quote_change"])
def test_quote_steps_need_post_and_log_in(client, name):
    deal = deal_make()
    url = reverse(f"agreements:{name}", args=[deal.package.pk])
    assert reverse("account_login") in client.post(url)["Location"]
    client.force_login(deal.organisation_user)
    assert client.get(url).status_code == 405


def test_rates_page(client):
    deal = deal_make()
    organisation = deal.package.organisation
    url = reverse("agreements:rates", args=[organisation.pk])
    client.force_login(deal.organisation_user)
    data = {"team": deal.package.team.pk, "category": "", "rate": "21.50"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "rate": "22"}).status_code == 302  # updates, not a second
    assert HourlyRate.objects.get().rate == Decimal("22.00")
    response = client.post(url, {**data, "rate": "-1"})
    assert response.status_code == 200 and HourlyRate.objects.get().rate == Decimal("22.00")
    page = client.get(url).content.decode()
    assert "22,00" in page or "22.00" in page
    client.force_login(deal.organisation_member)
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    for outsider in (deal.other_organisation_user, deal.company_user, deal.coach):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.logout()
    assert reverse("account_login") in client.get(url)["Location"]
    assert client.put(url).status_code in (302, 405)


def test_other_teams_cannot_be_rated(client):
    deal = deal_make()
    client.force_login(deal.organisation_user)
    foreign = TeamFactory()
    url = reverse("agreements:rates", args=[deal.package.organisation.pk])
    response = client.post(url, {"team": foreign.pk, "category": "", "rate": "10"})
    assert response.status_code == 200 and not HourlyRate.objects.exists()


def test_database_refuses_out_of_range_values():
    deal = deal_make()
    with pytest.raises(IntegrityError), transaction.atomic():
        HourlyRate.objects.create(team=deal.package.team, rate=Decimal("-1"))
    base = {
        "package": deal.package,
        "hours_per_week": Decimal("5"),
        "price_per_week": Decimal("10"),
        "start_date": monday_weeks_ago(0),
        "end_date": monday_weeks_ago(-2),
    }
    for bad in (
        {"end_date": monday_weeks_ago(0)},
        {"hours_per_week": Decimal("0")},
        {"price_per_week": Decimal("-0.01")},
        {"supervisor_onsite": True, "supervisor": ""},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Quote.objects.create(**{**base, **bad})
    Quote.objects.create(**base)
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(**base)  # a second open quote


def test_each_side_sees_its_own_buttons(client):
    deal = deal_make()
    url = reverse("agreements:deal", args=[deal.package.pk])
    client.force_login(deal.organisation_user)
    page = client.get(url).content.decode()
    assert "Send the quote" in page and "Accept this quote" not in page
    client.post(reverse("agreements:quote_send", args=[deal.package.pk]), _quote_data())
    client.force_login(deal.company_user)
    page = client.get(url).content.decode()
    assert "Accept this quote" in page and "Ask for a change" in page
    assert "Send the quote" not in page
    client.force_login(deal.coach)
    page = client.get(url).content.decode()
    assert "Accept this quote" not in page and "Send the quote" not in page
