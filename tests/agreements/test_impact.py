"""Quote → agreement → delivered hours → impact: each role's figures at /impact/ and the same
figures at /impact.csv."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import DeliveredHours
from agreements.selectors import impact_platform
from agreements.services import delivered_hours_confirm, delivered_hours_record
from tests.agreements.deal_world import agreement_make, deal_make, monday_weeks_ago

pytestmark = pytest.mark.django_db


def _hours(deal, agreement, weeks_ago: int, hours: str, *, confirm: bool = True):
    year, week, _day = monday_weeks_ago(weeks_ago).isocalendar()
    entry = delivered_hours_record(
        agreement=agreement,
        user=deal.organisation_user,
        iso_year=year,
        iso_week=week,
        hours=Decimal(hours),
    )
    if confirm:
        delivered_hours_confirm(entry=entry, user=deal.company_user)
    return entry


@pytest.fixture
def two_deals():
    """Deal one: EUR 250 for 10 h (25 an hour), 9.5 h confirmed, and an unconfirmed week.
    Deal two, in Antwerp: EUR 200 for 10 h (20 an hour), 10 h confirmed."""
    one = deal_make()
    agreement_one = agreement_make(one, price=Decimal("250.00"))
    _hours(one, agreement_one, 2, "9.5")
    _hours(one, agreement_one, 1, "7", confirm=False)
    two = deal_make(province="antwerpen")
    agreement_two = agreement_make(two, price=Decimal("200.00"))
    _hours(two, agreement_two, 2, "10")
    return one, two


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _row(rows, scope, dimension, key=""):
    [row] = [
        r for r in rows if r["scope"] == scope and r["dimension"] == dimension and r["key"] == key
    ]
    return row


def test_company_sees_its_hours_and_spend(client, two_deals):
    one, _two = two_deals
    client.force_login(one.company_user)
    page = client.get(reverse("agreements:impact"))
    assert page.status_code == 200
    html = page.content.decode()
    assert one.package.company.name in html
    assert "237,50" in html or "237.50" in html
    assert _two.package.company.name not in html
    rows = _csv(client.get(reverse("agreements:impact_csv")))
    assert {r["scope"] for r in rows} == {"company"}
    total = _row(rows, "company", "total")
    assert (total["name"], total["hours"], total["amount_eur"]) == (
        one.package.company.name,
        "9.5",
        "237.50",
    )
    thursday = monday_weeks_ago(2) + timedelta(days=3)  # a week counts in its Thursday's month
    months = [r for r in rows if r["dimension"] == "month"]
    assert [(m["key"], m["hours"]) for m in months] == [(thursday.strftime("%Y-%m"), "9.5")]


def test_organisation_sees_its_revenue(client, two_deals):
    one, two = two_deals
    client.force_login(two.organisation_user)
    rows = _csv(client.get(reverse("agreements:impact_csv")))
    total = _row(rows, "organisation", "total")
    assert (total["name"], total["hours"], total["amount_eur"]) == (
        two.package.organisation.name,
        "10.0",
        "200.00",
    )
    assert _row(rows, "organisation", "agreements")["count"] == "1"
    html = client.get(reverse("agreements:impact")).content.decode()
    assert "self-generated income" in html
    assert one.package.organisation.name not in html


def test_hefboom_totals_per_month_province_category(client, two_deals):
    one, two = two_deals
    client.force_login(one.coach)
    rows = _csv(client.get(reverse("agreements:impact_csv")))
    total = _row(rows, "hefboom", "total")
    assert (total["hours"], total["amount_eur"]) == ("19.5", "437.50")
    assert _row(rows, "hefboom", "province", "oost-vlaanderen")["hours"] == "9.5"
    assert _row(rows, "hefboom", "province", "antwerpen")["amount_eur"] == "200.00"
    # The hours are shared over the categories as the tasks are: 6 of 10 logistics.
    logistics = _row(rows, "hefboom", "category", "logistics")
    packaging = _row(rows, "hefboom", "category", "packaging")
    assert (logistics["hours"], logistics["amount_eur"]) == ("11.7", "262.50")
    assert (packaging["hours"], packaging["amount_eur"]) == ("7.8", "175.00")
    assert _row(rows, "hefboom", "packages_placed")["count"] == "2"
    assert _row(rows, "hefboom", "jobs_carved_out")["count"] == "2"
    assert _row(rows, "hefboom", "hours_per_week_placed")["hours"] == "20.0"
    month_hours = sum(
        Decimal(r["hours"]) for r in rows if r["dimension"] == "month" and r["scope"] == "hefboom"
    )
    assert month_hours == Decimal("19.5")

    page = client.get(reverse("agreements:impact"))
    html = page.content.decode()
    assert "Hefboom" in html and "<svg" in html
    assert 'role="img"' in html and "<title" in html
    # The Content-Security-Policy allows no inline script or style.
    assert "<script" not in html and "style=" not in html
    assert "Antwerp" in html


def test_a_correction_counts_once_the_company_confirms_it(two_deals):
    one, _two = two_deals
    agreement = one.package.agreement
    year, week, _day = monday_weeks_ago(2).isocalendar()
    correction = delivered_hours_record(
        agreement=agreement,
        user=one.organisation_user,
        iso_year=year,
        iso_week=week,
        hours=Decimal("8"),
    )
    assert impact_platform(user=one.coach).figures.hours == Decimal("10")  # only deal two
    delivered_hours_confirm(entry=correction, user=one.company_user)
    assert impact_platform(user=one.coach).figures.hours == Decimal("18")
    assert DeliveredHours.objects.filter(agreement=agreement).count() == 3  # history kept


def test_coach_only_for_hefboom_figures(two_deals):
    one, _two = two_deals
    assert impact_platform(user=one.company_user) is None
    assert impact_platform(user=one.organisation_user) is None


@pytest.mark.parametrize("name", ["impact", "impact_csv"])
def test_impact_permissions(client, name):
    deal = deal_make()
    url = reverse(f"agreements:{name}")
    assert reverse("account_login") in client.get(url)["Location"]
    client.force_login(deal.nobody)
    assert client.get(url).status_code == 403
    for user in (deal.company_user, deal.organisation_member, deal.coach):
        client.force_login(user)
        assert client.get(url).status_code == 200
        assert client.post(url).status_code == 405


def test_empty_impact_pages(client):
    deal = deal_make()
    client.force_login(deal.company_user)
    html = client.get(reverse("agreements:impact")).content.decode()
    assert "No confirmed hours yet." in html
    rows = _csv(client.get(reverse("agreements:impact_csv")))
    assert _row(rows, "company", "total")["amount_eur"] == "0.00"


def test_impact_links_to_the_deals(client, two_deals):
    one, _two = two_deals
    client.force_login(one.company_user)
    html = client.get(reverse("agreements:impact")).content.decode()
    assert reverse("agreements:deal", args=[one.package.pk]) in html
    assert reverse("agreements:deal", args=[_two.package.pk]) not in html


def test_csv_names_are_not_formulas(client):
    deal = deal_make()
    company = deal.package.company
    company.name = "=HYPERLINK(1)"
    company.save(update_fields=["name"])
    client.force_login(deal.company_user)
    rows = _csv(client.get(reverse("agreements:impact_csv")))
    assert _row(rows, "company", "total")["name"] == "'=HYPERLINK(1)"


def test_bar_chart_is_plain_svg_with_escaped_labels():
    from agreements.charts import bar_chart

    svg = str(
        bar_chart(
            chart_id="t",
            title="Uren <per> maand",
            rows=[("<script>x</script>", Decimal("10")), ("B", Decimal("0"))],
            unit="h",
        )
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<rect") == 2
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "Uren &lt;per&gt; maand" in svg
    assert "style=" not in svg
    assert bar_chart(chart_id="e", title="x", rows=[], unit="h") == ""
