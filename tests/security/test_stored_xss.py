"""Stored XSS: every free-text field of every model of ours holds a script-injection attempt,
and every page a role can open shows it escaped, never as markup.

The fields are found by introspection (every editable CharField/TextField without choices
or a fixed shape), so a new free-text field is covered without touching this test. The
pages are the access matrix's pages and API answers each role may open, the role's start
pages, and the admin pages a coach reviews packages on.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from rest_framework.test import APIClient

from tests.security.access_world import ROLES, world_build
from tests.security.test_access_matrix import RULES

PAYLOAD = '"><img src=x onerror=alert(1)><script>alert(1)</script>'
SHORT_PAYLOAD = "<b>x</b>"
RAW = ("<img src=x onerror", "<script>alert(1)", SHORT_PAYLOAD)
ESCAPED = ("&lt;img src=x onerror=alert(1)&gt;", "&lt;b&gt;x&lt;/b&gt;")

APPS = ("core", "companies", "organisations", "tasks", "matching")
# Fields with a fixed shape the database checks (a regex or a code), and secrets.
SHAPED = {"postal_code", "enterprise_number", "digest", "prefix", "password", "code", "email"}


def free_text_fields() -> list[tuple[type[models.Model], str, int | None]]:
    found = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.CharField | models.TextField):
                    continue
                if field.choices or not field.editable or field.name in SHAPED:
                    continue
                if isinstance(field, models.EmailField):
                    continue
                found.append((model, field.name, field.max_length))
    return found


def _poison() -> int:
    """Write the payload into every free-text field of every row; returns how many fields."""
    fields = free_text_fields()
    for model, name, max_length in fields:
        value = PAYLOAD if (max_length or 10_000) >= len(PAYLOAD) else SHORT_PAYLOAD
        model._default_manager.update(**{name: value})
    return len(fields)


def test_the_free_text_fields_are_found():
    names = {f"{m._meta.label}.{n}" for m, n, _ in free_text_fields()}
    for expected in (
        "companies.Company.name",
        "companies.JobDescription.text",
        "tasks.Task.description",
        "organisations.Team.name",
        "tasks.PackageEvent.reason",
        "tasks.PackageInterest.note",
        "core.User.first_name",
        "core.ApiToken.name",
    ):
        assert expected in names


def _pages(world) -> dict[str, list[str]]:
    """Role → URLs to open: the matrix's GET routes this role may open, and start pages."""
    urls: dict[str, list[str]] = {role: [] for role in ROLES}
    for name, rule in RULES.items():
        if rule.method != "get" or name in ("api:schema", "api:docs"):
            continue
        url = reverse(name, kwargs={p: world.ids[k] for p, k in rule.kwargs.items()})
        for role in ROLES:
            if rule.expect[role] == 200:
                urls[role].append(url)
    for role in ROLES[1:]:
        urls[role] += [reverse("home"), reverse("profile"), reverse("privacy")]
    urls["organisation"] += [reverse("matching:packages")]
    urls["coach"] += [
        reverse("admin:index"),
        reverse("admin:tasks_taskpackage_changelist"),
        reverse("admin:tasks_taskpackage_change", args=[world.ids["package"]]),
        reverse("admin:matching_matchingrun_change", args=[world.ids["run"]]),
        reverse("admin:companies_company_changelist"),
    ]
    return urls


@pytest.fixture
def poisoned_world(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = world_build()
    from tasks.models import PackageEvent, PackageInterest, TaskPackage

    package = TaskPackage.objects.get(pk=world.ids["package"])
    PackageEvent.objects.create(package=package, action="offered", reason="x")
    PackageInterest.objects.create(
        package=package, organisation=package.organisation, user=world.users["organisation"]
    )
    world.users["entrepreneur_a"].first_name = "x"
    world.users["entrepreneur_a"].save()
    assert _poison() >= 20
    return world


@pytest.mark.parametrize("role", ROLES[1:])
def test_every_free_text_field_is_shown_escaped(poisoned_world, role):
    client = APIClient()
    client.force_login(poisoned_world.users[role])
    seen_escaped = False
    for url in _pages(poisoned_world)[role]:
        # The browsable API too: an API answer opened in a browser is HTML.
        for accept in ("text/html", "application/json"):
            response = client.get(url, HTTP_ACCEPT=accept)
            assert response.status_code == 200, (role, url, response.status_code)
            content_type = response.get("Content-Type", "")
            if not content_type.startswith("text/html"):
                continue
            body = response.content.decode()
            for raw in RAW:
                assert raw not in body, f"unescaped payload on {url} for {role}"
            seen_escaped = seen_escaped or any(e in body for e in ESCAPED)
    assert seen_escaped, f"{role} saw no escaped payload at all: the pages did not show the data"


def test_the_job_page_shows_the_text_and_task_fields_escaped(poisoned_world):
    client = APIClient()
    client.force_login(poisoned_world.users["entrepreneur_a"])
    ids = poisoned_world.ids
    for name in ("tasks:job_detail", "tasks:job_tasks", "tasks:dashboard"):
        kwargs = {"company_pk": ids["company"]}
        if name != "tasks:dashboard":
            kwargs["pk"] = ids["job"]
        body = client.get(reverse(name, kwargs=kwargs)).content.decode()
        assert ESCAPED[0] in body, name
        assert "<script>alert(1)" not in body, name
