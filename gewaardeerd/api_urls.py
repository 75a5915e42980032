"""Routes under /api/: one router, nested tenants spelled out in the prefix."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from companies.api import CompanyViewSet, SiteViewSet
from core.views import MeView
from matching.api import MatchingRunViewSet, PackageViewSet, ProposalViewSet
from organisations.api import OrganisationViewSet, TeamViewSet
from tasks.api import JobDescriptionViewSet, TaskViewSet

# Ids are at most 18 digits: a longer number cannot be a row (bigint) and is a 404 here,
# before any query (found by the fuzzer: SQLite and PostgreSQL refuse such integers).
router = SimpleRouter()
router.register("companies", CompanyViewSet, basename="company")
router.register(r"companies/(?P<company_pk>[0-9]{1,18})/sites", SiteViewSet, basename="site")
router.register(
    r"companies/(?P<company_pk>[0-9]{1,18})/job-descriptions",
    JobDescriptionViewSet,
    basename="jobdescription",
)
router.register(r"companies/(?P<company_pk>[0-9]{1,18})/tasks", TaskViewSet, basename="task")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register(
    r"organisations/(?P<organisation_pk>[0-9]{1,18})/teams", TeamViewSet, basename="team"
)
router.register("packages", PackageViewSet, basename="package")
router.register("matching-runs", MatchingRunViewSet, basename="matchingrun")
router.register("proposals", ProposalViewSet, basename="proposal")

app_name = "api"
urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    # The schema and its docs are public: they describe the API, not anyone's data.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path(
        "docs/",
        # The split view serves its start-up script as a file: no inline script for the CSP.
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema",
            permission_classes=[AllowAny],
            template_name="core/swagger_ui.html",
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
