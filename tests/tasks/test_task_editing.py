"""Editing the suggested tasks (a formset), tasks held by packages, and submission."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import JobDescription
from tasks.forms import TaskFormSet
from tasks.models import Task
from tasks.services import TasksLockedError, job_description_tasks_save
from tests.factories import (
    CompanyMembershipFactory,
    JobDescriptionFactory,
    SiteFactory,
    TaskFactory,
    TaskPackageFactory,
)

pytestmark = pytest.mark.django_db
PREFIX = "tasks"


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def setup(client):
    membership = CompanyMembershipFactory()
    company = membership.company
    site = SiteFactory(company=company)
    job = JobDescriptionFactory(company=company, status=JobDescription.Status.DECOMPOSED)
    picking = TaskFactory(job_description=job, site=site, title="Orders picken")
    packing = TaskFactory(
        job_description=job, site=site, title="Dozen inpakken", category="packaging"
    )
    client.force_login(membership.user)
    return {
        "membership": membership,
        "company": company,
        "site": site,
        "job": job,
        "picking": picking,
        "packing": packing,
    }


def tasks_url(setup) -> str:
    return reverse("tasks:job_tasks", args=[setup["company"].pk, setup["job"].pk])


def submit_url(setup) -> str:
    return reverse("tasks:job_submit", args=[setup["company"].pk, setup["job"].pk])


def formset_data(formset) -> dict[str, str]:
    """The POST a browser sends for this formset as rendered, unchanged."""
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(len(formset.forms)),
        f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
        f"{formset.prefix}-MIN_NUM_FORMS": "0",
        f"{formset.prefix}-MAX_NUM_FORMS": "1000",
    }
    for form in formset.forms:
        for field in form:
            value = field.value()
            if getattr(field.field.widget, "input_type", "") == "checkbox":
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = str(value)
    return data


def row(data: dict[str, str], index: int, **changes: str) -> dict[str, str]:
    for name, value in changes.items():
        key = f"{PREFIX}-{index}-{name}"
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def get_formset(client, setup):
    response = client.get(tasks_url(setup))
    assert response.status_code == 200
    return response.context["formset"]


def index_of(formset, task) -> int:
    return next(i for i, form in enumerate(formset.forms) if form.instance.pk == task.pk)


def test_page_has_one_labelled_form_per_task_and_an_empty_row(client, setup):
    response = client.get(tasks_url(setup))
    formset = response.context["formset"]
    assert [f.instance.pk for f in formset.forms if f.instance.pk] == [
        setup["picking"].pk,
        setup["packing"].pk,
    ]
    assert len(formset.forms) == 3  # and one empty row to add a task
    html = response.content.decode()
    for name in TaskFormSet.form._meta.fields:
        assert f'for="id_{PREFIX}-0-{name}"' in html, name
    assert f'for="id_{PREFIX}-0-DELETE"' in html
    assert "<button" in html


def test_add_query_shows_more_empty_rows(client, setup):
    response = client.get(tasks_url(setup) + "?add=2")
    assert len(response.context["formset"].forms) == 5


def test_changes_are_saved(client, setup):
    formset = get_formset(client, setup)
    data = formset_data(formset)
    i = index_of(formset, setup["picking"])
    row(data, i, hours_per_week="8.5", outsourceable=None, mode="onsite", time_pressure="3")
    response = client.post(tasks_url(setup), data)
    assert response.status_code == 302
    picking = Task.objects.get(pk=setup["picking"].pk)
    assert picking.hours_per_week == Decimal("8.5")
    assert picking.outsourceable is False
    assert (picking.mode, picking.time_pressure) == ("onsite", 3)
    assert Task.objects.count() == 2  # the untouched empty row adds nothing


def test_a_new_row_becomes_a_draft_task_of_this_job(client, setup):
    formset = get_formset(client, setup)
    data = formset_data(formset)
    row(
        data,
        2,
        title="Etiketten kleven",
        hours_per_week="3",
        level="1",
        category="packaging",
        description="Je kleeft etiketten.",
    )
    response = client.post(tasks_url(setup), data)
    assert response.status_code == 302
    task = Task.objects.get(title="Etiketten kleven")
    assert task.job_description == setup["job"]
    assert task.status == Task.Status.DRAFT
    assert task.site == setup["site"]  # the first site is the empty row's default


def test_a_removed_row_is_deleted(client, setup):
    formset = get_formset(client, setup)
    data = formset_data(formset)
    row(data, index_of(formset, setup["packing"]), DELETE="on")
    assert client.post(tasks_url(setup), data).status_code == 302
    assert not Task.objects.filter(pk=setup["packing"].pk).exists()
    assert Task.objects.filter(pk=setup["picking"].pk).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hours_per_week", "0"),
        ("hours_per_week", "41"),
        ("title", ""),
        ("level", "6"),
        ("category", "juggling"),
    ],
)
def test_invalid_value_is_named_inline_and_nothing_is_saved(client, setup, field, value):
    formset = get_formset(client, setup)
    data = formset_data(formset)
    i, j = index_of(formset, setup["picking"]), index_of(formset, setup["packing"])
    row(data, i, **{field: value})
    row(data, j, title="Veranderd maar niet bewaard")
    response = client.post(tasks_url(setup), data)
    assert response.status_code == 200
    bound = response.context["formset"]
    assert list(bound.forms[i].errors) == [field]
    html = response.content.decode()
    assert f'id="id_{PREFIX}-{i}-{field}_error"' in html
    assert Task.objects.get(pk=setup["packing"].pk).title == "Dozen inpakken"


def test_site_of_another_company_is_refused(client, setup):
    foreign = SiteFactory()
    formset = get_formset(client, setup)
    data = formset_data(formset)
    i = index_of(formset, setup["picking"])
    row(data, i, site=str(foreign.pk))
    response = client.post(tasks_url(setup), data)
    assert list(response.context["formset"].forms[i].errors) == ["site"]
    assert Task.objects.get(pk=setup["picking"].pk).site == setup["site"]


def lock(setup, task, status="offered"):
    package = TaskPackageFactory(company=setup["company"], status=status)
    package.tasks.add(task)
    return package


def test_tasks_in_a_package_are_shown_read_only_with_the_package(client, setup):
    package = lock(setup, setup["picking"])
    response = client.get(tasks_url(setup))
    formset = response.context["formset"]
    assert setup["picking"].pk not in [f.instance.pk for f in formset.forms]
    html = response.content.decode()
    assert "Orders picken" in html
    assert package.organisation.name in html and package.team.name in html
    assert "offered" in html


@pytest.mark.parametrize("status", ["rejected", "declined", "ended"])
def test_tasks_in_a_finished_package_can_be_edited(client, setup, status):
    lock(setup, setup["picking"], status=status)
    formset = get_formset(client, setup)
    assert setup["picking"].pk in [f.instance.pk for f in formset.forms]


@pytest.mark.parametrize("change", [{"hours_per_week": "30"}, {"DELETE": "on"}])
def test_crafted_post_on_a_locked_task_is_refused_and_changes_nothing(client, setup, change):
    # The form as it was before the task went into a package (a stale tab, or crafted).
    formset = get_formset(client, setup)
    data = formset_data(formset)
    package = lock(setup, setup["picking"], status="approved")
    row(data, index_of(formset, setup["picking"]), **change)
    row(data, index_of(formset, setup["packing"]), title="Ook dit niet")
    response = client.post(tasks_url(setup), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nothing was saved" in html and package.team.name in html
    picking = Task.objects.get(pk=setup["picking"].pk)
    assert picking.hours_per_week == Decimal("6") and picking.title == "Orders picken"
    assert Task.objects.get(pk=setup["packing"].pk).title == "Dozen inpakken"


def test_service_refuses_a_task_packed_after_the_form_was_validated(setup):
    # A matching run that packs the task between validation and saving.
    queryset = Task.objects.filter(job_description=setup["job"]).order_by("id")
    formset = TaskFormSet(queryset=queryset, company=setup["company"], prefix=PREFIX)
    data = formset_data(formset)
    row(data, 0, hours_per_week="12")
    bound = TaskFormSet(data, queryset=queryset, company=setup["company"], prefix=PREFIX)
    assert bound.is_valid()
    lock(setup, bound.forms[0].instance, status="proposed")
    with pytest.raises(TasksLockedError):
        job_description_tasks_save(job_description=setup["job"], formset=bound)
    assert Task.objects.get(pk=bound.forms[0].instance.pk).hours_per_week == Decimal("6")


def test_post_with_a_task_of_another_job_is_refused(client, setup):
    other = TaskFactory()
    formset = get_formset(client, setup)
    data = formset_data(formset)
    row(data, 0, id=str(other.pk), title="Gekaapt")
    response = client.post(tasks_url(setup), data)
    assert response.status_code == 400
    assert Task.objects.get(pk=other.pk).title != "Gekaapt"


def test_submit_sends_outsourceable_drafts_and_keeps_the_others_draft(client, setup):
    Task.objects.filter(pk=setup["packing"].pk).update(outsourceable=False)
    response = client.post(submit_url(setup))
    assert response.status_code == 302
    assert Task.objects.get(pk=setup["picking"].pk).status == Task.Status.SUBMITTED
    assert Task.objects.get(pk=setup["packing"].pk).status == Task.Status.DRAFT
    job = JobDescription.objects.get(pk=setup["job"].pk)
    assert job.status == JobDescription.Status.SUBMITTED


def test_submit_with_nothing_outsourceable_changes_nothing(client, setup):
    Task.objects.filter(job_description=setup["job"]).update(outsourceable=False)
    response = client.post(submit_url(setup), follow=True)
    assert "There is nothing to submit" in response.content.decode()
    assert set(Task.objects.values_list("status", flat=True)) == {Task.Status.DRAFT}
    job = JobDescription.objects.get(pk=setup["job"].pk)
    assert job.status == JobDescription.Status.DECOMPOSED


def test_submit_leaves_tasks_held_by_a_package_alone(client, setup):
    lock(setup, setup["picking"], status="proposed")
    client.post(submit_url(setup))
    assert Task.objects.get(pk=setup["picking"].pk).status == Task.Status.DRAFT
    assert Task.objects.get(pk=setup["packing"].pk).status == Task.Status.SUBMITTED


@pytest.mark.parametrize("name", ["job_tasks", "job_detail"])
def test_task_pages_query_count_does_not_grow_with_the_tasks(
    client, setup, name, django_assert_num_queries
):
    url = reverse(f"tasks:{name}", args=[setup["company"].pk, setup["job"].pk])
    lock(setup, setup["picking"])
    client.get(url)  # a session's first form page also stores its CSRF secret
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(5):
        task = TaskFactory(job_description=setup["job"], site=setup["site"])
        lock(setup, task, status="active")
        TaskFactory(job_description=setup["job"], site=setup["site"])
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
