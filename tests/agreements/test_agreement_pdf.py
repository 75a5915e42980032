"""The printable package sheet and agreement: real PDFs whose text, extracted with pypdf,
carries the key content, in Dutch and English."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.agreements.deal_world import agreement_make, deal_make, rates_set

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_package_sheet_pdf(client, language):
    deal = deal_make()
    rates_set(deal.package)
    client.force_login(deal.company_user)
    url = reverse("agreements:package_sheet_pdf", args=[deal.package.pk])
    text = _text(client.get(url, {"lang": language}))
    package = deal.package
    for expected in (
        package.company.name,
        package.organisation.name,
        "Team Inpak",
        "Orders picken",
        "Pakketten inpakken",
        "EUR 220.00",  # per week: 6 × 20 + 4 × 25
        "EUR 953.33",  # per month: × 52 / 12
        "EUR 100.00",  # the packaging line
    ):
        assert expected in text, expected


def test_package_sheet_in_english_has_english_labels(client):
    deal = deal_make()
    client.force_login(deal.organisation_user)
    text = _text(
        client.get(reverse("agreements:package_sheet_pdf", args=[deal.package.pk]), {"lang": "en"})
    )
    assert "Task package sheet" in text
    assert "no rate yet" in text  # no rates: no estimate, and the sheet says so


@pytest.mark.parametrize("language", ["nl", "en"])
def test_agreement_pdf(client, language):
    deal = deal_make()
    agreement = agreement_make(deal)
    client.force_login(deal.organisation_user)
    text = _text(
        client.get(reverse("agreements:agreement_pdf", args=[deal.package.pk]), {"lang": language})
    )
    for expected in (
        agreement.company.name,
        agreement.company.enterprise_number,
        agreement.organisation.name,
        agreement.organisation.enterprise_number,
        "Orders picken",
        "Pakketten inpakken",
        "EUR 250.00",
        "EUR 1083.33",  # 250 × 52 / 12
        "Sofie Peeters",
        "Werkkledij door het bedrijf.",
    ):
        assert expected in text, expected
    if language == "en":
        assert "Agreement" in text and "Supervisor present on site" in text


def test_agreement_pdf_survives_characters_outside_latin1(client):
    deal = deal_make()
    agreement = agreement_make(deal)
    agreement.conditions = "Prijs € 250 – per week → “vast”"
    agreement.save(update_fields=["conditions"])
    client.force_login(deal.company_user)
    text = _text(client.get(reverse("agreements:agreement_pdf", args=[deal.package.pk])))
    assert "EUR 250 - per week" in text


def test_agreement_pdf_needs_an_agreement_and_a_party(client):
    deal = deal_make()
    url = reverse("agreements:agreement_pdf", args=[deal.package.pk])
    client.force_login(deal.company_user)
    assert client.get(url).status_code == 404  # no agreement yet
    agreement_make(deal)
    assert client.get(url).status_code == 200
    client.force_login(deal.coach)
    assert client.get(url).status_code == 200
    for outsider in (deal.other_company_user, deal.other_organisation_user, deal.nobody):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    assert client.post(url).status_code in (404, 405)
    client.force_login(deal.company_user)
    assert client.post(url).status_code == 405
    client.logout()
    assert reverse("account_login") in client.get(url)["Location"]
