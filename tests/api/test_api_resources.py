"""The API does what the web pages do, through the same forms and services: registering a
company and its sites, job descriptions with their decomposition and tasks, submission,
organisations and teams, packages answered by the organisation, runs and proposals for
coaches. Errors are JSON naming the field; lists are paginated, filtered and ordered."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from companies.models import Company, CompanyMembership
from matching.models import MatchingRun
from organisations.models import OrganisationMembership, Team
from tasks.models import PackageEvent, Task, TaskPackage
from tests.factories import (
    CompanyMembershipFactory,
    OrganisationMembershipFactory,
    SiteFactory,
    TaskFactory,
    UserFactory,
)
from tests.security.access_world import world_build

pytestmark = pytest.mark.django_db

JOB_TEXT = (
    "Je pakt pakketten in voor verzending (6 uur per week). "
    "Je scant facturen in en archiveert ze (4 uur per week)."
)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _api(user) -> APIClient:
    api = APIClient()
    api.force_login(user)
    return api


def test_register_a_company_with_its_first_site():
    user = UserFactory()
    api = _api(user)
    response = api.post(
        "/api/companies/",
        {
            "name": "Bakkerij Van Damme",
            "enterprise_number": "BE 0403 170 701",
            "site_name": "Atelier Gent",
            "site_postal_code": "9000",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["enterprise_number"] == "0403.170.701"
    assert body["my_role"] == "owner"
    company = Company.objects.get(pk=body["id"])
    assert company.sites.get().municipality
    assert CompanyMembership.objects.get(company=company).user == user


def test_errors_are_json_naming_the_field():
    api = _api(UserFactory())
    response = api.post(
        "/api/companies/",
        {
            "name": "X",
            "enterprise_number": "0403.170.702",
            "site_name": "S",
            "site_postal_code": "0000",
        },
    )
    assert response.status_code == 400
    errors = response.json()
    assert "enterprise_number" in errors and "site_postal_code" in errors
    missing = api.post("/api/companies/", {}).json()
    assert {"name", "enterprise_number", "site_name", "site_postal_code"} <= set(missing)


def test_only_the_owner_adds_sites():
    owner = CompanyMembershipFactory()
    member = CompanyMembershipFactory(company=owner.company, role=CompanyMembership.Role.MEMBER)
    url = f"/api/companies/{owner.company_id}/sites/"
    data = {"name": "Magazijn", "postal_code": "2000"}
    assert _api(member.user).post(url, data).status_code == 403
    response = _api(owner.user).post(url, data)
    assert response.status_code == 201
    assert response.json()["province"] == "antwerpen"
    assert _api(member.user).get(url).json()["count"] == 1


def test_job_description_decomposed_into_tasks_edited_and_submitted():
    owner = CompanyMembershipFactory()
    site = SiteFactory(company=owner.company)
    api = _api(owner.user)
    base = f"/api/companies/{owner.company_id}"
    response = api.post(f"{base}/job-descriptions/", {"title": "Magazijn", "text": JOB_TEXT})
    assert response.status_code == 201, response.json()
    job = response.json()
    assert job["status"] == "decomposed" and job["task_count"] >= 2

    decomposition = api.get(f"{base}/job-descriptions/{job['id']}/decomposition/").json()
    assert decomposition["format"] == "gewaardeerd-decomposition/1"
    assert decomposition["tasks"]

    tasks = api.get(f"{base}/tasks/", {"job_description": job["id"]}).json()
    assert tasks["count"] == job["task_count"]
    first = tasks["results"][0]
    assert first["site"] == site.pk
    patched = api.patch(f"{base}/tasks/{first['id']}/", {"hours_per_week": "7.5", "level": 1})
    assert patched.status_code == 200, patched.json()
    assert patched.json()["hours_per_week"] == "7.5"

    added = api.post(
        f"{base}/tasks/",
        {
            "job_description": job["id"],
            "site": site.pk,
            "title": "Post sorteren",
            "hours_per_week": "2",
            "level": 1,
            "category": "admin",
        },
    )
    assert added.status_code == 201, added.json()
    bad = api.patch(f"{base}/tasks/{first['id']}/", {"hours_per_week": "41"})
    assert bad.status_code == 400 and "hours_per_week" in bad.json()

    submitted = api.post(f"{base}/job-descriptions/{job['id']}/submit/")
    assert submitted.status_code == 200
    assert len(submitted.json()["submitted"]) == job["task_count"] + 1
    again = api.post(f"{base}/job-descriptions/{job['id']}/submit/")
    assert again.status_code == 400 and "non_field_errors" in again.json()


def test_a_text_without_hours_asks_for_the_jobs_hours_on_that_field():
    owner = CompanyMembershipFactory()
    SiteFactory(company=owner.company)
    response = _api(owner.user).post(
        f"/api/companies/{owner.company_id}/job-descriptions/",
        {"title": "Onthaal", "text": "Je ontvangt bezoekers en neemt de telefoon op."},
    )
    assert response.status_code == 400
    assert "hours_per_week" in response.json()


def test_a_task_held_by_a_package_cannot_be_changed_or_removed():
    owner = CompanyMembershipFactory()
    task = TaskFactory(job_description__company=owner.company, status="submitted")
    package = TaskPackage.objects.create(
        company=owner.company,
        organisation=OrganisationMembershipFactory().organisation,
        team=Team.objects.create(
            organisation=OrganisationMembership.objects.get().organisation,
            name="T",
            capacity_hours=Decimal(40),
            max_level=3,
            max_time_pressure=3,
            max_physical_load=3,
            supervision_ratio=Decimal("0.1"),
            headcount=5,
        ),
        status=TaskPackage.Status.OFFERED,
    )
    package.tasks.add(task)
    api = _api(owner.user)
    url = f"/api/companies/{owner.company_id}/tasks/{task.pk}/"
    assert api.get(url).json()["locked"] is True
    assert api.patch(url, {"hours_per_week": "3"}).status_code == 409
    assert api.delete(url).status_code == 409
    assert Task.objects.get(pk=task.pk).hours_per_week == Decimal("6")


def test_another_companys_site_is_refused_for_a_task():
    owner = CompanyMembershipFactory()
    task = TaskFactory(job_description__company=owner.company)
    foreign = SiteFactory()
    response = _api(owner.user).patch(
        f"/api/companies/{owner.company_id}/tasks/{task.pk}/", {"site": foreign.pk}
    )
    assert response.status_code == 400 and "site" in response.json()


def test_lists_are_paginated_filtered_and_ordered():
    owner = CompanyMembershipFactory()
    job_task = TaskFactory(job_description__company=owner.company, hours_per_week=Decimal(3))
    for hours in (5, 1):
        TaskFactory(
            job_description=job_task.job_description,
            site=job_task.site,
            hours_per_week=Decimal(hours),
            category="cleaning",
        )
    api = _api(owner.user)
    base = f"/api/companies/{owner.company_id}/tasks/"
    page = api.get(base, {"ordering": "-hours_per_week"}).json()
    assert {"count", "next", "previous", "results"} <= set(page)
    assert [t["hours_per_week"] for t in page["results"]] == ["5.0", "3.0", "1.0"]
    assert api.get(base, {"category": "cleaning"}).json()["count"] == 2
    assert api.get(base, {"category": "nonsense"}).status_code == 400


def test_an_organisation_with_a_team_and_only_administrators_add_teams():
    user = UserFactory()
    api = _api(user)
    response = api.post(
        "/api/organisations/",
        {
            "name": "Atelier Noord",
            "type": "maatwerkbedrijf",
            "enterprise_number": "0403170701",
            "postal_code": "9000",
            "radius_km": "25",
            "categories": ["packaging", "admin"],
            "supervision_hours": "20",
        },
    )
    assert response.status_code == 201, response.json()
    organisation = response.json()
    assert sorted(organisation["categories"]) == ["admin", "packaging"]
    team = {
        "name": "Inpak",
        "capacity_hours": "80",
        "max_level": 2,
        "max_time_pressure": 2,
        "max_physical_load": 2,
        "supervision_ratio": "0.125",
        "headcount": 8,
    }
    url = f"/api/organisations/{organisation['id']}/teams/"
    assert api.post(url, team).status_code == 201
    member = UserFactory()
    OrganisationMembership.objects.create(
        user=member, organisation_id=organisation["id"], role="member"
    )
    assert _api(member).post(url, team).status_code == 403
    # Aggregates only: nothing in a team names a person.
    assert set(api.get(url).json()["results"][0]) == {"id", *team}


def test_the_organisation_accepts_or_declines_its_offer(django_capture_on_commit_callbacks):
    world = world_build()
    member = world.users["organisation"]
    url = f"/api/packages/{world.ids['package']}/"
    api = _api(member)
    assert api.post(url + "decline/", {}).json().keys() == {"reason"}
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(url + "accept/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    assert PackageEvent.objects.filter(package_id=world.ids["package"], action="accepted")
    again = api.post(url + "decline/", {"reason": "Too late"})
    assert again.status_code == 409 and "detail" in again.json()


def test_interest_in_a_published_package():
    world = world_build()
    package = TaskPackage.objects.get(pk=world.ids["proposed_package"])
    package.status = TaskPackage.Status.APPROVED
    package.published = True
    package.save()
    api = _api(world.users["organisation"])
    response = api.post(
        f"/api/packages/{package.pk}/interest/",
        {"team": world.ids["team"], "note": "We can start in two weeks."},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["team"] == world.ids["team"]
    twice = api.post(f"/api/packages/{package.pk}/interest/", {})
    assert twice.status_code == 409
    # Company B's owner sees it (their own) but is in no organisation.
    assert (
        _api(world.users["entrepreneur_b"])
        .post(f"/api/packages/{package.pk}/interest/", {})
        .status_code
        == 403
    )


def test_a_coach_starts_a_run_follows_it_and_exports_it(django_capture_on_commit_callbacks):
    world = world_build()
    api = _api(world.users["coach"])
    bad = api.post("/api/matching-runs/", {"scope": "province"})
    assert bad.status_code == 400 and "province" in bad.json()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api.post(
            "/api/matching-runs/",
            {"scope": "province", "province": "oost-vlaanderen", "time_limit": 2},
        )
    assert response.status_code == 202, response.json()
    assert len(callbacks) == 1  # enqueued after commit, as from the coach's page
    run = response.json()
    assert run["status"] == "queued"
    assert api.get(f"/api/matching-runs/{run['id']}/").json()["status"] == "queued"
    assert api.get(f"/api/matching-runs/{run['id']}/export/instance/").status_code == 409
    done = world.ids["run"]
    instance = api.get(f"/api/matching-runs/{done}/export/instance/").json()
    proposals = api.get(f"/api/matching-runs/{done}/export/proposals/").json()
    assert instance["format"] == "gewaardeerd-matching/1"
    assert proposals["format"] == "gewaardeerd-proposals/1"
    assert proposals["packages"][0]["tasks"]
    assert MatchingRun.objects.count() == 2


def test_a_coach_reviews_proposals(django_capture_on_commit_callbacks):
    world = world_build()
    api = _api(world.users["coach"])
    listed = api.get("/api/proposals/", {"run": world.ids["run"]}).json()
    assert listed["count"] == 1
    url = f"/api/proposals/{world.ids['proposal']}/"
    assert api.post(url + "reject/", {"reason": "  "}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        approved = api.post(url + "approve/")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["package"]["status"] == "offered"
    conflict = api.post(url + "reject/", {"reason": "Too late"})
    assert conflict.status_code == 409


def test_administrators_change_the_profile_and_teams_members_may_not():
    world = world_build()
    admin = world.users["organisation"]
    organisation_id, team_id = world.ids["organisation"], world.ids["team"]
    api = _api(admin)
    profile = {
        "name": "Atelier Noord",
        "type": "maatwerkbedrijf",
        "enterprise_number": "0403170701",
        "postal_code": "2000",
        "radius_km": "30",
        "categories": ["logistics"],
        "onsite": True,
        "inhouse": True,
        "supervision_hours": "25",
    }
    response = api.put(f"/api/organisations/{organisation_id}/", profile)
    assert response.status_code == 200, response.json()
    assert response.json()["province"] == "antwerpen"
    team_url = f"/api/organisations/{organisation_id}/teams/{team_id}/"
    team = {
        "name": "Inpak",
        "capacity_hours": "60",
        "max_level": 3,
        "max_time_pressure": 2,
        "max_physical_load": 2,
        "supervision_ratio": "0.125",
        "headcount": 6,
    }
    assert api.put(team_url, team).json()["capacity_hours"] == "60.0"
    member = UserFactory()
    OrganisationMembership.objects.create(
        user=member, organisation_id=organisation_id, role="member"
    )
    assert _api(member).put(team_url, team).status_code == 403
    assert _api(member).put(f"/api/organisations/{organisation_id}/", profile).status_code == 403
    assert _api(world.users["entrepreneur_a"]).put(team_url, team).status_code == 404


def test_a_job_description_file_is_uploaded_read_and_downloaded_by_members_only():
    from django.core.files.uploadedfile import SimpleUploadedFile

    owner = CompanyMembershipFactory()
    SiteFactory(company=owner.company)
    api = _api(owner.user)
    upload = SimpleUploadedFile("vacature.txt", JOB_TEXT.encode(), content_type="text/plain")
    response = api.post(
        f"/api/companies/{owner.company_id}/job-descriptions/",
        {"title": "Magazijn", "file": upload},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    job = response.json()
    assert job["file_name"] == "vacature.txt" and job["text"].startswith("Je pakt")
    url = f"/api/companies/{owner.company_id}/job-descriptions/{job['id']}/file/"
    download = api.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == JOB_TEXT.encode()
    assert _api(CompanyMembershipFactory().user).get(url).status_code == 404
    unreadable = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    refused = api.post(
        f"/api/companies/{owner.company_id}/job-descriptions/",
        {"title": "Kapot", "file": unreadable},
        format="multipart",
    )
    assert refused.status_code == 400 and "file" in refused.json()
