"""The page cache: a page or API list is served from the cache while nothing changed, and
never after a write it could show, whichever way the write was made."""

from __future__ import annotations

import os
import uuid
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.db import transaction
from django.test import Client
from django.urls import reverse

from companies.models import Company
from core import pagecache
from core.services import api_token_create, api_token_revoke
from organisations.models import Team
from tests.factories import OrganisationMembershipFactory, TeamFactory
from tests.matching.test_package_browser import make_package

URL = reverse("matching:packages")
HIT = pagecache.HIT_HEADER
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
# Real commits: the cache moves on when a transaction commits, not inside a test's rollback.
committed_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(params=["locmem", "redis"])
def page_cache_on(request, settings):
    """The page cache switched on, on a cache of its own (the real Redis where .ci/run
    provides one)."""
    if request.param == "redis":
        if not REDIS_URL:
            pytest.skip("needs TEST_REDIS_URL (a real Redis); .ci/run sets it")
        backend = {"BACKEND": "core.cache.ForgivingRedisCache",
                   "LOCATION": REDIS_URL, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}  # fmt: skip
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                   "LOCATION": f"test-{uuid.uuid4().hex}"}  # fmt: skip
    settings.CACHES = {"default": backend}
    settings.PAGE_CACHE_SECONDS = 60
    yield request.param
    if request.param == "redis":  # only this test's keys: the Redis database is shared
        client = cache._cache.get_client(write=True)
        for key in client.scan_iter(f"{backend['KEY_PREFIX']}:*"):
            client.delete(key)
    else:
        cache.clear()


@pytest.fixture
def member():
    membership = OrganisationMembershipFactory()
    membership.organisation.categories.set(["packaging"])
    return membership


@pytest.fixture
def team(member):
    return TeamFactory(organisation=member.organisation, name="Inpak", max_level=3)


def test_written_table_reads_the_target_of_each_write():
    assert pagecache.written_table('INSERT INTO "tasks_task" ("title") VALUES (%s)') == "tasks_task"
    assert pagecache.written_table('UPDATE "organisations_team" SET "x" = 1') == (
        "organisations_team"
    )
    assert pagecache.written_table('DELETE FROM "django_session" WHERE 1') == "django_session"
    assert pagecache.written_table('SELECT * FROM "tasks_task"') is None
    assert pagecache.written_table("SAVEPOINT s1") is None


@pytest.mark.django_db
def test_page_cache_is_off_by_default(client, member, team):
    make_package(team, tasks=({"category": "packaging", "level": 2},))
    client.force_login(member.user)
    client.get(URL)
    assert HIT not in client.get(URL).headers


@committed_db
def test_second_view_is_served_from_the_cache_until_a_write_commits(
    client, page_cache_on, member, team
):
    package = make_package(team, tasks=({"category": "packaging", "level": 2},))
    client.force_login(member.user)
    first = client.get(URL)
    assert HIT not in first.headers
    second = client.get(URL)
    assert second.headers[HIT] == "hit"
    assert second.content == first.content
    assert second.headers["Cache-Control"] == "private"

    # A bulk update (no model signal at all) still moves the generation on.
    Team.objects.filter(pk=team.pk).update(capacity_hours=Decimal("1"))
    third = client.get(URL)
    assert HIT not in third.headers
    assert client.get(URL).headers[HIT] == "hit"

    Company.objects.filter(pk=package.company_id).update(name="Paletten Peeters")
    assert b"Paletten Peeters" in client.get(URL).content


@committed_db
def test_a_write_that_rolls_back_keeps_the_cache(client, page_cache_on, member, team):
    make_package(team, tasks=({"category": "packaging", "level": 2},))
    client.force_login(member.user)
    client.get(URL)
    before = pagecache.generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        Team.objects.filter(pk=team.pk).update(capacity_hours=Decimal("1"))
        raise RuntimeError("refused")
    assert pagecache.generation() == before
    assert client.get(URL).headers[HIT] == "hit"


@committed_db
def test_writes_in_one_transaction_move_the_generation_once_at_commit(page_cache_on, team):
    before = pagecache.generation()
    with transaction.atomic():
        Team.objects.filter(pk=team.pk).update(capacity_hours=Decimal("5"))
        Team.objects.filter(pk=team.pk).update(capacity_hours=Decimal("6"))
        assert pagecache.generation() == before  # not before the commit
    after = pagecache.generation()
    assert after != before
    with transaction.atomic():
        Team.objects.filter(pk=team.pk).update(capacity_hours=Decimal("7"))
    assert pagecache.generation() not in (before, after)


@committed_db
def test_session_and_login_bookkeeping_do_not_empty_the_cache(client, page_cache_on, member):
    client.force_login(member.user)  # writes the session row
    before = pagecache.generation()
    session = client.session
    session["seen"] = True
    session.save()
    assert pagecache.generation() == before


@committed_db
def test_each_session_user_and_language_has_its_own_copy(page_cache_on, member, team):
    make_package(team, tasks=({"category": "packaging", "level": 2},))
    other = OrganisationMembershipFactory(organisation=member.organisation)
    # Every log-in first (a log-in writes last_login, which empties the cache by itself).
    first, second, third = Client(), Client(), Client()
    first.force_login(member.user)
    second.force_login(member.user)  # the same user in another browser
    third.force_login(other.user)
    first.get(URL)
    assert first.get(URL).headers[HIT] == "hit"
    assert HIT not in second.get(URL).headers
    assert HIT not in third.get(URL).headers
    assert first.get(URL).headers[HIT] == "hit"  # nothing was written meanwhile

    first.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = first.get(URL)
    assert HIT not in english.headers
    assert b'<html lang="en">' in english.content


@committed_db
def test_a_page_with_messages_waiting_is_rendered_and_not_kept(client, page_cache_on, member, team):
    make_package(team, tasks=({"category": "packaging", "level": 2},))
    client.force_login(member.user)
    client.get(URL)
    # Where a redirect after a POST leaves its message: in the messages cookie.
    storage = CookieStorage(None)
    client.cookies[storage.cookie_name] = storage._encode(
        [Message(constants.SUCCESS, "Het pakket is aanvaard.")]
    )
    with_message = client.get(URL)
    assert HIT not in with_message.headers
    assert [m.message for m in get_messages(with_message.wsgi_request)] == [
        "Het pakket is aanvaard."
    ]
    assert "Het pakket is aanvaard." not in client.get(URL).content.decode()


@committed_db
def test_api_lists_are_cached_per_user_and_a_revoked_token_is_still_refused(
    client, page_cache_on, member, team
):
    make_package(team, tasks=({"category": "packaging", "level": 2},))
    made = api_token_create(user=member.user, name="script")
    colleague = api_token_create(
        user=OrganisationMembershipFactory(organisation=member.organisation).user, name="other"
    )
    headers = {"authorization": f"Token {made.key}"}
    theirs_headers = {"authorization": f"Token {colleague.key}"}
    # A token's first use is noted in the database (at most once a minute), a write.
    client.get("/api/organisations/", headers=headers)
    client.get("/api/organisations/", headers=theirs_headers)
    first = client.get("/api/packages/", headers=headers)
    assert first.status_code == 200 and HIT not in first.headers
    second = client.get("/api/packages/", headers=headers)
    assert second.headers[HIT] == "hit"
    assert second.json() == first.json()
    theirs = client.get("/api/packages/", headers=theirs_headers)
    assert theirs.status_code == 200 and HIT not in theirs.headers
    assert client.get("/api/packages/", headers=headers).headers[HIT] == "hit"

    api_token_revoke(user=member.user, token_id=made.token.pk)
    assert client.get("/api/packages/", headers=headers).status_code == 401


@committed_db
def test_pages_sessions_and_writes_go_on_while_the_cache_is_unreachable(
    client, unreachable_cache, member, team
):
    """Redis down: every read is a miss, no error page."""
    unreachable_cache()
    make_package(team, tasks=({"category": "packaging", "level": 2},))
    client.force_login(member.user)
    for _ in range(2):
        response = client.get(URL)
        assert response.status_code == 200 and HIT not in response.headers
    Team.objects.filter(pk=team.pk).update(capacity_hours=Decimal("3"))  # the bump is dropped
    made = api_token_create(user=member.user, name="script")
    api = client.get("/api/packages/", headers={"authorization": f"Token {made.key}"})
    assert api.status_code == 200


@committed_db
def test_api_lists_are_kept_per_host_for_their_absolute_paging_links(
    client, settings, monkeypatch, page_cache_on, member, team
):
    from rest_framework.pagination import PageNumberPagination

    settings.ALLOWED_HOSTS = ["werk.example.be", "intern.example.be"]
    monkeypatch.setattr(PageNumberPagination, "page_size", 1)
    for _ in range(2):
        make_package(team, tasks=({"category": "packaging", "level": 2},))
    made = api_token_create(user=member.user, name="script")
    headers = {"authorization": f"Token {made.key}"}
    public = client.get("/api/packages/", headers=headers, HTTP_HOST="werk.example.be")
    assert public.json()["next"].startswith("http://werk.example.be/")
    internal = client.get("/api/packages/", headers=headers, HTTP_HOST="intern.example.be")
    assert HIT not in internal.headers
    assert internal.json()["next"].startswith("http://intern.example.be/")


@committed_db
def test_a_bump_the_cache_refused_is_paid_before_any_page_is_served_again(
    client, page_cache_on, monkeypatch, member, team
):
    """A write commits while the cache fails: no page kept before it is served afterwards."""
    package = make_package(team, tasks=({"category": "packaging", "level": 2},))
    client.force_login(member.user)
    client.get(URL)
    assert client.get(URL).headers[HIT] == "hit"

    backend = caches["default"]
    real_set = backend.set
    failing = {"left": 1}

    def set_that_fails_once(key, *args, **kwargs):
        if key == pagecache.GENERATION_KEY and failing["left"]:
            failing["left"] -= 1
            raise RuntimeError("the cache refused the write")
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(backend, "set", set_that_fails_once)
    Company.objects.filter(pk=package.company_id).update(name="Nieuwe Naam")
    assert pagecache._bump_owed

    response = client.get(URL)
    assert HIT not in response.headers
    assert b"Nieuwe Naam" in response.content
    assert not pagecache._bump_owed


@committed_db
def test_a_cached_api_list_is_refused_once_the_membership_is_gone(client, page_cache_on):
    from companies.models import CompanyMembership
    from tests.factories import CompanyMembershipFactory, JobDescriptionFactory, TaskFactory

    membership = CompanyMembershipFactory()
    TaskFactory(job_description=JobDescriptionFactory(company=membership.company))
    url = f"/api/companies/{membership.company_id}/tasks/"
    client.force_login(membership.user)
    assert client.get(url).status_code == 200
    assert client.get(url).headers[HIT] == "hit"  # served before the scoping check…
    CompanyMembership.objects.filter(pk=membership.pk).delete()
    assert client.get(url).status_code in (403, 404)  # …but never after a change to it


@pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL (a real Redis); .ci/run sets it")
@committed_db
def test_sessions_stay_in_the_cache_five_minutes_at_most(client, settings, member):
    settings.CACHES = {"default": {"BACKEND": "core.cache.ForgivingRedisCache",
                                   "LOCATION": REDIS_URL,
                                   "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}  # fmt: skip
    settings.SESSION_ENGINE = "core.sessions"
    client.force_login(member.user)
    assert client.get(URL).status_code == 200
    key = client.session.cache_key
    ttl = cache._cache.get_client().ttl(cache.make_key(key))
    assert 0 < ttl <= 300
    cache.delete(key)
