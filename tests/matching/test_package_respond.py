"""Answering packages: interest in a published package, accepting and declining an offer,
with the re-check of capacity, the history and the e-mails."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation

from core.roles import COACH_GROUP
from matching.services import OfferError, package_accept, package_decline
from tasks.models import PackageInterest, TaskPackage
from tests.factories import (
    CompanyMembershipFactory,
    OrganisationMembershipFactory,
    TeamFactory,
    UserFactory,
)
from tests.matching.test_package_browser import make_package

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    membership = OrganisationMembershipFactory()
    membership.organisation.categories.set(["logistics"])
    return membership


@pytest.fixture
def team(member):
    return TeamFactory(organisation=member.organisation, capacity_hours=Decimal("20"))


@pytest.fixture
def coach():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=COACH_GROUP)[0])
    return user


def _url(name, package):
    return reverse(f"matching:{name}", args=[package.pk])


@pytest.mark.parametrize("name", ["package_accept", "package_decline"])
def test_answer_permissions(client, member, team, name):
    package = make_package(team)
    url = _url(name, package)
    assert client.post(url).status_code == 302
    assert client.post(url)["Location"].startswith(reverse("account_login"))
    client.force_login(member.user)
    assert client.get(url).status_code == 405
    client.force_login(OrganisationMembershipFactory().user)
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(CompanyMembershipFactory(company=package.company).user)
    assert client.post(url, {"reason": "x"}).status_code == 404
    package.refresh_from_db()
    assert package.status == "offered"
    client.force_login(member.user)
    assert client.post(reverse(f"matching:{name}", args=[package.pk + 999])).status_code == 404


def test_interest_permissions(client, member, team):
    package = make_package(published=True)
    url = _url("package_interest", package)
    assert client.post(url).status_code == 302
    client.force_login(member.user)
    assert client.get(url).status_code == 405
    client.force_login(CompanyMembershipFactory(company=package.company).user)
    assert client.post(url).status_code == 403
    hidden = make_package()  # offered to someone else, not published
    client.force_login(member.user)
    assert client.post(_url("package_interest", hidden)).status_code == 404
    assert not PackageInterest.objects.exists()


def test_accept_moves_the_offer_keeps_history_and_mails_company_and_coach(
    client, member, team, coach, django_capture_on_commit_callbacks
):
    package = make_package(team)
    entrepreneur = CompanyMembershipFactory(company=package.company).user
    client.force_login(member.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("package_accept", package), follow=True)
    assert response.status_code == 200
    package.refresh_from_db()
    assert package.status == TaskPackage.Status.ACCEPTED
    event = package.events.get()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "accepted",
        "offered",
        "accepted",
        member.user,
    )
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([entrepreneur.email, coach.email])
    # The history is on the package page.
    assert response.context["history"] == [event]


def test_accept_refuses_when_the_capacity_is_gone_and_changes_nothing(
    client, member, team, django_capture_on_commit_callbacks
):
    package = make_package(team, tasks=({"hours_per_week": Decimal("8")},))
    make_package(team, status="active", tasks=({"hours_per_week": Decimal("10")},))
    team.capacity_hours = Decimal("15")  # lowered by the organisation since the offer
    team.save()
    client.force_login(member.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("package_accept", package), follow=True)
    package.refresh_from_db()
    assert package.status == "offered"
    assert not package.events.exists()
    assert not mail.outbox
    text = [str(m) for m in response.context["messages"]]
    assert any("5" in m and "8" in m and team.name in m for m in text), text


def test_accept_refuses_when_supervision_is_gone(member, team):
    package = make_package(team, tasks=({"hours_per_week": Decimal("8")},))
    member.organisation.supervision_hours = Decimal("0.5")  # 8 h × 0.125 = 1 h needed
    member.organisation.save()
    with translation.override("en"), pytest.raises(OfferError) as exc:
        package_accept(package=package, organisation=member.organisation, user=member.user)
    assert "supervision" in exc.value.message
    package.refresh_from_db()
    assert package.status == "offered"


def test_an_offer_can_be_answered_only_once(member, team):
    package = make_package(team)
    package_accept(package=package, organisation=member.organisation, user=member.user)
    with pytest.raises(OfferError):
        package_decline(
            package=package, organisation=member.organisation, user=member.user, reason="x"
        )
    with pytest.raises(OfferError):
        package_accept(package=package, organisation=member.organisation, user=member.user)


def test_decline_needs_a_reason(client, member, team):
    package = make_package(team)
    client.force_login(member.user)
    response = client.post(_url("package_decline", package), {"reason": "   "})
    assert response.status_code == 200
    assert "reason" in response.context["decline_form"].errors
    package.refresh_from_db()
    assert package.status == "offered"


def test_decline_keeps_the_reason_and_mails(
    client, member, team, coach, django_capture_on_commit_callbacks
):
    package = make_package(team)
    CompanyMembershipFactory(company=package.company)
    client.force_login(member.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("package_decline", package), {"reason": "Te zwaar voor ons team"}
        )
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.status == TaskPackage.Status.DECLINED
    event = package.events.get()
    assert (event.action, event.to_status, event.reason) == (
        "declined",
        "declined",
        "Te zwaar voor ons team",
    )
    assert len(mail.outbox) == 1 and len(mail.outbox[0].to) == 2
    assert "Te zwaar voor ons team" in mail.outbox[0].body


def test_interest_in_a_published_package_notifies_the_coach_once(
    client, member, team, coach, django_capture_on_commit_callbacks
):
    package = make_package(published=True)
    client.force_login(member.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("package_interest", package),
            {"team": team.pk, "note": "Kunnen binnen twee weken starten"},
        )
    assert response.status_code == 302
    interest = PackageInterest.objects.get()
    assert (interest.organisation, interest.team, interest.user) == (
        member.organisation,
        team,
        member.user,
    )
    assert [m.to for m in mail.outbox] == [[coach.email]]
    # A second time: a clear message, still one interest and one e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("package_interest", package), follow=True)
    assert PackageInterest.objects.count() == 1 and len(mail.outbox) == 1
    assert response.context["interest"] == interest


def test_interest_with_another_organisations_team_is_refused(client, member):
    package = make_package(published=True)
    client.force_login(member.user)
    response = client.post(_url("package_interest", package), {"team": TeamFactory().pk})
    assert response.status_code == 200
    assert "team" in response.context["interest_form"].errors
    assert not PackageInterest.objects.exists()


def test_no_interest_in_a_package_not_published(client, member, team):
    package = make_package(team)  # offered to us: we accept or decline instead
    client.force_login(member.user)
    response = client.post(_url("package_interest", package), follow=True)
    assert not PackageInterest.objects.exists()
    assert response.context["messages"]


def test_our_packages(client, member, team):
    offered = make_package(team, tasks=({"hours_per_week": Decimal("5")},))
    accepted = make_package(team, status="accepted", tasks=({"hours_per_week": Decimal("6")},))
    active = make_package(team, status="active", tasks=({"hours_per_week": Decimal("7")},))
    make_package(team, status="declined")
    make_package()  # someone else's
    url = reverse("matching:our_packages", args=[member.organisation.pk])
    assert client.get(url).status_code == 302
    client.force_login(member.user)
    response = client.get(url)
    assert response.status_code == 200
    packages = response.context["packages"]
    assert (packages.offered, packages.accepted, packages.active) == (
        [offered],
        [accepted],
        [active],
    )
    assert (packages.offered_hours, packages.accepted_hours, packages.active_hours) == (5, 6, 7)
    assert client.post(url).status_code == 405
    client.force_login(OrganisationMembershipFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(CompanyMembershipFactory(company=offered.company).user)
    assert client.get(url).status_code == 404


def test_our_packages_query_count_does_not_grow(client, member, team, django_assert_num_queries):
    client.force_login(member.user)
    url = reverse("matching:our_packages", args=[member.organisation.pk])
    make_package(team)
    client.get(url)
    # session, user, membership, packages, interests, and the context processor's two
    with django_assert_num_queries(7):
        client.get(url)
    for status in ("offered", "accepted", "active"):
        make_package(team, status=status)
    PackageInterest.objects.create(
        package=make_package(published=True), organisation=member.organisation
    )
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(response.context["packages"].interests) == 1
