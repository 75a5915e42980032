"""The package's conversation between the company, the organisation and the coaches."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from agreements.models import Message
from tasks.models import TaskPackage
from tests.agreements.deal_world import deal_make

pytestmark = pytest.mark.django_db


def test_parties_talk_and_the_others_are_mailed(client, django_capture_on_commit_callbacks):
    deal = deal_make()
    url = reverse("agreements:thread", args=[deal.package.pk])
    client.force_login(deal.company_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"body": "Kunnen jullie starten op maandag?"})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.author == deal.company_user
    [sent] = mail.outbox
    assert set(sent.to) == {
        deal.organisation_user.email,
        deal.organisation_member.email,
        deal.coach.email,
    }
    assert "Kunnen jullie starten op maandag?" in sent.body
    assert f"http://testserver/packages/{deal.package.pk}/thread/" in sent.body

    for user in (deal.organisation_user, deal.coach):
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200
        assert "Kunnen jullie starten op maandag?" in page.content.decode()
    client.force_login(deal.coach)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"body": "Ik kom de eerste dag mee."})
    assert deal.company_user.email in mail.outbox[-1].to
    assert deal.coach.email not in mail.outbox[-1].to
    assert list(Message.objects.values_list("body", flat=True)) == [
        "Kunnen jullie starten op maandag?",
        "Ik kom de eerste dag mee.",
    ]


def test_only_the_parties_see_the_thread(client):
    deal = deal_make()
    Message.objects.create(package=deal.package, author=deal.company_user, body="Geheim")
    url = reverse("agreements:thread", args=[deal.package.pk])
    for outsider in (deal.other_company_user, deal.other_organisation_user, deal.nobody):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, {"body": "Hallo"}).status_code == 404
    assert Message.objects.count() == 1
    client.logout()
    assert reverse("account_login") in client.get(url)["Location"]


def test_a_package_still_with_the_coaches_has_no_thread(client):
    deal = deal_make(status=TaskPackage.Status.PROPOSED)
    client.force_login(deal.company_user)
    assert client.get(reverse("agreements:thread", args=[deal.package.pk])).status_code == 404


def test_empty_message_and_wrong_method(client):
    deal = deal_make()
    url = reverse("agreements:thread", args=[deal.package.pk])
    client.force_login(deal.organisation_user)
    assert client.post(url, {"body": ""}).status_code == 200
    assert not Message.objects.exists()
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405


def test_message_is_escaped(client):
    deal = deal_make()
    Message.objects.create(package=deal.package, author=deal.company_user, body="<b>x</b>")
    client.force_login(deal.company_user)
    page = client.get(reverse("agreements:thread", args=[deal.package.pk])).content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page


def test_each_party_is_mailed_in_their_language(django_capture_on_commit_callbacks):
    from agreements.services import message_post

    deal = deal_make()
    deal.organisation_user.language = "en"
    deal.organisation_user.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        message_post(package=deal.package, user=deal.company_user, body="Dag!", link="http://x/")
    assert len(mail.outbox) == 2  # one mail per language
    recipients = [set(m.to) for m in mail.outbox]
    assert {deal.organisation_user.email} in recipients
    assert all(deal.company_user.email not in r for r in recipients)
