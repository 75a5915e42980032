"""Two clicks on 'accept' at once, or a new quote sent while the company accepts the old
one: the row locks let one through and the other gets a clear refusal."""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from agreements import services as services_module
from agreements.models import Agreement, Quote
from agreements.services import DealError, quote_accept, quote_send
from tasks.models import TaskPackage
from tests.agreements.deal_world import deal_make, monday_weeks_ago
from tests.races import run_together

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def slow_locks(monkeypatch):
    """Hold each step a moment after it took its lock, so that without the lock both racers
    would read the open quote before either writes."""
    real = services_module._locked_package

    def slow(package_id):
        package = real(package_id)
        time.sleep(0.3)
        return package

    monkeypatch.setattr(services_module, "_locked_package", slow)


def _quote(deal, price: str = "250") -> Quote:
    return quote_send(
        package=deal.package,
        user=deal.organisation_user,
        hours_per_week=Decimal("10"),
        price_per_week=Decimal(price),
        start_date=monday_weeks_ago(0),
        end_date=monday_weeks_ago(0) + timedelta(weeks=10),
    )


def test_two_accepts_make_one_agreement(slow_locks):
    deal = deal_make()
    quote = _quote(deal)
    outcomes = run_together(
        lambda: quote_accept(quote=quote, user=deal.company_user),
        lambda: quote_accept(quote=quote, user=deal.company_user),
    )
    assert sum(isinstance(o, Agreement) for o in outcomes) == 1
    assert sum(isinstance(o, DealError) for o in outcomes) == 1
    assert Agreement.objects.count() == 1
    deal.package.refresh_from_db()
    assert deal.package.status == TaskPackage.Status.ACTIVE
    assert deal.package.events.filter(action="agreement_started").count() == 1


def test_new_quote_against_accept(slow_locks):
    deal = deal_make()
    quote = _quote(deal)
    outcomes = run_together(
        lambda: quote_accept(quote=quote, user=deal.company_user),
        lambda: _quote(deal, price="300"),
    )
    # Either the accept came first (the new quote is refused: the package runs) or the new
    # quote did (the accept is refused: the company must answer the new one).
    if isinstance(outcomes[0], Agreement):
        assert isinstance(outcomes[1], DealError)
        assert Agreement.objects.get().price_per_week == Decimal("250.00")
    else:
        assert isinstance(outcomes[0], DealError) and isinstance(outcomes[1], Quote)
        assert not Agreement.objects.exists()
        assert Quote.objects.get(status=Quote.Status.SENT).price_per_week == Decimal("300.00")
