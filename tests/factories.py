"""factory_boy factories for the domain; every object they make is valid."""

from __future__ import annotations

from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from companies.models import Company, CompanyMembership, JobDescription, Site
from core.kbo import kbo_make
from organisations.models import Organisation, OrganisationMembership, Team
from tasks.models import Task, TaskPackage

PASSWORD = "een-goed-wachtwoord-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Bedrijf {n}")
    enterprise_number = factory.Sequence(lambda n: kbo_make(4_000_000 + n))
    sector = "logistics"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    company = factory.SubFactory(CompanyFactory)
    name = "Hoofdzetel"
    postal_code = "9000"
    municipality = "Gent"
    province = "oost-vlaanderen"
    latitude = 51.0397
    longitude = 3.7141


class CompanyMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyMembership

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    role = CompanyMembership.Role.OWNER


class JobDescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobDescription

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Magazijnmedewerker {n}")
    text = "Je pickt orders en pakt pakketten in."


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Maatwerkbedrijf {n}")
    type = Organisation.Type.MAATWERKBEDRIJF
    enterprise_number = factory.Sequence(lambda n: kbo_make(8_000_000 + n))
    postal_code = "9000"
    municipality = "Gent"
    province = "oost-vlaanderen"
    latitude = 51.03
    longitude = 3.70
    radius_km = Decimal("25")
    onsite = True
    inhouse = True
    supervision_hours = Decimal("20")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    capacity_hours = Decimal("80")
    max_level = 2
    max_time_pressure = 2
    max_physical_load = 3
    supervision_ratio = Decimal("0.125")
    headcount = 8


class OrganisationMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMembership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = OrganisationMembership.Role.ADMIN


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    job_description = factory.SubFactory(JobDescriptionFactory)
    site = factory.SubFactory(
        SiteFactory, company=factory.SelfAttribute("..job_description.company")
    )
    title = factory.Sequence(lambda n: f"Orders picken {n}")
    hours_per_week = Decimal("6")
    level = 2
    time_pressure = 1
    physical_load = 2
    category = "logistics"
    mode = "either"


class TaskPackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskPackage

    company = factory.SubFactory(CompanyFactory)
    team = factory.SubFactory(TeamFactory)
    organisation = factory.SelfAttribute("team.organisation")
