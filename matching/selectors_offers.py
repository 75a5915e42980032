"""Reads for a social-economy organisation's side of task packages: what is on offer to it,
how each of its teams would fit a package and what that would use of its capacity, and the
packages it was offered, accepted or runs.

Everything is scoped to an organisation the caller fetched through
``organisations.selectors.organisation_get_for_user`` (or ``offers_organisation_for_user``),
so a user never sees another organisation's offers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    DecimalField,
    F,
    FloatField,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import ASin, Cast, Coalesce, Cos, Radians, Sin, Sqrt
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.geo import EARTH_RADIUS_KM, distance_km
from core.numbers import hours_text
from core.taxonomy import Category, Mode
from organisations.models import Organisation, OrganisationMembership, Team
from organisations.selectors import organisation_get_for_user
from tasks.models import PackageEvent, PackageInterest, Task, TaskPackage

Status = TaskPackage.Status

# A published package can be taken by any organisation while a coach has approved it and no
# organisation has answered yet.
PUBLISHED_OPEN: tuple[str, ...] = (Status.APPROVED, Status.OFFERED)
# What an organisation keeps seeing of packages that were offered to it.
OURS: tuple[str, ...] = (
    Status.OFFERED,
    Status.ACCEPTED,
    Status.DECLINED,
    Status.ACTIVE,
    Status.ENDED,
)
COMMITTED: tuple[str, ...] = (Status.ACCEPTED, Status.ACTIVE)

# The score weights of spec/matching.md, used to order packages by how well a team fits.
LEVEL_FIT_WEIGHT = 0.10
DISTANCE_WEIGHT = 0.10
TOLERANCE = 1e-6


def offers_organisation_for_user(*, user: Any, pk: int | None = None) -> Organisation:
    """The organisation the user browses for: the one asked for (404 if they are not in it),
    else their first. A user in no organisation (an entrepreneur, say) gets 403."""
    if pk is not None:
        return organisation_get_for_user(user=user, pk=pk)[0]
    membership = (
        OrganisationMembership.objects.select_related("organisation")
        .filter(user_id=getattr(user, "pk", None))
        .order_by("organisation__name", "organisation_id")
        .first()
    )
    if membership is None:
        raise PermissionDenied(_("Only members of a social-economy organisation see packages."))
    return membership.organisation


def user_organisations(*, user: Any) -> list[Organisation]:
    return list(
        Organisation.objects.filter(memberships__user_id=getattr(user, "pk", None)).order_by(
            "name", "id"
        )
    )


def _visible_q(organisation: Organisation) -> Q:
    return Q(organisation=organisation, status__in=OURS) | Q(
        published=True, status__in=PUBLISHED_OPEN
    )


def _on_offer_q(organisation: Organisation) -> Q:
    return Q(organisation=organisation, status=Status.OFFERED) | Q(
        published=True, status__in=PUBLISHED_OPEN
    )


def _with_tasks(packages: QuerySet[TaskPackage]) -> QuerySet[TaskPackage]:
    return packages.select_related("company", "team", "organisation").prefetch_related(
        Prefetch("tasks", queryset=Task.objects.select_related("site").order_by("id"))
    )


# What the browser's fit and columns read of a task: loading no more keeps a page that
# weighs every package on offer fast (the large demo has about a thousand).
_LIST_TASK_FIELDS = (
    "id", "title", "hours_per_week", "level", "time_pressure", "physical_load", "category",
    "mode", "site__latitude", "site__longitude", "site__municipality", "site__province",
)  # fmt: skip


def _with_list_tasks(packages: QuerySet[TaskPackage]) -> QuerySet[TaskPackage]:
    tasks = Task.objects.select_related("site").only(*_LIST_TASK_FIELDS).order_by("id")
    return packages.select_related("company").prefetch_related(Prefetch("tasks", queryset=tasks))


# --------------------------------------------------------------------------- our capacity


@dataclass
class Ours:
    """What the fit of a package needs to know about our organisation, loaded once."""

    organisation: Organisation
    categories: frozenset[str]
    teams: list[Team]  # annotated with `reserved_hours`
    supervision_reserved: Decimal

    @property
    def supervision_free(self) -> Decimal:
        return self.organisation.supervision_hours - self.supervision_reserved


def ours_load(*, organisation: Organisation) -> Ours:
    """Our categories and teams with the hours their reserving packages hold (2 queries)."""
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=8, decimal_places=1))
    teams = list(
        Team.objects.filter(organisation=organisation)
        .annotate(
            reserved_hours=Coalesce(
                Sum(
                    "packages__hours_per_week",
                    filter=Q(packages__status__in=TaskPackage.RESERVING),
                ),
                zero,
            )
        )
        .order_by("name", "id")
    )
    categories = frozenset(
        Organisation.categories.through.objects.filter(organisation_id=organisation.pk).values_list(
            "activitycategory_id", flat=True
        )
    )
    supervision = sum((t.supervision_ratio * t.reserved_hours for t in teams), Decimal("0"))
    return Ours(organisation, categories, teams, supervision)


@dataclass
class TeamFit:
    """How one of our teams would carry a package, and what it would use."""

    team: Team
    hours: Decimal
    team_free: Decimal  # before taking the package
    supervision_needed: Decimal
    supervision_free: Decimal  # before taking the package
    task_reasons: list[str] = field(default_factory=list)
    capacity_reasons: list[str] = field(default_factory=list)
    score: float = 0.0  # per hour, as the spec scores a package; higher fits better

    @property
    def fits(self) -> bool:
        return not (self.task_reasons or self.capacity_reasons)

    @property
    def reasons(self) -> list[str]:
        return [*self.task_reasons, *self.capacity_reasons]

    @property
    def team_free_after(self) -> Decimal:
        return self.team_free - self.hours

    @property
    def supervision_free_after(self) -> Decimal:
        return self.supervision_free - self.supervision_needed


# Lazy: made at import, translated into the language of the request that shows them.
_NOT_OUR_CATEGORY = gettext_lazy(
    "“%(task)s” is %(category)s, which is not among your activity categories."
)
_LEVEL_TOO_HIGH = gettext_lazy(
    "“%(task)s” is level %(value)s; the team handles up to level %(limit)s."
)
_PRESSURE_TOO_HIGH = gettext_lazy(
    "“%(task)s” has time pressure %(value)s; the team carries up to %(limit)s."
)
_LOAD_TOO_HIGH = gettext_lazy(
    "“%(task)s” has physical load %(value)s; the team carries up to %(limit)s."
)
_TOO_FAR = gettext_lazy("“%(task)s” is %(km)s km away; you work within %(radius)s km.")
_NOT_ONSITE = gettext_lazy("“%(task)s” is done at the company's site; you do not work on site.")
_NOT_INHOUSE = gettext_lazy("“%(task)s” is done in your own workshop; you do not work in-house.")
_NO_MODE = gettext_lazy("You work neither on site nor in-house.")

Violation = tuple[Any, dict[str, Any]]


def _task_violations(task: Task, team: Team, ours: Ours, dist: float) -> list[Violation]:
    """Rule 4 of the spec: each broken condition as (message, its parameters)."""
    org = ours.organisation
    title = task.title
    found: list[Violation] = []
    if task.category not in ours.categories:
        found.append((_NOT_OUR_CATEGORY, {"task": title, "category": task.category}))
    for value, limit, text in (
        (task.level, team.max_level, _LEVEL_TOO_HIGH),
        (task.time_pressure, team.max_time_pressure, _PRESSURE_TOO_HIGH),
        (task.physical_load, team.max_physical_load, _LOAD_TOO_HIGH),
    ):
        if value > limit:
            found.append((text, {"task": title, "value": value, "limit": limit}))
    if dist > float(org.radius_km) + TOLERANCE:
        found.append((_TOO_FAR, {"task": title, "km": f"{dist:.0f}", "radius": org.radius_km}))
    if task.mode == Mode.ONSITE and not org.onsite:
        found.append((_NOT_ONSITE, {"task": title}))
    elif task.mode == Mode.INHOUSE and not org.inhouse:
        found.append((_NOT_INHOUSE, {"task": title}))
    elif task.mode == Mode.EITHER and not (org.onsite or org.inhouse):
        found.append((_NO_MODE, {}))
    return found


def _words(violation: Violation) -> str:
    message, params = violation
    if "category" in params:
        params = {**params, "category": Category(params["category"]).label}
    if "radius" in params:
        params = {**params, "radius": hours_text(params["radius"])}
    return str(message) % params if params else str(message)


def _own_reserved(package: TaskPackage, team: Team) -> Decimal:
    """Hours this package itself already holds on the team (an offer to it): they are not
    taken from the team a second time."""
    if package.team_id == team.pk and package.status in TaskPackage.RESERVING:
        return package.hours_per_week
    return Decimal("0")


def team_fit(*, ours: Ours, team: Team, package: TaskPackage, tasks: Iterable[Task]) -> TeamFit:
    """How the team would take the package, and why not, in words a planner understands."""
    org = ours.organisation
    tasks = list(tasks)
    hours = sum((t.hours_per_week for t in tasks), Decimal("0"))
    own = _own_reserved(package, team)
    own_supervision = sum(
        (t.supervision_ratio * _own_reserved(package, t) for t in ours.teams), Decimal("0")
    )
    fit = TeamFit(
        team=team,
        hours=hours,
        team_free=team.capacity_hours - team.reserved_hours + own,
        supervision_needed=hours * team.supervision_ratio,
        supervision_free=ours.supervision_free + own_supervision,
    )
    value = 0.0
    for task in tasks:
        dist = distance_km(org.latitude, org.longitude, task.site.latitude, task.site.longitude)
        fit.task_reasons.extend(_words(v) for v in _task_violations(task, team, ours, dist))
        value += float(task.hours_per_week) * (
            1.0
            - LEVEL_FIT_WEIGHT * (team.max_level - task.level) / 4.0
            - DISTANCE_WEIGHT * dist / float(org.radius_km)
        )
    fit.score = value / float(hours) if hours else 0.0
    if fit.hours > fit.team_free:
        fit.capacity_reasons.append(
            _("The team has %(free)s hours a week free; the package needs %(hours)s.")
            % {"free": hours_text(fit.team_free), "hours": hours_text(hours)}
        )
    if fit.supervision_needed > fit.supervision_free:
        fit.capacity_reasons.append(
            _(
                "Your organisation has %(free)s supervision hours a week free; with this team "
                "the package needs %(needed)s."
            )
            % {
                "free": hours_text(fit.supervision_free),
                "needed": hours_text(fit.supervision_needed),
            }
        )
    return fit


def package_team_fits(*, ours: Ours, package: TaskPackage) -> list[TeamFit]:
    """Every team of ours against the package: fitting teams first, the best fit first."""
    tasks = list(package.tasks.all())
    fits = [team_fit(ours=ours, team=team, package=package, tasks=tasks) for team in ours.teams]
    return sorted(fits, key=lambda f: (not f.fits, -f.score, f.team.name))


def package_distance_km(*, organisation: Organisation, package: TaskPackage) -> float | None:
    """How far the furthest site of the package is from us (the one that decides rule 4)."""
    distances = [
        distance_km(
            organisation.latitude, organisation.longitude, t.site.latitude, t.site.longitude
        )
        for t in package.tasks.all()
    ]
    return max(distances) if distances else None


# --------------------------------------------------------------------------- browsing


@dataclass(frozen=True)
class BestTeam:
    """Our team that fits a package best, and how well (the spec's value per hour)."""

    team: Team
    score: float


@dataclass
class OfferRow:
    package: TaskPackage
    distance_km: float | None
    best: BestTeam | None  # our best fitting team, or None when none fits
    interested: bool
    offered_to_us: bool

    @property
    def municipalities(self) -> list[str]:
        return sorted({t.site.municipality for t in self.package.tasks.all()})

    @property
    def categories(self) -> list[str]:
        codes = sorted({t.category for t in self.package.tasks.all()})
        return [str(Category(c).label) for c in codes]

    @property
    def max_level(self) -> int | None:
        return max((t.level for t in self.package.tasks.all()), default=None)


@dataclass(frozen=True)
class OfferFilters:
    category: str = ""
    max_distance_km: float | None = None
    hours_min: Decimal | None = None
    hours_max: Decimal | None = None
    max_level: int | None = None
    mode: str = ""  # onsite or inhouse: every task can be done that way
    municipality: str = ""
    province: str = ""
    sort: str = "fit"  # fit, distance or hours


def _filtered(packages: QuerySet[TaskPackage], filters: OfferFilters) -> QuerySet[TaskPackage]:
    """The filters on what a package holds, as subqueries: the package rows stay one each,
    free for the per-package figures of `_figures`. Distance depends on us: see there."""
    holding = TaskPackage.tasks.through.objects.values("taskpackage_id")
    if filters.category:
        packages = packages.filter(pk__in=holding.filter(task__category=filters.category))
    if filters.hours_min is not None:
        packages = packages.filter(hours_per_week__gte=filters.hours_min)
    if filters.hours_max is not None:
        packages = packages.filter(hours_per_week__lte=filters.hours_max)
    if filters.max_level is not None:
        packages = packages.exclude(pk__in=holding.filter(task__level__gt=filters.max_level))
    if filters.mode == Mode.ONSITE:
        packages = packages.exclude(pk__in=holding.filter(task__mode=Mode.INHOUSE))
    elif filters.mode == Mode.INHOUSE:
        packages = packages.exclude(pk__in=holding.filter(task__mode=Mode.ONSITE))
    if filters.municipality:
        packages = packages.filter(
            pk__in=holding.filter(task__site__municipality__iexact=filters.municipality.strip())
        )
    if filters.province:
        packages = packages.filter(pk__in=holding.filter(task__site__province=filters.province))
    return packages


def _distance_expression(organisation: Organisation) -> Any:
    """`core.geo.distance_km` from us to each task's site, as SQL (haversine)."""
    lat0, lon0 = math.radians(organisation.latitude), math.radians(organisation.longitude)
    lat = Radians(F("tasks__site__latitude"))
    lon = Radians(F("tasks__site__longitude"))
    half_dlat = Sin((lat - Value(lat0)) / Value(2.0))
    half_dlon = Sin((lon - Value(lon0)) / Value(2.0))
    a = half_dlat * half_dlat + Value(math.cos(lat0)) * Cos(lat) * half_dlon * half_dlon
    return Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(a))


def _figures(packages: QuerySet[TaskPackage], ours: Ours) -> QuerySet[TaskPackage]:
    """What fit needs of each package, summed up by the database over its tasks (one row a
    package): hours, highest level, time pressure and physical load, hour-weighted level and
    distance, the furthest site, tasks outside our categories and tasks per mode."""
    hours = Cast(F("tasks__hours_per_week"), FloatField())
    distance = _distance_expression(ours.organisation)
    return packages.annotate(
        task_count=Count("tasks"),
        task_hours=Sum("tasks__hours_per_week"),
        max_level=Max("tasks__level"),
        max_pressure=Max("tasks__time_pressure"),
        max_load=Max("tasks__physical_load"),
        level_hours=Sum(hours * F("tasks__level"), output_field=FloatField()),
        distance_hours=Sum(hours * distance, output_field=FloatField()),
        furthest_km=Max(distance, output_field=FloatField()),
        foreign=Count("tasks", filter=~Q(tasks__category__in=ours.categories)),
        onsite_tasks=Count("tasks", filter=Q(tasks__mode=Mode.ONSITE)),
        inhouse_tasks=Count("tasks", filter=Q(tasks__mode=Mode.INHOUSE)),
        either_tasks=Count("tasks", filter=Q(tasks__mode=Mode.EITHER)),
    ).values(
        "pk", "status", "organisation_id", "team_id", "hours_per_week", "created_at",
        "task_count", "task_hours", "max_level", "max_pressure", "max_load", "level_hours",
        "distance_hours", "furthest_km", "foreign", "onsite_tasks", "inhouse_tasks", "either_tasks",
    )  # fmt: skip


def _best_team(figures: dict[str, Any], ours: Ours) -> BestTeam | None:
    """Rules 4 to 6 of the spec for each of our teams on a package's summed-up figures, as
    `team_fit` judges them task by task; the fitting team with the best value per hour."""
    org = ours.organisation
    has_tasks = figures["task_count"] > 0
    if has_tasks and (
        figures["foreign"]
        or figures["furthest_km"] > float(org.radius_km) + TOLERANCE
        or (figures["onsite_tasks"] and not org.onsite)
        or (figures["inhouse_tasks"] and not org.inhouse)
        or (figures["either_tasks"] and not (org.onsite or org.inhouse))
    ):
        return None
    hours = figures["task_hours"] or Decimal("0")
    reserving = figures["status"] in TaskPackage.RESERVING
    holder = next((t for t in ours.teams if reserving and t.pk == figures["team_id"]), None)
    # Hours this package already holds on one of our teams (an offer to it) are not taken
    # twice, nor the supervision they need (as `_own_reserved` counts them).
    held = figures["hours_per_week"]
    own_supervision = holder.supervision_ratio * held if holder else Decimal("0")
    best: BestTeam | None = None
    for team in ours.teams:
        if has_tasks and (
            figures["max_level"] > team.max_level
            or figures["max_pressure"] > team.max_time_pressure
            or figures["max_load"] > team.max_physical_load
        ):
            continue
        own = held if team is holder else Decimal("0")
        if hours > team.capacity_hours - team.reserved_hours + own:
            continue
        if hours * team.supervision_ratio > ours.supervision_free + own_supervision:
            continue
        total = float(hours)
        score = (
            1.0
            - LEVEL_FIT_WEIGHT * (team.max_level - figures["level_hours"] / total) / 4.0
            - DISTANCE_WEIGHT * figures["distance_hours"] / total / float(org.radius_km)
            if total
            else 0.0
        )
        if best is None or score > best.score + TOLERANCE:
            best = BestTeam(team, score)
    return best


@dataclass
class _Candidate:
    pk: int
    distance_km: float | None
    best: BestTeam | None
    offered_to_us: bool
    hours: Decimal


class OfferList(Sequence[OfferRow]):
    """The packages on offer to us, filtered and sorted; a slice (a page) loads the shown
    packages with their tasks, in two queries whatever the slice's size."""

    def __init__(self, organisation: Organisation, candidates: list[_Candidate]) -> None:
        self.organisation = organisation
        self.candidates = candidates

    def __len__(self) -> int:
        return len(self.candidates)

    def __getitem__(self, index):  # noqa: ANN001, ANN204  (Sequence's int-or-slice protocol)
        if isinstance(index, int):
            return self[index : index + 1 or None][0]
        chosen = self.candidates[index]
        packages = _with_list_tasks(TaskPackage.objects.filter(pk__in=[c.pk for c in chosen]))
        by_pk = {p.pk: p for p in packages}
        # A package gone since the list was made (a coach removed it) is left out.
        chosen = [c for c in chosen if c.pk in by_pk]
        interested = set(
            PackageInterest.objects.filter(
                organisation=self.organisation, package_id__in=list(by_pk)
            ).values_list("package_id", flat=True)
        )
        return [
            OfferRow(
                package=by_pk[c.pk],
                distance_km=c.distance_km,
                best=c.best,
                interested=c.pk in interested,
                offered_to_us=c.offered_to_us,
            )
            for c in chosen
        ]


def packages_on_offer(*, organisation: Organisation, filters: OfferFilters) -> OfferList:
    """The packages on offer to us, filtered and sorted, in a fixed number of queries.

    The database sums up each package over its tasks (one row a package, see `_figures`);
    fit and distance are worked out on those rows, and only the page shown is loaded in
    full (`OfferList`).
    """
    ours = ours_load(organisation=organisation)
    rows = _figures(_filtered(TaskPackage.objects.filter(_on_offer_q(organisation)), filters), ours)
    candidates = []
    for figures in rows.order_by("-created_at", "-id"):
        dist = figures["furthest_km"]
        if filters.max_distance_km is not None and (
            dist is None or dist > filters.max_distance_km + TOLERANCE
        ):
            continue
        candidates.append(
            _Candidate(
                pk=figures["pk"],
                distance_km=dist,
                best=_best_team(figures, ours),
                offered_to_us=figures["organisation_id"] == organisation.pk
                and figures["status"] == Status.OFFERED,
                hours=figures["hours_per_week"],
            )
        )
    return OfferList(organisation, _sorted(candidates, filters.sort))


def _sorted(rows: list[_Candidate], sort: str) -> list[_Candidate]:
    far = float("inf")
    if sort == "distance":
        return sorted(rows, key=lambda r: r.distance_km if r.distance_km is not None else far)
    if sort == "hours":
        return sorted(rows, key=lambda r: -r.hours)
    # Fit: offers to us first, then packages one of our teams can take, best fit first.
    return sorted(
        rows,
        key=lambda r: (
            not r.offered_to_us,
            r.best is None,
            -(r.best.score if r.best else 0.0),
            r.distance_km if r.distance_km is not None else far,
        ),
    )


# --------------------------------------------------------------------------- one package


def package_get_for_organisation(*, organisation: Organisation, pk: int) -> TaskPackage:
    """A package our organisation may see (offered to us, or published); 404 otherwise."""
    package = _with_tasks(TaskPackage.objects.filter(_visible_q(organisation))).filter(pk=pk)
    found = package.first()
    if found is None:
        raise Http404("No such package.")
    return found


def package_history(*, organisation: Organisation, package: TaskPackage) -> list[PackageEvent]:
    """The steps of a package offered to us; other organisations see none of it."""
    if package.organisation_id != organisation.pk or package.status not in OURS:
        return []
    events = list(package.events.order_by("created_at", "id"))
    labels = dict(Status.choices)
    for event in events:
        # Shown to people: the status labels, not their codes.
        event.from_label = labels.get(event.from_status, "")  # type: ignore[attr-defined]
        event.to_label = labels.get(event.to_status, event.action)  # type: ignore[attr-defined]
    return events


def package_interest_of(
    *, organisation: Organisation, package: TaskPackage
) -> PackageInterest | None:
    return PackageInterest.objects.filter(organisation=organisation, package=package).first()


def package_can_show_interest(*, organisation: Organisation, package: TaskPackage) -> bool:
    offered_to_us = package.organisation_id == organisation.pk and package.status == Status.OFFERED
    return package.published and package.status in PUBLISHED_OPEN and not offered_to_us


# --------------------------------------------------------------------------- our packages


@dataclass
class OurPackages:
    offered: list[TaskPackage]
    accepted: list[TaskPackage]
    active: list[TaskPackage]
    interests: list[PackageInterest]

    @staticmethod
    def hours(packages: list[TaskPackage]) -> Decimal:
        return sum((p.hours_per_week for p in packages), Decimal("0"))

    @property
    def offered_hours(self) -> Decimal:
        return self.hours(self.offered)

    @property
    def accepted_hours(self) -> Decimal:
        return self.hours(self.accepted)

    @property
    def active_hours(self) -> Decimal:
        return self.hours(self.active)


def our_packages(*, organisation: Organisation) -> OurPackages:
    """What we were offered, accepted and run; and where we showed interest (2 queries)."""
    packages = list(
        TaskPackage.objects.filter(
            organisation=organisation,
            status__in=(Status.OFFERED, Status.ACCEPTED, Status.ACTIVE),
        )
        .select_related("company", "team")
        .order_by("-updated_at", "-id")
    )
    interests = list(
        PackageInterest.objects.filter(organisation=organisation)
        .select_related("package__company", "team")
        .order_by("-created_at")
    )
    by_status: dict[str, list[TaskPackage]] = {}
    for package in packages:
        by_status.setdefault(package.status, []).append(package)
    return OurPackages(
        offered=by_status.get(Status.OFFERED, []),
        accepted=by_status.get(Status.ACCEPTED, []),
        active=by_status.get(Status.ACTIVE, []),
        interests=interests,
    )
