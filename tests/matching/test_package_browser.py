"""The organisation's package browser and package page: who sees what, each filter, the
sorting, pagination and a query count that does not grow with the packages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tasks.models import TaskPackage
from tests.factories import (
    CompanyMembershipFactory,
    JobDescriptionFactory,
    OrganisationMembershipFactory,
    SiteFactory,
    TaskFactory,
    TaskPackageFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("matching:packages")


def make_package(
    team=None,
    *,
    status="offered",
    published=False,
    tasks=({},),
    site=None,
):
    """A package of one company with the given tasks (dicts of Task fields)."""
    job = JobDescriptionFactory()
    site = site or SiteFactory(company=job.company)
    if site.company_id != job.company_id:
        site = SiteFactory(
            company=job.company,
            municipality=site.municipality,
            province=site.province,
            latitude=site.latitude,
            longitude=site.longitude,
            postal_code=site.postal_code,
        )
    made = [
        TaskFactory(job_description=job, site=site, status="submitted", **fields)
        for fields in tasks
    ]
    package = TaskPackageFactory(
        company=job.company,
        team=team or TeamFactory(),
        status=status,
        published=published,
        hours_per_week=sum((t.hours_per_week for t in made), Decimal("0")),
    )
    package.tasks.set(made)
    return package


@pytest.fixture
def member():
    membership = OrganisationMembershipFactory()
    membership.organisation.categories.set(["logistics", "packaging", "cleaning"])
    return membership


@pytest.fixture
def team(member):
    return TeamFactory(organisation=member.organisation, name="Inpak", max_level=3)


def _ids(response):
    return [row.package.pk for row in response.context["page"].object_list]


def test_browser_shows_our_offers_and_published_packages_only(client, member, team):
    ours = make_package(team)
    published_elsewhere = make_package(status="offered", published=True)
    published_approved = make_package(status="approved", published=True)
    make_package()  # offered to another organisation, not published
    make_package(team, status="proposed")  # not yet reviewed by a coach
    make_package(team, status="accepted")  # no longer on offer
    make_package(status="accepted", published=True)
    client.force_login(member.user)
    response = client.get(URL)
    assert response.status_code == 200
    assert set(_ids(response)) == {ours.pk, published_elsewhere.pk, published_approved.pk}


def test_browser_permissions(client, member):
    assert client.get(URL).status_code == 302
    client.force_login(member.user)
    assert client.get(URL).status_code == 200
    assert client.post(URL).status_code == 405
    # Asking for another organisation's view of the offers is 404.
    other = OrganisationMembershipFactory()
    assert client.get(URL, {"organisation": other.organisation.pk}).status_code == 404
    client.force_login(CompanyMembershipFactory().user)
    assert client.get(URL).status_code == 403
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"category": "cleaning"}, {"clean"}),
        ({"max_distance_km": "10"}, {"near", "clean", "small", "big", "onsite", "high"}),
        ({"hours_min": "10"}, {"big"}),
        ({"hours_max": "5"}, {"small"}),
        (
            {"hours_min": "5", "hours_max": "7"},
            {"near", "far", "clean", "onsite", "inhouse", "high"},
        ),
        ({"max_level": "1"}, {"clean", "small"}),
        ({"mode": "onsite"}, {"near", "far", "clean", "small", "big", "onsite", "high"}),
        ({"mode": "inhouse"}, {"near", "far", "clean", "small", "big", "inhouse", "high"}),
        ({"municipality": "antwerpen"}, {"far"}),
        ({"province": "antwerpen"}, {"far"}),
        ({"province": "oost-vlaanderen", "category": "cleaning"}, {"clean"}),
    ],
)
def test_each_filter_narrows_the_list(client, member, team, query, expected):
    antwerp = SiteFactory(
        municipality="Antwerpen",
        province="antwerpen",
        postal_code="2000",
        latitude=51.2194,
        longitude=4.4025,
    )
    built = {
        "near": make_package(team, tasks=({"hours_per_week": Decimal("6")},)),
        "far": make_package(published=True, site=antwerp, tasks=({},)),
        "clean": make_package(published=True, tasks=({"category": "cleaning", "level": 1},)),
        "small": make_package(
            published=True, tasks=({"hours_per_week": Decimal("4"), "level": 1},)
        ),
        "big": make_package(
            published=True,
            tasks=({"hours_per_week": Decimal("8")}, {"hours_per_week": Decimal("4")}),
        ),
        "onsite": make_package(published=True, tasks=({"mode": "onsite"},)),
        "inhouse": make_package(
            published=True,
            site=SiteFactory(latitude=51.2, longitude=3.9, municipality="Eeklo"),
            tasks=({"mode": "inhouse"},),
        ),
        "high": make_package(published=True, tasks=({"level": 3},)),
    }
    names = {package.pk: name for name, package in built.items()}
    client.force_login(member.user)
    everything = client.get(URL)
    assert {names[pk] for pk in _ids(everything)} == set(built)
    response = client.get(URL, query)
    assert response.status_code == 200
    assert {names[pk] for pk in _ids(response)} == expected


def test_an_invalid_filter_is_shown_and_filters_nothing(client, member, team):
    package = make_package(team)
    client.force_login(member.user)
    response = client.get(URL, {"hours_min": "9", "hours_max": "3"})
    assert response.status_code == 200
    assert "hours_max" in response.context["form"].errors
    assert _ids(response) == [package.pk]


def test_sorting_by_distance_hours_and_fit(client, member, team):
    near = make_package(team, tasks=({"hours_per_week": Decimal("5")},))
    far = make_package(
        published=True,
        site=SiteFactory(latitude=51.15, longitude=3.85, municipality="Lochristi"),
        tasks=({"hours_per_week": Decimal("9")},),
    )
    unfit = make_package(published=True, tasks=({"hours_per_week": Decimal("7"), "level": 4},))
    client.force_login(member.user)
    assert _ids(client.get(URL, {"sort": "hours"})) == [far.pk, unfit.pk, near.pk]
    by_distance = _ids(client.get(URL, {"sort": "distance"}))
    assert by_distance.index(near.pk) < by_distance.index(far.pk)
    # Fit: the offer to us first, then what a team of ours can carry, then the rest.
    assert _ids(client.get(URL, {"sort": "fit"})) == [near.pk, far.pk, unfit.pk]
    rows = {r.package.pk: r for r in client.get(URL).context["page"].object_list}
    assert rows[unfit.pk].best is None and rows[far.pk].best.team == team


def test_pagination(client, member, team):
    for _ in range(23):
        make_package(published=True)
    client.force_login(member.user)
    first = client.get(URL)
    assert len(first.context["page"].object_list) == 20
    second = client.get(URL, {"page": 2, "sort": "hours"})
    assert len(second.context["page"].object_list) == 3
    assert "sort=hours" in second.content.decode()


def test_the_browser_does_a_fixed_number_of_queries(
    client, member, team, django_assert_num_queries
):
    TeamFactory(organisation=member.organisation)
    client.force_login(member.user)
    make_package(team)
    client.get(URL)  # warm the session

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, {"category": "logistics"}).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for _ in range(6):
        make_package(published=True, tasks=({}, {"hours_per_week": Decimal("2")}))
    with django_assert_num_queries(few):
        response = client.get(URL, {"category": "logistics"})
    assert len(response.context["page"].object_list) == 7


# --------------------------------------------------------------------------- package page


def test_package_page_permissions(client, member, team):
    package = make_package(team)
    url = reverse("matching:package", args=[package.pk])
    assert client.get(url).status_code == 302
    client.force_login(member.user)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405
    client.force_login(OrganisationMembershipFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(CompanyMembershipFactory(company=package.company).user)
    assert client.get(url).status_code == 403
    client.force_login(member.user)
    assert client.get(reverse("matching:package", args=[package.pk + 999])).status_code == 404


def test_published_package_is_visible_to_every_organisation(client, member, team):
    package = make_package(published=True)
    client.force_login(OrganisationMembershipFactory().user)
    response = client.get(reverse("matching:package", args=[package.pk]))
    assert response.status_code == 200
    assert response.context["interest_form"] is not None
    assert response.context["history"] == []  # someone else's package: no history


def test_package_page_shows_tasks_fit_reasons_and_capacity_use(client, member, team):
    team.capacity_hours = Decimal("20")
    team.save()
    make_package(team, status="accepted", tasks=({"hours_per_week": Decimal("10")},))
    weak = TeamFactory(organisation=member.organisation, name="Licht", max_level=1)
    package = make_package(
        team,
        tasks=(
            {"title": "Orders picken", "hours_per_week": Decimal("6"), "level": 2},
            {"title": "Dozen plooien", "hours_per_week": Decimal("2"), "level": 1},
        ),
    )
    client.force_login(member.user)
    response = client.get(reverse("matching:package", args=[package.pk]))
    html = response.content.decode()
    assert "Orders picken" in html and "Dozen plooien" in html
    fits = {f.team.pk: f for f in response.context["fits"]}
    mine = fits[team.pk]
    assert mine.fits
    # The offer's own 8 hours are not counted twice: 20 − 10 accepted = 10 free, 2 after.
    assert (mine.team_free, mine.team_free_after) == (Decimal("10"), Decimal("2"))
    assert mine.supervision_needed == Decimal("1.000")
    assert not fits[weak.pk].fits
    assert any("Orders picken" in r and "2" in r for r in fits[weak.pk].reasons)
    assert response.context["decline_form"] is not None
    assert response.context["interest_form"] is None
    # Nothing company-internal beyond what the package needs.
    assert package.company.enterprise_number not in html
    assert "Je pickt orders" not in html


def test_browser_fit_summed_up_by_the_database_agrees_with_the_package_page(member):
    """The browser judges fit on per-package figures the database sums up; the package
    page judges each task. On varied packages both name the same best team and score."""
    import random

    from matching.selectors_offers import (
        OfferFilters,
        ours_load,
        package_team_fits,
        packages_on_offer,
    )

    rng = random.Random(7)
    organisation = member.organisation
    organisation.onsite, organisation.inhouse = True, False
    organisation.supervision_hours = Decimal("40")
    organisation.save()
    teams = [
        TeamFactory(organisation=organisation, name="A", max_level=2, max_time_pressure=2,
                    max_physical_load=2, capacity_hours=Decimal("40")),
        TeamFactory(organisation=organisation, name="B", max_level=4, max_time_pressure=3,
                    max_physical_load=3, capacity_hours=Decimal("100")),
        TeamFactory(organisation=organisation, name="C", max_level=3, max_time_pressure=3,
                    max_physical_load=1, capacity_hours=Decimal("30"),
                    supervision_ratio=Decimal("0.5")),
    ]  # fmt: skip
    places = [(51.05, 3.72), (51.2, 4.4), (50.9, 3.5), (51.1, 3.9), (51.04, 3.69)]
    for n in range(90):
        lat, lon = rng.choice(places)
        tasks = [
            {
                "category": rng.choice(["packaging", "logistics", "cleaning"] * 4 + ["catering"]),
                "level": rng.randint(1, 4),
                "time_pressure": rng.randint(1, 3),
                "physical_load": rng.randint(1, 3),
                "hours_per_week": Decimal(rng.choice(["1.5", "3", "4", "6", "10"])),
                "mode": rng.choice(["onsite"] * 4 + ["either"] * 4 + ["inhouse"]),
            }
            for _ in range(rng.randint(1, 3))
        ]
        site = SiteFactory(latitude=lat, longitude=lon)
        if n % 6 == 0:
            make_package(rng.choice(teams[1:]), status="offered", tasks=tasks, site=site)
        else:
            make_package(status=rng.choice(["approved", "offered"]), published=True,
                         tasks=tasks, site=site)  # fmt: skip

    rows = packages_on_offer(organisation=organisation, filters=OfferFilters())
    ours = ours_load(organisation=organisation)
    judged = {True: 0, False: 0}
    for row in rows[0 : len(rows)]:
        fits = package_team_fits(ours=ours, package=row.package)
        expected = fits[0] if fits and fits[0].fits else None
        judged[expected is not None] += 1
        if expected is None:
            assert row.best is None, row.package.pk
        else:
            assert row.best is not None and row.best.team == expected.team, row.package.pk
            assert row.best.score == pytest.approx(expected.score, abs=1e-9)
    assert judged[True] >= 5 and judged[False] >= 5  # both outcomes were exercised


def test_browser_agrees_with_the_package_page_on_odd_packages(member):
    """Hours held by an offer that differ from its tasks' hours, and a package without
    tasks: the browser's judgement still equals the package page's."""
    from matching.selectors_offers import (
        OfferFilters,
        ours_load,
        package_team_fits,
        packages_on_offer,
    )

    team = TeamFactory(organisation=member.organisation, name="Klein", max_level=3,
                       capacity_hours=Decimal("8"))  # fmt: skip
    drifted = make_package(team, status="offered", tasks=({"category": "packaging",
                           "level": 1, "hours_per_week": Decimal("10")},))  # fmt: skip
    TaskPackage.objects.filter(pk=drifted.pk).update(hours_per_week=Decimal("4"))
    empty = make_package(status="approved", published=True, tasks=())
    rows = packages_on_offer(organisation=member.organisation, filters=OfferFilters())
    ours = ours_load(organisation=member.organisation)
    by_pk = {row.package.pk: row for row in rows[0 : len(rows)]}
    for package in (drifted, empty):
        fits = package_team_fits(ours=ours, package=by_pk[package.pk].package)
        expected = fits[0].team if fits and fits[0].fits else None
        best = by_pk[package.pk].best
        assert (best.team if best else None) == expected, package
    assert by_pk[drifted.pk].best is None  # 8 hours free, 10 needed
    assert by_pk[empty.pk].best is not None
