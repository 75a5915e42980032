"""A believable Flemish demo: companies with sites and job descriptions cut into tasks,
social-economy organisations with teams, and three log-ins (coach, entrepreneur,
organisation member).

Everything is keyed on stable natural keys (enterprise numbers, e-mail addresses, titles),
so running it twice changes nothing: the second run finds what the first one made.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from companies.models import Company, CompanyMembership, JobDescription, Site
from core.geo import postal_code_lookup
from core.kbo import kbo_make
from core.models import ActivityCategory
from core.roles import COACH_GROUP, roles_sync
from organisations.models import Organisation, OrganisationMembership, Team
from tasks.models import Task

COACH_EMAIL = "coach@example.com"
ENTREPRENEUR_EMAIL = "ondernemer@example.com"
ORGANISATION_EMAIL = "organisatie@example.com"

# (postal code, municipality) of Flemish towns; coordinates come from the postal code.
TOWNS = [
    ("9000", "Gent"), ("2000", "Antwerpen"), ("8500", "Kortrijk"), ("3500", "Hasselt"),
    ("3000", "Leuven"), ("8000", "Brugge"), ("2800", "Mechelen"), ("9300", "Aalst"),
    ("2300", "Turnhout"), ("8800", "Roeselare"), ("3600", "Genk"), ("9100", "Sint-Niklaas"),
    ("1800", "Vilvoorde"), ("2500", "Lier"), ("9200", "Dendermonde"), ("8400", "Oostende"),
    ("3300", "Tienen"), ("2440", "Geel"), ("8900", "Ieper"), ("9700", "Oudenaarde"),
]  # fmt: skip


@dataclass(frozen=True)
class TaskSpec:
    title: str
    category: str
    level: int
    hours: float
    time_pressure: int = 1
    physical_load: int = 1
    mode: str = "either"
    outsourceable: bool = True


@dataclass(frozen=True)
class JobSpec:
    title: str
    intro: str
    tasks: tuple[TaskSpec, ...]


@dataclass(frozen=True)
class CompanySpec:
    name: str
    sector: str
    jobs: tuple[JobSpec, ...] = field(default_factory=tuple)


T = TaskSpec
JOBS = {
    "logistics": (
        JobSpec(
            "Magazijnmedewerker",
            "Voor ons magazijn zoeken we een magazijnmedewerker (38 uur per week).",
            (
                T("Orders picken met de scanner", "logistics", 2, 12, 2, 2),
                T("Retourzendingen controleren en terugplaatsen", "logistics", 2, 6, 1, 2),
                T("Pakketten inpakken en labelen voor verzending", "packaging", 1, 8, 2, 2),
                T("Rekken aanvullen", "logistics", 1, 4, 1, 2, "onsite"),
                T("Voorraad tellen en afwijkingen melden", "logistics", 3, 4, 1, 1, "onsite"),
                T(
                    "Transporten plannen met de vervoerders",
                    "logistics",
                    4,
                    4,
                    2,
                    1,
                    "onsite",
                    False,
                ),
            ),
        ),
        JobSpec(
            "Logistiek assistent",
            "Je ondersteunt het team logistiek bij de dagelijkse werking.",
            (
                T("Inkomende goederen sorteren", "logistics", 1, 6, 1, 2),
                T("Kartonnen dozen plooien en klaarzetten", "packaging", 1, 4, 1, 1),
                T("Verzendpapieren scannen en archiveren", "admin", 2, 3, 1, 1),
                T("Interne leveringen naar de afdelingen", "transport", 2, 5, 1, 2, "onsite"),
            ),
        ),
    ),
    "production": (
        JobSpec(
            "Productiemedewerker",
            "In onze productiehal maken we onderdelen voor de bouwsector.",
            (
                T("Kleine onderdelen assembleren", "assembly", 2, 10, 2, 1),
                T("Schroeven en bevestigingsmateriaal in zakjes verpakken", "packaging", 1, 8),
                T("Eindcontrole van afgewerkte stukken", "assembly", 3, 4, 2, 1),
                T("Machine-onderhoud en afstelling", "maintenance", 4, 4, 2, 2, "onsite", False),
                T("Productieafval sorteren", "recycling", 1, 3, 1, 2, "onsite"),
            ),
        ),
        JobSpec(
            "Operator verpakkingslijn",
            "Je zorgt dat onze producten mooi verpakt de deur uitgaan.",
            (
                T("Producten ompakken in displays", "packaging", 1, 10, 2, 1),
                T("Etiketten kleven op dozen", "packaging", 1, 6, 1, 1),
                T("Kabelbomen voormonteren", "assembly", 2, 6, 1, 1, "inhouse"),
                T("Paletten krimpfolie aanbrengen", "packaging", 2, 3, 1, 2, "onsite"),
            ),
        ),
    ),
    "cleaning": (
        JobSpec(
            "Onderhoudsmedewerker",
            "Voor onze kantoren zoeken we iemand die zorgt voor een nette werkplek.",
            (
                T("Kantoren schoonmaken volgens plan", "cleaning", 2, 10, 1, 2, "onsite"),
                T("Sanitair reinigen", "cleaning", 1, 5, 1, 2, "onsite"),
                T("Kleine herstellingen in het gebouw", "maintenance", 3, 3, 1, 2, "onsite"),
                T("Bedrijfswagens wassen", "cleaning", 1, 4, 1, 2, "either"),
            ),
        ),
    ),
    "catering": (
        JobSpec(
            "Keukenmedewerker",
            "Ons restaurant in het centrum zoekt versterking in de keuken.",
            (
                T("Groenten snijden en mise-en-place", "catering", 2, 10, 3, 2, "onsite"),
                T("Afwas en keuken opruimen", "catering", 1, 10, 2, 2, "onsite"),
                T("Broodjes smeren voor de lunch", "catering", 1, 6, 3, 1, "either"),
                T("Tafellinnen wassen en strijken", "laundry", 1, 5, 1, 2, "inhouse"),
                T(
                    "Menu opstellen en bestellingen plaatsen",
                    "catering",
                    4,
                    4,
                    2,
                    1,
                    "onsite",
                    False,
                ),
            ),
        ),
    ),
    "office": (
        JobSpec(
            "Administratief bediende",
            "Je ondersteunt ons team op kantoor in Gent.",
            (
                T("Inkomende post sorteren en verdelen", "admin", 2, 4, 1, 1, "onsite"),
                T("Facturen inscannen en archiveren", "admin", 2, 6, 1, 1),
                T("Gegevens invoeren in het klantenbestand", "digital", 2, 6, 1, 1),
                T("Mailings klaarmaken en versturen", "admin", 1, 4, 1, 1),
                T(
                    "Bezoekers ontvangen en telefoon beantwoorden",
                    "reception",
                    3,
                    8,
                    2,
                    1,
                    "onsite",
                ),
                T("Boekhouding opvolgen", "admin", 4, 6, 2, 1, "onsite", False),
            ),
        ),
        JobSpec(
            "Medewerker digitalisering",
            "We digitaliseren ons archief en zoeken iemand voor het praktische werk.",
            (
                T("Archiefdossiers digitaliseren", "digital", 2, 10, 1, 1, "inhouse"),
                T("Productfoto's labelen voor de webshop", "digital", 2, 6, 1, 1),
                T("Webshop testen na updates", "digital", 3, 3, 1, 1),
            ),
        ),
    ),
    "retail": (
        JobSpec(
            "Winkelmedewerker",
            "Onze winkel zoekt een enthousiaste collega.",
            (
                T("Rekken aanvullen en facing", "logistics", 1, 8, 2, 2, "onsite"),
                T("Retouren verwerken", "logistics", 2, 4, 1, 1),
                T("Prijsetiketten aanbrengen", "packaging", 1, 4, 1, 1, "onsite"),
                T("Klanten adviseren aan de kassa", "reception", 3, 12, 3, 1, "onsite", False),
            ),
        ),
    ),
    "green": (
        JobSpec(
            "Medewerker groenonderhoud",
            "Voor de tuinen rond onze gebouwen zoeken we hulp.",
            (
                T("Gras maaien", "green", 1, 6, 1, 3, "onsite"),
                T("Hagen snoeien", "green", 2, 4, 1, 3, "onsite"),
                T("Onkruid wieden in de borders", "green", 1, 5, 1, 2, "onsite"),
                T("Zwerfvuil ruimen op het terrein", "green", 1, 2, 1, 2, "onsite"),
            ),
        ),
    ),
    "care": (
        JobSpec(
            "Logistiek medewerker zorg",
            "Ons woonzorgcentrum zoekt ondersteuning voor de logistiek.",
            (
                T("Linnen wassen en plooien", "laundry", 1, 10, 1, 2, "inhouse"),
                T("Kledij van bewoners herstellen", "textile", 2, 4, 1, 1, "inhouse"),
                T("Maaltijden rondbrengen op de afdelingen", "catering", 2, 6, 2, 2, "onsite"),
                T("Zorgplannen opstellen", "other", 5, 6, 2, 1, "onsite", False),
            ),
        ),
    ),
}

COMPANIES = [
    CompanySpec("Vanhoutte Logistics", "logistics"),
    CompanySpec("De Smet Bouwmaterialen", "production"),
    CompanySpec("Brasserie Het Pleintje", "catering"),
    CompanySpec("Claeys & Partners Boekhouding", "office"),
    CompanySpec("Groen Kortrijk", "green"),
    CompanySpec("Woonzorgcentrum Ter Linde", "care"),
    CompanySpec("Peeters Verpakkingen", "production"),
    CompanySpec("Fietsen Maes", "retail"),
    CompanySpec("Schoonmaakbedrijf Net & Proper", "cleaning"),
    CompanySpec("Janssens Webshop", "logistics"),
    CompanySpec("Drukkerij Wuyts", "office"),
    CompanySpec("Bakkerij Goossens", "catering"),
    CompanySpec("Metaalwerken Verstraete", "production"),
    CompanySpec("Tuincentrum De Linde", "green"),
    CompanySpec("Kantoorhuis Mertens", "office"),
    CompanySpec("Supermarkt Dewitte", "retail"),
    CompanySpec("Hotel Aan de Leie", "catering"),
    CompanySpec("Transport Lambrecht", "logistics"),
    CompanySpec("Kliniek Sint-Jozef Logistiek", "care"),
    CompanySpec("Textielatelier Desmet", "production"),
]

ORGANISATIONS = [
    # name, type, town index, radius, categories, onsite, inhouse, supervision, teams
    (
        "Maatwerkbedrijf Ateljee",
        "maatwerkbedrijf",
        0,
        30,
        ["packaging", "assembly", "logistics", "digital"],
        True,
        True,
        24,
        3,
    ),  # noqa: E501
    (
        "Sociale werkplaats De Kringloop",
        "maatwerkbedrijf",
        1,
        25,
        ["recycling", "packaging", "logistics"],
        False,
        True,
        16,
        2,
    ),  # noqa: E501
    ("LDE Proper Wonen", "lde", 2, 20, ["cleaning", "laundry"], True, False, 10, 2),
    ("Groenwerk Limburg", "maatwerkbedrijf", 3, 35, ["green", "maintenance"], True, False, 12, 2),
    (
        "Wonderwerk Leuven",
        "maatwerkbedrijf",
        4,
        30,
        ["packaging", "assembly", "admin", "digital"],
        True,
        True,
        20,
        4,
    ),  # noqa: E501
    ("Keukenatelier Brugge", "lde", 5, 25, ["catering", "laundry", "cleaning"], True, True, 10, 2),  # noqa: E501
    (
        "Arbeidszorg De Brug",
        "arbeidszorg",
        6,
        20,
        ["packaging", "textile", "green"],
        False,
        True,
        8,
        1,
    ),  # noqa: E501
    (
        "Maatwerk Denderland",
        "maatwerkbedrijf",
        7,
        30,
        ["assembly", "packaging", "logistics", "cleaning"],
        True,
        True,
        18,
        3,
    ),  # noqa: E501
    (
        "Kempens Maatwerk",
        "maatwerkbedrijf",
        8,
        40,
        ["assembly", "packaging", "recycling", "maintenance"],
        True,
        True,
        22,
        3,
    ),  # noqa: E501
    (
        "Digitaal Atelier Roeselare",
        "other",
        9,
        30,
        ["digital", "admin", "reception"],
        True,
        True,
        8,
        1,
    ),  # noqa: E501
    (
        "Buurtdiensten Waas",
        "lde",
        11,
        25,
        ["cleaning", "green", "transport", "catering"],
        True,
        False,
        10,
        2,
    ),  # noqa: E501
    ("Naaiatelier Oostende", "arbeidszorg", 15, 30, ["textile", "laundry"], False, True, 6, 1),
]

TEAM_NAMES = ["Team A", "Team B", "Team C", "Team D"]


def _ensure_user(email: str, password: str, **extra: object) -> object:
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, **extra)
    else:
        user.set_password(password)
        for key, value in extra.items():
            setattr(user, key, value)
        user.save()
    # allauth wants a verified address before the first log-in.
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _job_text(job: JobSpec) -> str:
    lines = [job.intro, "", "Wat ga je doen?"]
    for spec in job.tasks:
        lines.append(f"- {spec.title} (ca. {spec.hours:g} uur per week)")
    lines += ["", "Jouw profiel", "- Je werkt graag in team", "- Rijbewijs B is een pluspunt"]
    return "\n".join(lines)


def _seed_job(
    *, company: Company, site: Site, job: JobSpec, title: str, rng: random.Random
) -> None:
    jd, created = JobDescription.objects.get_or_create(
        company=company,
        title=title,
        defaults={
            "text": _job_text(job),
            "hours_per_week": Decimal(sum(t.hours for t in job.tasks)).quantize(Decimal("0.1")),
            "status": JobDescription.Status.SUBMITTED,
        },
    )
    if not created:
        return
    Task.objects.bulk_create(
        [
            Task(
                job_description=jd,
                site=site,
                title=spec.title,
                description=spec.title,
                # Companies differ: vary the hours a little around the typical figure.
                hours_per_week=Decimal(max(1, spec.hours + rng.choice([-2, -1, 0, 0, 1, 2]))),
                level=spec.level,
                time_pressure=spec.time_pressure,
                physical_load=spec.physical_load,
                category=spec.category,
                mode=spec.mode,
                outsourceable=spec.outsourceable,
                status=Task.Status.SUBMITTED,
            )
            for spec in job.tasks
        ]
    )


@dataclass
class DemoSummary:
    companies: int
    job_descriptions: int
    tasks: int
    organisations: int
    teams: int
    logins: list[tuple[str, str]]


@transaction.atomic
def demo_seed(*, password: str, seed: int = 2026) -> DemoSummary:
    rng = random.Random(seed)
    roles_sync()
    coach = _ensure_user(
        COACH_EMAIL, password, is_staff=True, first_name="Hanne", last_name="Coach"
    )
    coach.groups.add(Group.objects.get(name=COACH_GROUP))
    entrepreneur = _ensure_user(ENTREPRENEUR_EMAIL, password, first_name="Pieter")
    org_user = _ensure_user(ORGANISATION_EMAIL, password, first_name="Sofie")

    for index, spec in enumerate(COMPANIES):
        postal_code, _name = TOWNS[index % len(TOWNS)]
        place = postal_code_lookup(postal_code)
        assert place is not None, postal_code
        company, _ = Company.objects.get_or_create(
            enterprise_number=kbo_make(4_030_000 + index * 1_234),
            defaults={
                "name": spec.name,
                "sector": spec.sector,
                "contact_name": "Demo contact",
                "contact_email": f"info{index}@example.com",
            },
        )
        site, _ = Site.objects.get_or_create(
            company=company,
            name=f"Vestiging {place.municipality}",
            defaults={
                "address": f"Industrieweg {index + 1}",
                "postal_code": place.postal_code,
                "municipality": place.municipality,
                "province": place.province,
                # Spread sites a little around the town centre.
                "latitude": place.latitude + rng.uniform(-0.03, 0.03),
                "longitude": place.longitude + rng.uniform(-0.03, 0.03),
            },
        )
        if index == 0:
            CompanyMembership.objects.get_or_create(
                user=entrepreneur, company=company, defaults={"role": "owner"}
            )
        jobs = JOBS[spec.sector]
        # Every company gets two job descriptions; a sector with one kind of job gets it
        # twice, as the day and the evening shift.
        pairs = (
            [(jobs[0], jobs[0].title), (jobs[1], jobs[1].title)]
            if len(jobs) > 1
            else [
                (jobs[0], jobs[0].title),
                (jobs[0], f"{jobs[0].title} (avondploeg)"),
            ]
        )
        for job, title in pairs:
            _seed_job(company=company, site=site, job=job, title=title, rng=rng)

    for index, (name, kind, town, radius, cats, onsite, inhouse, sup, n_teams) in enumerate(
        ORGANISATIONS
    ):
        place = postal_code_lookup(TOWNS[town][0])
        assert place is not None
        organisation, created = Organisation.objects.get_or_create(
            enterprise_number=kbo_make(8_070_000 + index * 4_321),
            defaults={
                "name": name,
                "type": kind,
                "address": f"Atelierstraat {index + 3}",
                "postal_code": place.postal_code,
                "municipality": place.municipality,
                "province": place.province,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "radius_km": Decimal(radius),
                "onsite": onsite,
                "inhouse": inhouse,
                "supervision_hours": Decimal(sup),
                "contact_email": f"contact{index}@example.org",
            },
        )
        if created:
            organisation.categories.set(ActivityCategory.objects.filter(code__in=cats))
        for t in range(n_teams):
            Team.objects.get_or_create(
                organisation=organisation,
                name=TEAM_NAMES[t],
                defaults={
                    "capacity_hours": Decimal(rng.choice([24, 32, 40, 60, 80])),
                    "max_level": rng.choice([1, 2, 2, 3, 3]),
                    "max_time_pressure": rng.choice([1, 2, 2, 3]),
                    "max_physical_load": rng.choice([2, 2, 3]),
                    "supervision_ratio": Decimal(rng.choice(["0.125", "0.2", "0.25"])),
                    "headcount": rng.randint(4, 14),
                },
            )
        if index == 0:
            OrganisationMembership.objects.get_or_create(
                user=org_user, organisation=organisation, defaults={"role": "admin"}
            )

    return DemoSummary(
        companies=Company.objects.count(),
        job_descriptions=JobDescription.objects.count(),
        tasks=Task.objects.count(),
        organisations=Organisation.objects.count(),
        teams=Team.objects.count(),
        logins=[
            (COACH_EMAIL, "coach (Hefboom)"),
            (ENTREPRENEUR_EMAIL, "entrepreneur"),
            (ORGANISATION_EMAIL, "organisation member"),
        ],
    )
