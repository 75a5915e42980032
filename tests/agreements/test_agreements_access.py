"""Who may open each page of a deal: on an active package with an agreement and recorded
hours, for every party and outsider. Parties see; a party without the role for a step gets
403; anyone else 404; anonymous visitors go to the log-in page; a wrong method gets 405."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.services import delivered_hours_record
from tests.agreements.deal_world import agreement_make, deal_make, monday_weeks_ago

pytestmark = pytest.mark.django_db

LOGIN = "login"
DONE = 302
ROLES = (
    "anonymous",
    "company_user",
    "organisation_user",
    "organisation_member",
    "coach",
    "other_company_user",
    "other_organisation_user",
    "nobody",
)


def _codes(anonymous, company, organisation, member, coach, outsider=404):
    return dict(
        zip(
            ROLES,
            (anonymous, company, organisation, member, coach, outsider, outsider, outsider),
            strict=True,
        )
    )


PAGE = _codes(LOGIN, 200, 200, 200, 200)
# (url name, method, POST data, expected per role)
MATRIX = [
    ("deal", "get", {}, PAGE),
    ("thread", "get", {}, PAGE),
    ("hours", "get", {}, PAGE),
    ("package_sheet_pdf", "get", {}, PAGE),
    ("agreement_pdf", "get", {}, PAGE),
    # The agreement is made: a new quote is refused with a message and a redirect.
    ("quote_send", "post", {}, _codes(LOGIN, 403, 200, 200, 403)),
    ("quote_accept", "post", {}, _codes(LOGIN, DONE, 403, 403, 403)),
    ("quote_change", "post", {"reason": "x"}, _codes(LOGIN, DONE, 403, 403, 403)),
    ("thread", "post", {"body": "Hallo"}, _codes(LOGIN, DONE, DONE, DONE, DONE)),
    ("hours_record", "post", {"week": "x"}, _codes(LOGIN, 403, 200, 200, 403)),
    ("hours_confirm", "post", {"entry": "ENTRY"}, _codes(LOGIN, DONE, 403, 403, 403)),
]


@pytest.fixture
def deal():
    deal = deal_make()
    agreement = agreement_make(deal)
    year, week, _day = monday_weeks_ago(1).isocalendar()
    deal.entry = delivered_hours_record(
        agreement=agreement,
        user=deal.organisation_user,
        iso_year=year,
        iso_week=week,
        hours=Decimal("10"),
    )
    return deal


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "data", "expect"), MATRIX)
def test_deal_pages(client, deal, role, name, method, data, expect):
    if role != "anonymous":
        client.force_login(getattr(deal, role))
    url = reverse(f"agreements:{name}", args=[deal.package.pk])
    data = {k: (deal.entry.pk if v == "ENTRY" else v) for k, v in data.items()}
    response = getattr(client, method)(url, data)
    expected = expect[role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected, (role, name, response.status_code)


@pytest.mark.parametrize(
    "name", ["deal", "hours", "package_sheet_pdf", "agreement_pdf", "quote_send", "hours_record"]
)
def test_wrong_method(client, deal, name):
    client.force_login(deal.organisation_user)
    url = reverse(f"agreements:{name}", args=[deal.package.pk])
    method = "post" if name in ("deal", "hours", "package_sheet_pdf", "agreement_pdf") else "get"
    assert getattr(client, method)(url).status_code == 405


def test_unknown_package_is_404(client, deal):
    client.force_login(deal.coach)
    assert client.get(reverse("agreements:deal", args=[999_999])).status_code == 404


def test_deal_page_query_count(client, deal, django_assert_max_num_queries):
    client.force_login(deal.company_user)
    url = reverse("agreements:deal", args=[deal.package.pk])
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
