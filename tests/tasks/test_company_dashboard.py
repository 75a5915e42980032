"""The entrepreneur's start page: job descriptions, tasks, packages and hours."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks.models import TaskPackage
from tests.factories import (
    CompanyMembershipFactory,
    JobDescriptionFactory,
    SiteFactory,
    TaskFactory,
    TaskPackageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def member():
    membership = CompanyMembershipFactory()
    SiteFactory(company=membership.company)
    return membership


def dashboard_url(company) -> str:
    return reverse("tasks:dashboard", args=[company.pk])


def package_with(company, tasks, status: str, hours: str) -> TaskPackage:
    package = TaskPackageFactory(company=company, status=status, hours_per_week=Decimal(hours))
    package.tasks.add(*tasks)
    return package


def fill(company, *, jobs: int, tasks_per_job: int) -> None:
    site = company.sites.first()
    for _ in range(jobs):
        job = JobDescriptionFactory(company=company)
        tasks = [TaskFactory(job_description=job, site=site) for _ in range(tasks_per_job)]
        package_with(company, tasks[:1], "offered", "6")
        package_with(company, tasks[1:], "active", "12")


def test_dashboard_shows_jobs_tasks_packages_and_hours(client, member):
    company = member.company
    site = company.sites.get()
    job = JobDescriptionFactory(company=company, title="Magazijnmedewerker")
    picking = TaskFactory(job_description=job, site=site, title="Orders picken")
    packing = TaskFactory(job_description=job, site=site, title="Dozen inpakken")
    offered = package_with(company, [picking], "offered", "6")
    package_with(company, [packing], "active", "4.5")
    package_with(company, [packing], "accepted", "2")
    package_with(company, [picking], "proposed", "100")  # not offered yet: not counted
    package_with(company, [picking], "declined", "50")  # declined: not counted
    # Another company's packages never count.
    package_with(CompanyMembershipFactory().company, [], "active", "30")
    client.force_login(member.user)
    response = client.get(dashboard_url(company))
    assert response.status_code == 200
    hours = response.context["hours"]
    assert hours.offered == Decimal("12.5")
    assert hours.placed == Decimal("6.5")
    html = response.content.decode()
    for text in (
        "Magazijnmedewerker",
        "Orders picken",
        "Dozen inpakken",
        offered.team.name,
        offered.organisation.name,
        "offered",
        "active",
    ):
        assert text in html, text
    assert reverse("tasks:job_create", args=[company.pk]) in html
    assert reverse("tasks:job_detail", args=[company.pk, job.pk]) in html


def test_dashboard_does_not_show_other_companies_jobs(client, member):
    other = JobDescriptionFactory(title="Geheime vacature")
    client.force_login(member.user)
    html = client.get(dashboard_url(member.company)).content.decode()
    assert other.title not in html


def test_empty_dashboard_invites_to_add_a_job(client, member):
    client.force_login(member.user)
    response = client.get(dashboard_url(member.company))
    assert response.context["hours"].offered == 0
    assert "No job descriptions yet" in response.content.decode()


def test_dashboard_query_count_does_not_grow_with_the_data(
    client, member, django_assert_num_queries
):
    client.force_login(member.user)
    fill(member.company, jobs=1, tasks_per_job=2)
    client.get(dashboard_url(member.company))  # a session's first form page stores its CSRF secret
    with CaptureQueriesContext(connection) as small:
        assert client.get(dashboard_url(member.company)).status_code == 200
    fill(member.company, jobs=6, tasks_per_job=4)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(dashboard_url(member.company))
    assert len(response.context["job_descriptions"]) == 7
    assert response.context["hours"].offered == Decimal(7 * 18)


def test_start_page_sends_company_members_to_the_dashboard(client, member):
    client.force_login(member.user)
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert response["Location"] == dashboard_url(member.company)
