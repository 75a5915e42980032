"""The OpenAPI 3 schema at /api/schema/ describes every endpoint with examples, and the
browsable docs at /api/docs/ come from vendored assets."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")
# A file download (opaque bytes) and a 204 carry no JSON to show an example of.
NO_BODY = {
    ("get", "/api/companies/{company_pk}/job-descriptions/{id}/file/"),
    ("delete", "/api/companies/{company_pk}/tasks/{id}/"),
}


@pytest.fixture
def schema() -> dict:
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def _has_example(operation: dict) -> bool:
    contents = list((operation.get("requestBody") or {}).get("content", {}).values())
    for answer in operation.get("responses", {}).values():
        contents += list((answer.get("content") or {}).values())
    return any(content.get("examples") for content in contents)


def test_schema_is_openapi_3_with_token_auth(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"


def test_every_operation_has_a_summary_and_examples(schema):
    missing = [
        (method, path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in METHODS
        and (method, path) not in NO_BODY
        and not (_has_example(operation) and operation.get("summary"))
    ]
    assert not missing, missing


def test_every_api_route_is_in_the_schema(schema):
    from tests.security.test_access_matrix import routes_in_scope

    api_routes = [n for n in routes_in_scope() if n.startswith("api:")]
    # Each router route appears as a path; the schema and docs describe themselves not.
    assert len(schema["paths"]) == len(api_routes) - 2


def test_docs_use_vendored_assets():
    body = APIClient().get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in body
    assert "//cdn" not in body and "unpkg" not in body and "jsdelivr" not in body
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
