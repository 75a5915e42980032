"""The access matrix: for every API endpoint and every page with an id in its URL, each role
gets exactly what it should.

The routes are read from the URL configuration, so a new endpoint or page without a rule
in RULES fails `test_every_route_has_a_rule` (and its own matrix case) until someone
decides who may use it. Roles: anonymous, the owner of company A (whose objects the ids
point at), the owner of company B, a member of the organisation the package is offered
to, and a Hefboom coach.

Codes: 401 is the API's "log in first" (with `WWW-Authenticate: Token`); a page sends an
anonymous visitor to the log-in page (LOGIN). 403: known, but this role may not. 404:
another tenant's id, which reveals nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from tests.security.access_world import ROLES, World, world_build

LOGIN = 302  # a page redirects anonymous visitors to the log-in page
DONE = 302  # a page's POST does its work and redirects

# Routes that take no object id of ours: allauth's e-mail keys and password-reset tokens
# (tested by allauth), the admin (staff only: see test_admin_object_pages_are_staff_only),
# i18n, static files.
OUT_OF_SCOPE = re.compile(r"^(accounts/|admin/|i18n/|static/|media/)")


@dataclass(frozen=True)
class Rule:
    kwargs: dict[str, str]  # URL parameter → key of World.ids
    expect: dict[str, int]  # role → status
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)


def _codes(anon: int, a: int, b: int, org: int, coach: int) -> dict[str, int]:
    return dict(zip(ROLES, (anon, a, b, org, coach), strict=True))


# Shorthands for the common shapes.
API_COMPANY_A = _codes(401, 200, 404, 404, 404)
API_ORGANISATION = _codes(401, 404, 404, 200, 404)
API_COACH = _codes(401, 403, 403, 403, 200)
API_ANY_USER = _codes(401, 200, 200, 200, 200)
PAGE_COMPANY_A = _codes(LOGIN, 200, 404, 404, 404)
PAGE_ORGANISATION = _codes(LOGIN, 404, 404, 200, 404)

PAGE_DEAL_PARTIES = _codes(LOGIN, 200, 404, 200, 200)

C = {"company_pk": "company"}
D = {"pk": "deal_package"}
CJ = {"company_pk": "company", "pk": "job"}

RULES: dict[str, Rule] = {
    # --- API ---------------------------------------------------------------------------
    "api:me": Rule({}, API_ANY_USER),
    "api:schema": Rule({}, _codes(200, 200, 200, 200, 200)),
    "api:docs": Rule({}, _codes(200, 200, 200, 200, 200)),
    "api:company-list": Rule({}, API_ANY_USER),
    "api:company-detail": Rule({"pk": "company"}, API_COMPANY_A),
    "api:site-list": Rule(C, API_COMPANY_A),
    "api:site-detail": Rule({"company_pk": "company", "pk": "site"}, API_COMPANY_A),
    "api:jobdescription-list": Rule(C, API_COMPANY_A),
    "api:jobdescription-detail": Rule(CJ, API_COMPANY_A),
    "api:jobdescription-decomposition": Rule(CJ, API_COMPANY_A),
    "api:jobdescription-file": Rule(CJ, API_COMPANY_A),
    "api:jobdescription-submit": Rule(CJ, API_COMPANY_A, method="post"),
    "api:task-list": Rule(C, API_COMPANY_A),
    "api:task-detail": Rule({"company_pk": "company", "pk": "task"}, API_COMPANY_A),
    "api:organisation-list": Rule({}, API_ANY_USER),
    "api:organisation-detail": Rule({"pk": "organisation"}, API_ORGANISATION),
    "api:team-list": Rule({"organisation_pk": "organisation"}, API_ORGANISATION),
    "api:team-detail": Rule({"organisation_pk": "organisation", "pk": "team"}, API_ORGANISATION),
    "api:package-list": Rule({}, API_ANY_USER),
    # The offered package: company A's, offered to the organisation; coaches see all.
    "api:package-detail": Rule({"pk": "package"}, _codes(401, 200, 404, 200, 200)),
    "api:package-accept": Rule({"pk": "package"}, _codes(401, 403, 404, 200, 403), "post"),
    "api:package-decline": Rule(
        {"pk": "package"}, _codes(401, 403, 404, 200, 403), "post", {"reason": "Too heavy."}
    ),
    # Not published: the organisation it is offered to answers instead (409 says so).
    "api:package-interest": Rule({"pk": "package"}, _codes(401, 403, 404, 409, 403), "post"),
    "api:matchingrun-list": Rule({}, API_COACH),
    "api:matchingrun-detail": Rule({"pk": "run"}, API_COACH),
    "api:matchingrun-export-instance": Rule({"pk": "run"}, API_COACH),
    "api:matchingrun-export-proposals": Rule({"pk": "run"}, API_COACH),
    "api:proposal-list": Rule({}, API_COACH),
    "api:proposal-detail": Rule({"pk": "proposal"}, API_COACH),
    "api:proposal-approve": Rule({"pk": "proposal"}, API_COACH, "post"),
    "api:proposal-reject": Rule({"pk": "proposal"}, API_COACH, "post", {"reason": "Booked."}),
    # --- pages with an id ----------------------------------------------------------------
    "token_revoke": Rule({"pk": "token"}, _codes(LOGIN, DONE, 404, 404, 404), "post"),
    "companies:detail": Rule({"pk": "company"}, PAGE_COMPANY_A),
    "companies:site_create": Rule({"pk": "company"}, PAGE_COMPANY_A),
    "companies:members": Rule({"pk": "company"}, PAGE_COMPANY_A),
    "tasks:dashboard": Rule(C, PAGE_COMPANY_A),
    "tasks:job_create": Rule(C, PAGE_COMPANY_A),
    "tasks:job_detail": Rule(CJ, PAGE_COMPANY_A),
    "tasks:job_edit": Rule(CJ, PAGE_COMPANY_A),
    "tasks:job_tasks": Rule(CJ, PAGE_COMPANY_A),
    "tasks:job_submit": Rule(CJ, _codes(LOGIN, DONE, 404, 404, 404), "post"),
    "tasks:job_file": Rule(CJ, PAGE_COMPANY_A),
    "organisations:detail": Rule({"pk": "organisation"}, PAGE_ORGANISATION),
    "organisations:team_create": Rule({"pk": "organisation"}, PAGE_ORGANISATION),
    "organisations:members": Rule({"pk": "organisation"}, PAGE_ORGANISATION),
    "organisations:edit": Rule({"pk": "organisation"}, PAGE_ORGANISATION),
    "organisations:team_edit": Rule({"pk": "organisation", "team_pk": "team"}, PAGE_ORGANISATION),
    "organisations:capacity": Rule({"pk": "organisation"}, PAGE_ORGANISATION),
    "matching:our_packages": Rule({"pk": "organisation"}, PAGE_ORGANISATION),
    # The package pages are the organisations': a user in none gets 403.
    "matching:package": Rule({"pk": "package"}, _codes(LOGIN, 403, 403, 200, 403)),
    "matching:package_accept": Rule({"pk": "package"}, _codes(LOGIN, 404, 404, DONE, 404), "post"),
    "matching:package_decline": Rule(
        {"pk": "package"}, _codes(LOGIN, 404, 404, DONE, 404), "post", {"reason": "Too heavy."}
    ),
    "matching:package_interest": Rule(
        {"pk": "package"}, _codes(LOGIN, 403, 403, DONE, 403), "post"
    ),
    # The deal of an accepted package: its company, its organisation and coaches are the
    # parties (404 for anyone else); each side's own actions are 403 for the other side.
    "agreements:deal": Rule(D, PAGE_DEAL_PARTIES),
    "agreements:thread": Rule(D, PAGE_DEAL_PARTIES),
    "agreements:hours": Rule(D, PAGE_DEAL_PARTIES),
    "agreements:package_sheet_pdf": Rule(D, PAGE_DEAL_PARTIES),
    # No agreement signed yet in the world: a 404 for every party, a 404 for the rest.
    "agreements:agreement_pdf": Rule(D, _codes(LOGIN, 404, 404, 404, 404)),
    # An empty quote form is shown again with its errors (200) to the organisation.
    "agreements:quote_send": Rule(D, _codes(LOGIN, 403, 404, 200, 403), "post"),
    "agreements:hours_record": Rule(D, _codes(LOGIN, 403, 404, DONE, 403), "post"),
    # The company's answers: no open quote or entry yet, so it is sent back with a message.
    "agreements:quote_accept": Rule(D, _codes(LOGIN, DONE, 404, 403, 403), "post"),
    "agreements:quote_change": Rule(D, _codes(LOGIN, DONE, 404, 403, 403), "post"),
    "agreements:hours_confirm": Rule(D, _codes(LOGIN, DONE, 404, 403, 403), "post"),
    "agreements:rates": Rule({"pk": "organisation"}, PAGE_ORGANISATION),
}


# Writes on routes whose GET is in RULES: the other methods each role may (not) use. A 400
# for the allowed role means: allowed, and the empty or partial input named its fields.
WRITE_RULES: list[tuple[str, Rule]] = [
    ("api:company-list", Rule({}, _codes(401, 400, 400, 400, 400), "post")),
    ("api:site-list", Rule(C, _codes(401, 400, 404, 404, 404), "post")),
    ("api:jobdescription-list", Rule(C, _codes(401, 400, 404, 404, 404), "post")),
    ("api:jobdescription-detail", Rule(CJ, _codes(401, 400, 404, 404, 404), "put")),
    ("api:task-list", Rule(C, _codes(401, 400, 404, 404, 404), "post")),
    ("api:task-detail", Rule({"company_pk": "company", "pk": "task"}, API_COMPANY_A, "patch")),
    (
        "api:task-detail",
        Rule({"company_pk": "company", "pk": "task"}, _codes(401, 204, 404, 404, 404), "delete"),
    ),
    ("api:organisation-list", Rule({}, _codes(401, 400, 400, 400, 400), "post")),
    (
        "api:organisation-detail",
        Rule({"pk": "organisation"}, _codes(401, 404, 404, 400, 404), "put"),
    ),
    (
        "api:team-list",
        Rule({"organisation_pk": "organisation"}, _codes(401, 404, 404, 400, 404), "post"),
    ),
    (
        "api:team-detail",
        Rule(
            {"organisation_pk": "organisation", "pk": "team"},
            _codes(401, 404, 404, 400, 404),
            "put",
        ),
    ),
    ("api:matchingrun-list", Rule({}, _codes(401, 403, 403, 403, 400), "post", {"scope": "x"})),
]


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), full)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
            yield prefix + str(pattern.pattern), name or f"<unnamed {prefix}{pattern.pattern}>"


def _has_parameter(route: str) -> bool:
    return "<" in route or "(?P<" in route


def routes_in_scope() -> list[str]:
    """Every API route, and every page whose URL carries a parameter (an id)."""
    names: set[str] = set()
    for route, name in _walk(get_resolver().url_patterns):
        if OUT_OF_SCOPE.match(route.lstrip("^")):
            continue
        if route.startswith("api/") or _has_parameter(route):
            names.add(name)
    return sorted(names)


def test_every_route_has_a_rule():
    missing = [name for name in routes_in_scope() if name not in RULES]
    assert not missing, f"routes without an access rule (add them to RULES): {missing}"
    stale = [name for name in RULES if name not in routes_in_scope()]
    assert not stale, f"rules for routes that no longer exist: {stale}"


@pytest.fixture
def world(db, settings) -> World:
    # The matrix logs users in by session; a fast hasher keeps hundreds of worlds cheap.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return world_build()


def _client(world: World, role: str) -> APIClient:
    client = APIClient()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def _call(world: World, name: str, role: str, rule: Rule | None = None) -> Any:
    rule = rule or RULES[name]
    url = reverse(name, kwargs={param: world.ids[key] for param, key in rule.kwargs.items()})
    client = _client(world, role)
    if rule.method == "get":
        return client.get(url)
    send = getattr(client, rule.method)
    if name.startswith("api:"):
        return send(url, rule.data, format="json")
    return send(url, rule.data, format="multipart")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", routes_in_scope())
def test_access(world, name, role):
    if name not in RULES:
        pytest.fail(f"{name} has no access rule: decide who may use it and add it to RULES")
    response = _call(world, name, role)
    expected = RULES[name].expect[role]
    assert response.status_code == expected, (
        f"{role} on {name}: {response.status_code}, expected {expected}"
    )
    if expected == LOGIN and role == "anonymous":
        assert "/accounts/login/" in response["Location"]
    if expected == 401:
        assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, rule", WRITE_RULES, ids=[f"{n}-{r.method}" for n, r in WRITE_RULES])
def test_write_access(world, name, rule, role):
    response = _call(world, name, role, rule)
    expected = rule.expect[role]
    assert response.status_code == expected, (
        f"{role} {rule.method} {name}: {response.status_code}, expected {expected}"
    )


def test_a_token_reaches_exactly_what_the_session_does(world):
    """Token and session authentication give the same answers (a sample of each shape)."""
    from core.services import api_token_create

    samples = ["api:company-detail", "api:organisation-detail", "api:proposal-list"]
    for role in ("entrepreneur_a", "entrepreneur_b", "organisation", "coach"):
        key = api_token_create(user=world.users[role], name="matrix").key
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        for name in samples:
            rule = RULES[name]
            url = reverse(name, kwargs={p: world.ids[k] for p, k in rule.kwargs.items()})
            assert api.get(url).status_code == rule.expect[role], (role, name)


def _admin_object_routes() -> list[str]:
    return sorted(
        route
        for route, _name in _walk(get_resolver().url_patterns)
        if route.startswith("admin/") and "<path:object_id>" in route
    )


@pytest.mark.parametrize("role", ["entrepreneur_a", "organisation"])
def test_admin_object_pages_are_staff_only(world, role):
    """Every admin page with an object id sends a non-staff user to the admin log-in."""
    client = _client(world, role)
    for route in _admin_object_routes():
        url = "/" + route.replace("<path:object_id>", "1")
        response = client.get(url)
        assert response.status_code == 302, (route, response.status_code)
        assert "/admin/login/" in response["Location"], route
