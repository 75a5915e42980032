"""The demo data scaled up, for benchmarks: `seed_demo --scale N` adds N times the demo's
companies, job descriptions and tasks and N times its organisations, spread over the Flemish
postal codes, with bulk inserts. `--scale large` is the load-test picture of issue 9:
5,000 companies, 100,000 tasks, 20,000 packages and 600 organisations.

The scaled records use their own range of enterprise numbers, so a second run finds them
and adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

import countrystatecity_postal_codes as postal_codes
from django.db import connection, transaction

from companies.models import Company, JobDescription, Site
from core.geo import postal_code_lookup
from core.kbo import kbo_make
from core.taxonomy import Category
from organisations.models import Organisation, Team
from tasks.demo import COMPANIES, JOBS, ORGANISATIONS
from tasks.models import PackageEvent, Task, TaskPackage

COMPANY_BASE = 5_000_000  # enterprise numbers 0500.000.0xx… for scaled companies
ORGANISATION_BASE = 9_000_000
FLEMISH_STATES = {"VAN", "VLI", "VOV", "VWV", "VBR"}
BATCH = 5_000


@dataclass(frozen=True)
class Scale:
    companies: int
    tasks: int
    organisations: int
    packages: int


def scale_for(value: str) -> Scale:
    if value == "large":
        return Scale(companies=5_000, tasks=100_000, organisations=600, packages=20_000)
    factor = int(value)
    if factor < 1:
        raise ValueError("--scale takes a whole number from 1, or 'large'")
    tasks_per_company = sum(len(j.tasks) for jobs in JOBS.values() for j in jobs[:2]) / len(JOBS)
    return Scale(
        companies=len(COMPANIES) * factor,
        tasks=int(len(COMPANIES) * factor * tasks_per_company * 1.1),
        # One organisation per ~60 tasks, near the engine benchmarks (the hand-made demo has
        # relatively more organisations than Flanders would).
        organisations=max(len(ORGANISATIONS), 2 * factor),
        packages=0,
    )


def _places(rng: random.Random) -> list:
    codes = sorted(
        p.code
        for p in postal_codes.get_postcodes_of_country("BE")
        if p.stateCode in FLEMISH_STATES and p.latitude is not None
    )
    places = [postal_code_lookup(code) for code in codes]
    return [p for p in places if p is not None]


def _bulk(model: type, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


@transaction.atomic
def demo_seed_scaled(*, scale: Scale, seed: int = 7) -> dict[str, int]:
    first = kbo_make(COMPANY_BASE)
    if Company.objects.filter(enterprise_number=first).exists():
        return {"created": 0}
    rng = random.Random(seed)
    places = _places(rng)
    specs = [task for jobs in JOBS.values() for job in jobs for task in job.tasks]

    companies = _bulk(
        Company,
        [
            Company(
                name=f"{rng.choice(COMPANIES).name} {i + 1}",
                enterprise_number=kbo_make(COMPANY_BASE + i),
                sector=rng.choice(list(JOBS)),
            )
            for i in range(scale.companies)
        ],
    )
    sites = _bulk(
        Site,
        [
            Site(
                company=c,
                name="Hoofdzetel",
                postal_code=p.postal_code,
                municipality=p.municipality,
                province=p.province,
                latitude=p.latitude + rng.uniform(-0.02, 0.02),
                longitude=p.longitude + rng.uniform(-0.02, 0.02),
            )
            for c, p in ((c, rng.choice(places)) for c in companies)
        ],
    )
    jobs = _bulk(
        JobDescription,
        [
            JobDescription(company=c, title=f"Functie {k + 1}", status="submitted")
            for c in companies
            for k in range(2)
        ],
    )
    site_of = {s.company_id: s for s in sites}
    tasks = []
    for n in range(scale.tasks):
        jd = jobs[n % len(jobs)] if n < len(jobs) else rng.choice(jobs)
        spec = rng.choice(specs)
        tasks.append(
            Task(
                job_description=jd,
                site=site_of[jd.company_id],
                title=spec.title,
                hours_per_week=Decimal(max(1, min(40, round(spec.hours + rng.uniform(-2, 2))))),
                level=spec.level,
                time_pressure=spec.time_pressure,
                physical_load=spec.physical_load,
                category=spec.category,
                mode=spec.mode,
                outsourceable=spec.outsourceable,
                status=Task.Status.SUBMITTED,
            )
        )
    tasks = _bulk(Task, tasks)

    organisations = _bulk(
        Organisation,
        [
            Organisation(
                name=f"{spec[0]} {i + 1}",
                type=spec[1],
                enterprise_number=kbo_make(ORGANISATION_BASE + i),
                postal_code=p.postal_code,
                municipality=p.municipality,
                province=p.province,
                latitude=p.latitude,
                longitude=p.longitude,
                radius_km=Decimal(rng.choice([20, 25, 30, 35])),
                onsite=spec[5],
                inhouse=spec[6],
                supervision_hours=Decimal(rng.choice([8, 12, 16, 20, 24])),
            )
            for i, (spec, p) in enumerate(
                (rng.choice(ORGANISATIONS), rng.choice(places)) for _ in range(scale.organisations)
            )
        ],
    )
    through = Organisation.categories.through
    _bulk(
        through,
        [
            through(organisation_id=o.pk, activitycategory_id=code)
            for o in organisations
            for code in rng.sample(Category.values, rng.randint(2, 5))
        ],
    )
    teams = _bulk(
        Team,
        [
            Team(
                organisation=o,
                name=f"Team {t + 1}",
                capacity_hours=Decimal(rng.choice([24, 32, 40, 60, 80])),
                max_level=rng.choice([1, 2, 2, 3, 3]),
                max_time_pressure=rng.choice([1, 2, 2, 3]),
                max_physical_load=rng.choice([2, 2, 3]),
                supervision_ratio=Decimal(rng.choice(["0.125", "0.2", "0.25"])),
                headcount=rng.randint(4, 14),
            )
            for o in organisations
            for t in range(rng.randint(1, 4))
        ],
    )
    packages = _seed_packages(rng, scale.packages, tasks, teams)
    if connection.vendor == "postgresql":
        # Fresh statistics after a bulk load: without them the planner guesses badly (a
        # sort of all tasks instead of an index lookup) until autovacuum gets round to it.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "companies": len(companies),
        "tasks": len(tasks),
        "organisations": len(organisations),
        "teams": len(teams),
        "packages": packages,
    }


def _seed_packages(rng: random.Random, count: int, tasks: list[Task], teams: list[Team]) -> int:
    """Packages in every state of the lifecycle, for the load test's browsing pages. They
    take one company's tasks each; capacity is not their concern (they are decoration for
    page loads, not input for matching)."""
    if not count:
        return 0
    by_company: dict[int, list[Task]] = {}
    for task in tasks:
        by_company.setdefault(task.site.company_id, []).append(task)
    companies = list(by_company)
    statuses = [s for s, _ in TaskPackage.Status.choices]
    rows, members = [], []
    for i in range(count):
        company = companies[i % len(companies)]
        chosen = rng.sample(by_company[company], min(len(by_company[company]), 2))
        team = rng.choice(teams)
        rows.append(
            TaskPackage(
                company_id=company,
                organisation_id=team.organisation_id,
                team=team,
                status=rng.choice(statuses),
                published=rng.random() < 0.2,
                hours_per_week=sum((t.hours_per_week for t in chosen), Decimal(0)),
            )
        )
        members.append(chosen)
    packages = _bulk(TaskPackage, rows)
    through = TaskPackage.tasks.through
    _bulk(
        through,
        [
            through(taskpackage_id=p.pk, task_id=t.pk)
            for p, chosen in zip(packages, members, strict=True)
            for t in chosen
        ],
    )
    _bulk(
        PackageEvent,
        [PackageEvent(package=p, action="seeded", to_status=p.status) for p in packages],
    )
    return len(packages)
