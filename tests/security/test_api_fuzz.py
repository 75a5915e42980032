"""Fuzzing: schemathesis generates requests for every operation of the OpenAPI schema at
/api/schema/ and calls the WSGI app in-process. No answer may be a 5xx, and every answer
must conform to the schema (body, content type).

The number of examples per operation is bounded (SCHEMATHESIS_MAX_EXAMPLES, default 20;
`.ci/run` runs this file as its own step and then sets it to 0 so `make test` does not
fuzz twice). The caller is a user who wears every hat — owner of a company, administrator
of an organisation, coach — so the generated calls reach past the permission checks; the
tenant ids in the paths are often pointed at that user's own company and organisation,
so that ids of existing rows are fuzzed too, not only 404s.
"""

from __future__ import annotations

import os
import random

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from core.roles import COACH_GROUP
from core.services import api_token_create
from gewaardeerd.wsgi import application
from tests.security.access_world import world_build

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "20"))

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(MAX_EXAMPLES <= 0, reason="fuzzed in its own step of .ci/run"),
]


@pytest.fixture
def fuzz_world(settings_fast):
    world = world_build()
    user = world.users["entrepreneur_a"]
    # One caller with every role, so the fuzzer gets past the permission checks.
    from organisations.models import OrganisationMembership

    OrganisationMembership.objects.create(
        user=user, organisation_id=world.ids["organisation"], role="admin"
    )
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=COACH_GROUP))
    key = api_token_create(user=user, name="fuzz").key
    # The WSGI handler closes the database connection after each request; in a test that
    # would close the test's transaction (PostgreSQL). Django's test client does the same.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield world, key
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def settings_fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A run started by the fuzzer must not solve anything in the test process.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return settings


# Loaded at collection: the schema view reads no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

# Path parameters that name a tenant: pointed at the caller's own rows half of the time.
TENANT_PARAMETERS = {"company_pk": "company", "organisation_pk": "organisation"}
OWN_IDS = ("site", "job", "task", "team", "package", "proposed_package", "run", "proposal")


@schema.parametrize()
@settings(
    max_examples=max(MAX_EXAMPLES, 1),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_fuzz(case, fuzz_world, django_capture_on_commit_callbacks):
    world, key = fuzz_world
    chooser = random.Random(repr(case.path_parameters))
    params = case.path_parameters or {}
    for name, world_key in TENANT_PARAMETERS.items():
        if name in params and chooser.random() < 0.5:
            params[name] = world.ids[world_key]
    if "id" in params and chooser.random() < 0.5:
        params["id"] = world.ids[chooser.choice(OWN_IDS)]
    # on_commit callbacks (mails, run start) are captured, not run: no solver in the loop.
    with django_capture_on_commit_callbacks(execute=False):
        case.call_and_validate(
            headers={"Authorization": f"Token {key}"},
            checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
        )
