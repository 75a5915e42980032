"""Security headers: a Content-Security-Policy without inline scripts or styles on every
page (the admin and the API docs included), X-Frame-Options, no inline script, event
handler or style in any template, and uploads never under a public media URL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.security.access_world import world_build

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip() for part in header.split(";") if part.strip()
    }


def test_no_template_has_inline_script_handlers_or_styles():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, INLINE_STYLE):
            if pattern.search(text):
                offenders.append(f"{path.relative_to(TEMPLATES)}: {pattern.pattern}")
    assert not offenders, offenders


@pytest.mark.django_db
def test_pages_carry_a_strict_policy_and_frame_denial(client):
    response = client.get(reverse("home"))
    policy = _policy(response)
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert "'none'" in policy["frame-ancestors"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def _inline_scripts(html: str) -> list[str]:
    return INLINE_SCRIPT.findall(html)


@pytest.mark.django_db
def test_the_admin_and_the_api_docs_render_without_inline_script(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = world_build()
    client.force_login(world.users["coach"])
    pages = [
        reverse("admin:index"),
        reverse("admin:tasks_taskpackage_changelist"),
        reverse("admin:tasks_taskpackage_change", args=[world.ids["package"]]),
        reverse("admin:matching_matchingrun_changelist"),
        reverse("admin:matching_matchingrun_change", args=[world.ids["run"]]),
        reverse("api:docs"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response, url
        body = response.content.decode()
        assert not re.search(
            r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>\s*\S", body
        ), f"inline script on {url}"
    # The docs' start-up script is a separate request (a file), and the assets are ours.
    docs = client.get(reverse("api:docs")).content.decode()
    assert "cdn" not in docs.lower()
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200
    assert "javascript" in script["Content-Type"]


@pytest.mark.django_db
def test_task_page_script_is_a_static_file(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = world_build()
    client.force_login(world.users["entrepreneur_a"])
    body = client.get(
        reverse("tasks:job_tasks", args=[world.ids["company"], world.ids["job"]])
    ).content.decode()
    assert 'src="/static/js/task-rows.js"' in body
    assert 'data-prefix="tasks"' in body
    assert (Path(settings.BASE_DIR) / "static" / "js" / "task-rows.js").exists()


@pytest.mark.django_db
def test_uploads_are_not_served_from_a_public_media_url(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = world_build()
    from companies.models import JobDescription

    job = JobDescription.objects.get(pk=world.ids["job"])
    public = settings.MEDIA_URL + job.file.name
    for role in ("anonymous", "entrepreneur_a", "coach"):
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        assert client.get(public).status_code == 404, role
    # The owner gets it through the checked views, as a download.
    client.force_login(world.users["entrepreneur_a"])
    api = client.get(reverse("api:jobdescription-file", args=[world.ids["company"], job.pk]))
    assert api.status_code == 200
    assert api["Content-Type"] == "application/octet-stream"
    assert api["Content-Disposition"].startswith("attachment")
