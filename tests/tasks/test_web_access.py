"""Who may open the entrepreneur's pages: members only; 404 for everyone else; 405 for the
wrong method; anonymous visitors are sent to log in."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tasks.models import Task
from tests.factories import (
    CompanyMembershipFactory,
    OrganisationMembershipFactory,
    SiteFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

# name → (URL needs a job id, allowed methods, a method that is refused with 405)
VIEWS = {
    "dashboard": (False, {"GET"}, "POST"),
    "job_create": (False, {"GET", "POST"}, "PUT"),
    "job_detail": (True, {"GET"}, "POST"),
    "job_edit": (True, {"GET", "POST"}, "DELETE"),
    "job_tasks": (True, {"GET", "POST"}, "PUT"),
    "job_submit": (True, {"POST"}, "GET"),
    "job_file": (True, {"GET"}, "POST"),
}


@pytest.fixture
def job():
    membership = CompanyMembershipFactory()
    site = SiteFactory(company=membership.company)
    task = TaskFactory(job_description__company=membership.company, site=site)
    job = task.job_description
    job.file.save("vacature.txt", ContentFile(b"Je pakt dozen in."), save=True)
    return membership, job


def url_for(name: str, membership, job) -> str:
    needs_job, _allowed, _refused = VIEWS[name]
    args = [membership.company.pk, job.pk] if needs_job else [membership.company.pk]
    return reverse(f"tasks:{name}", args=args)


def first_method(name: str) -> str:
    allowed = VIEWS[name][1]
    return "GET" if "GET" in allowed else "POST"


def call(client, method: str, url: str):
    return getattr(client, method.lower())(url)


@pytest.mark.parametrize("name", VIEWS)
def test_members_reach_the_page(client, job, name):
    membership, job_description = job
    client.force_login(membership.user)
    response = call(client, first_method(name), url_for(name, membership, job_description))
    # GET pages answer 200; the submit POST does its work and redirects.
    assert response.status_code == (302 if name == "job_submit" else 200)
    if name == "job_submit":
        assert Task.objects.get(job_description=job_description).status == "submitted"


@pytest.mark.parametrize("name", VIEWS)
def test_another_companys_member_gets_404(client, job, name):
    membership, job_description = job
    client.force_login(CompanyMembershipFactory().user)
    response = call(client, first_method(name), url_for(name, membership, job_description))
    assert response.status_code == 404
    assert Task.objects.get(job_description=job_description).status == "draft"


@pytest.mark.parametrize("name", VIEWS)
def test_organisation_user_gets_404(client, job, name):
    membership, job_description = job
    client.force_login(OrganisationMembershipFactory().user)
    response = call(client, first_method(name), url_for(name, membership, job_description))
    assert response.status_code == 404


@pytest.mark.parametrize("name", VIEWS)
def test_anonymous_is_sent_to_log_in(client, job, name):
    membership, job_description = job
    response = call(client, first_method(name), url_for(name, membership, job_description))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", VIEWS)
def test_wrong_method_is_405(client, job, name):
    membership, job_description = job
    client.force_login(membership.user)
    refused = VIEWS[name][2]
    response = call(client, refused, url_for(name, membership, job_description))
    assert response.status_code == 405
    assert Task.objects.get(job_description=job_description).status == "draft"
