"""Every range of the specs is also a database CheckConstraint: writing a bad value
straight to the database (past forms and services) fails."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from matching.models import MatchingRun
from tests.factories import (
    CompanyFactory,
    JobDescriptionFactory,
    OrganisationFactory,
    SiteFactory,
    TaskFactory,
    TaskPackageFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def _refused(factory, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)


def _accepted(factory, **fields):
    with transaction.atomic():
        return factory(**fields)


@pytest.mark.parametrize(
    "field, bad, good",
    [
        ("hours_per_week", Decimal("0"), Decimal("0.5")),
        ("hours_per_week", Decimal("40.5"), Decimal("40")),
        ("level", 0, 1),
        ("level", 6, 5),
        ("time_pressure", 4, 3),
        ("physical_load", 0, 1),
        ("category", "juggling", "packaging"),
        ("mode", "remote", "inhouse"),
        ("frequency", "hourly", "daily"),
        ("status", "lost", "submitted"),
    ],
)
def test_task_ranges(field, bad, good):
    _refused(TaskFactory, **{field: bad})
    _accepted(TaskFactory, **{field: good})


@pytest.mark.parametrize(
    "field, bad, good",
    [
        ("capacity_hours", Decimal("-1"), Decimal("0")),
        ("max_level", 6, 5),
        ("max_level", 0, 1),
        ("max_time_pressure", 4, 3),
        ("max_physical_load", 0, 1),
        ("supervision_ratio", Decimal("-0.1"), Decimal("0")),
        ("supervision_ratio", Decimal("1.5"), Decimal("1")),
        ("headcount", 0, 1),
    ],
)
def test_team_ranges(field, bad, good):
    _refused(TeamFactory, **{field: bad})
    _accepted(TeamFactory, **{field: good})


@pytest.mark.parametrize(
    "field, bad, good",
    [
        ("radius_km", Decimal("0"), Decimal("0.1")),
        ("radius_km", Decimal("501"), Decimal("500")),
        ("supervision_hours", Decimal("-1"), Decimal("0")),
        ("type", "charity", "lde"),
        ("latitude", 91.0, 51.0),
        ("province", "atlantis", "limburg"),
        ("postal_code", "90", "3500"),
    ],
)
def test_organisation_ranges(field, bad, good):
    _refused(OrganisationFactory, **{field: bad})
    _accepted(OrganisationFactory, **{field: good})


def test_company_enterprise_number_shape_and_uniqueness():
    _refused(CompanyFactory, enterprise_number="123456789")
    CompanyFactory(enterprise_number="0403.170.701")
    _refused(CompanyFactory, enterprise_number="0403.170.701")


def test_site_coordinates_and_province():
    _refused(SiteFactory, longitude=200.0)
    _refused(SiteFactory, province="")
    _accepted(SiteFactory, province="antwerpen")


def test_job_description_hours_and_status():
    _refused(JobDescriptionFactory, hours_per_week=Decimal("61"))
    _refused(JobDescriptionFactory, status="published")
    _accepted(JobDescriptionFactory, hours_per_week=None, status="decomposed")


def test_package_status_and_hours():
    _refused(TaskPackageFactory, status="maybe")
    _refused(TaskPackageFactory, hours_per_week=Decimal("-1"))
    _accepted(TaskPackageFactory, status="offered")


def test_matching_run_progress_status_and_province_scope():
    _refused(MatchingRun.objects.create, progress=1.5)
    _refused(MatchingRun.objects.create, status="paused")
    _refused(MatchingRun.objects.create, scope="province", scope_province="")
    _accepted(MatchingRun.objects.create, scope="province", scope_province="limburg")


def test_forms_validate_the_same_ranges_before_the_database():
    from organisations.forms import TeamForm

    form = TeamForm(
        data={
            "name": "A",
            "capacity_hours": "-3",
            "max_level": "7",
            "max_time_pressure": "2",
            "max_physical_load": "2",
            "supervision_ratio": "2",
            "headcount": "0",
        }
    )
    assert not form.is_valid()
    assert set(form.errors) == {"capacity_hours", "max_level", "supervision_ratio", "headcount"}
