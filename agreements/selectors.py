"""Reads for the deal pages and the impact pages, always scoped to the user.

A package's deal (estimate, quotes, agreement, hours, thread) is seen by its parties only:
the members of its company, the members of the organisation it is offered to, and the
coaches. Anyone else gets 404, so package ids reveal nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from agreements.models import (
    Agreement,
    DeliveredHours,
    HourlyRate,
    Message,
    Quote,
    money,
    per_month,
)
from companies.models import Company, CompanyMembership
from core.roles import user_is_coach
from organisations.models import Organisation, OrganisationMembership, Team
from tasks.models import PackageEvent, Task, TaskPackage

Status = TaskPackage.Status
# The organisation takes part from the offer on; before that a package is the coaches' draft.
DEAL_STATUSES: tuple[str, ...] = (
    Status.OFFERED,
    Status.ACCEPTED,
    Status.DECLINED,
    Status.ACTIVE,
    Status.ENDED,
)
PLACED_STATUSES: tuple[str, ...] = (Status.ACCEPTED, Status.ACTIVE, Status.ENDED)


@dataclass(frozen=True)
class PackageAccess:
    package: TaskPackage
    is_company: bool
    is_organisation: bool
    is_coach: bool


def package_access_get(*, user: Any, pk: int) -> PackageAccess:
    """The package with the user's part in it; 404 for anyone who is not a party."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such package.")
    package = (
        TaskPackage.objects.select_related("company", "organisation", "team")
        .filter(pk=pk, status__in=DEAL_STATUSES)
        .first()
    )
    if package is None:
        raise Http404("No such package.")
    is_company = CompanyMembership.objects.filter(company_id=package.company_id, user=user).exists()
    is_organisation = OrganisationMembership.objects.filter(
        organisation_id=package.organisation_id, user=user
    ).exists()
    is_coach = user_is_coach(user)
    if not (is_company or is_organisation or is_coach):
        raise Http404("No such package.")
    return PackageAccess(package, is_company, is_organisation, is_coach)


def package_tasks(*, package: TaskPackage) -> list[Task]:
    return list(package.tasks.select_related("site").order_by("id"))


def package_has_onsite_work(*, package: TaskPackage) -> bool:
    return package.tasks.filter(mode="onsite").exists()


# --------------------------------------------------------------------------- rates


def team_rates(*, organisation: Organisation) -> QuerySet[HourlyRate]:
    return HourlyRate.objects.filter(team__organisation=organisation).select_related("team")


@dataclass(frozen=True)
class EstimateLine:
    task: Task
    rate: Decimal | None

    @property
    def per_week(self) -> Decimal | None:
        return None if self.rate is None else money(self.task.hours_per_week * self.rate)


@dataclass(frozen=True)
class Estimate:
    lines: list[EstimateLine]

    @property
    def complete(self) -> bool:
        return bool(self.lines) and all(line.rate is not None for line in self.lines)

    @property
    def per_week(self) -> Decimal | None:
        if not self.complete:
            return None
        return money(sum((line.per_week or Decimal("0") for line in self.lines), Decimal("0")))

    @property
    def per_month(self) -> Decimal | None:
        week = self.per_week
        return None if week is None else per_month(week)


def package_estimate(*, package: TaskPackage, tasks: Iterable[Task] | None = None) -> Estimate:
    """The price the team's rates give: per task, the team's rate for the task's category,
    else its general rate; a task without either leaves the estimate incomplete."""
    rates = {r.category: r.rate for r in HourlyRate.objects.filter(team_id=package.team_id)}
    lines = [
        EstimateLine(task=t, rate=rates.get(t.category, rates.get("")))
        for t in (tasks if tasks is not None else package_tasks(package=package))
    ]
    return Estimate(lines=lines)


# --------------------------------------------------------------------------- deal


def package_quotes(*, package: TaskPackage) -> list[Quote]:
    return list(package.quotes.select_related("created_by", "answered_by"))


def package_open_quote(*, package: TaskPackage) -> Quote | None:
    return package.quotes.filter(status=Quote.Status.SENT).first()


def package_agreement(*, package: TaskPackage) -> Agreement | None:
    return (
        Agreement.objects.select_related("company", "organisation", "team", "quote")
        .filter(package=package)
        .first()
    )


def package_messages(*, package: TaskPackage) -> list[Message]:
    return list(package.messages.select_related("author"))


# What the history column says for each step; steps of other apps show their status labels.
EVENT_LABELS = {
    "quote_sent": _("Quote sent"),
    "quote_change_asked": _("Change to the quote asked"),
    "quote_accepted": _("Quote accepted"),
    "agreement_started": _("Agreement started"),
    "hours_recorded": _("Hours recorded"),
    "hours_corrected": _("Hours corrected"),
    "hours_confirmed": _("Hours confirmed"),
}


@dataclass(frozen=True)
class EventRow:
    event: PackageEvent
    label: str
    from_label: str
    to_label: str


def _status_label(code: str) -> str:
    return str(Status(code).label) if code in Status.values else code


def package_events(*, package: TaskPackage) -> list[EventRow]:
    return [
        EventRow(
            event=e,
            label=str(EVENT_LABELS.get(e.action, _status_label(e.to_status) or e.action)),
            from_label=_status_label(e.from_status),
            to_label=_status_label(e.to_status),
        )
        for e in package.events.order_by("created_at", "id")
    ]


@dataclass
class WeekHours:
    """One ISO week of an agreement: its current version and the versions it replaced."""

    iso_year: int
    iso_week: int
    current: DeliveredHours
    history: list[DeliveredHours] = field(default_factory=list)


def agreement_weeks(*, agreement: Agreement) -> list[WeekHours]:
    rows = list(
        agreement.delivered_hours.select_related("recorded_by", "confirmed_by").order_by(
            "-iso_year", "-iso_week", "-version"
        )
    )
    weeks: dict[tuple[int, int], WeekHours] = {}
    for row in rows:
        key = (row.iso_year, row.iso_week)
        if row.is_current:
            weeks[key] = WeekHours(row.iso_year, row.iso_week, row)
    for row in rows:
        if not row.is_current and (row.iso_year, row.iso_week) in weeks:
            weeks[(row.iso_year, row.iso_week)].history.append(row)
    return list(weeks.values())


# --------------------------------------------------------------------------- impact


@dataclass
class Figures:
    """Hours and money, totalled and per month (and, for Hefboom, per province and
    category)."""

    hours: Decimal = Decimal("0")
    amount: Decimal = Decimal("0")
    months: dict[str, list[Decimal]] = field(default_factory=dict)
    provinces: dict[str, list[Decimal]] = field(default_factory=dict)
    categories: dict[str, list[Decimal]] = field(default_factory=dict)
    agreements: int = 0

    def add(self, bucket: dict[str, list[Decimal]], key: str, hours: Decimal, amount: Decimal):
        cell = bucket.setdefault(key, [Decimal("0"), Decimal("0")])
        cell[0] += hours
        cell[1] += amount

    def sorted(self, bucket: dict[str, list[Decimal]]) -> list[tuple[str, Decimal, Decimal]]:
        return [(k, v[0], money(v[1])) for k, v in sorted(bucket.items())]


def _counted_hours(agreements: QuerySet[Agreement]) -> list[DeliveredHours]:
    """What both sides agree on: the current version of each week, once the company confirmed
    it. A correction waits for the company's confirmation before it counts."""
    return list(
        DeliveredHours.objects.filter(
            agreement__in=agreements, is_current=True, confirmed_at__isnull=False
        )
        .select_related("agreement__organisation")
        .prefetch_related(
            Prefetch(
                "agreement__tasks", queryset=Task.objects.only("id", "category", "hours_per_week")
            )
        )
        .order_by("iso_year", "iso_week")
    )


def _figures(agreements: QuerySet[Agreement], *, split: bool = False) -> Figures:
    figures = Figures(agreements=agreements.count())
    for row in _counted_hours(agreements):
        hours, amount = Decimal(row.hours), row.amount
        figures.hours += hours
        figures.amount += amount
        figures.add(figures.months, row.month, hours, amount)
        if split:
            figures.add(figures.provinces, row.agreement.organisation.province, hours, amount)
            # A week's hours are shared over the agreement's categories as its tasks are.
            tasks = list(row.agreement.tasks.all())
            total = sum((t.hours_per_week for t in tasks), Decimal("0"))
            by_category: dict[str, Decimal] = defaultdict(Decimal)
            for task in tasks:
                by_category[task.category] += task.hours_per_week
            for category, task_hours in by_category.items():
                share = task_hours / total if total else Decimal("0")
                figures.add(figures.categories, category, hours * share, amount * share)
    figures.amount = money(figures.amount)
    return figures


def impact_companies(*, user: Any) -> list[tuple[Company, Figures]]:
    companies = Company.objects.filter(memberships__user=user).order_by("name", "id")
    return [(c, _figures(Agreement.objects.filter(company=c))) for c in companies]


def impact_organisations(*, user: Any) -> list[tuple[Organisation, Figures]]:
    organisations = Organisation.objects.filter(memberships__user=user).order_by("name", "id")
    return [(o, _figures(Agreement.objects.filter(organisation=o))) for o in organisations]


@dataclass(frozen=True)
class PlatformImpact:
    figures: Figures
    packages_placed: int
    jobs_carved_out: int
    hours_per_week_placed: Decimal


def impact_platform(*, user: Any) -> PlatformImpact | None:
    """Hefboom's totals over every agreement; None for anyone who is not a coach."""
    if not user_is_coach(user):
        return None
    placed = TaskPackage.objects.filter(status__in=PLACED_STATUSES)
    # A job is carved out when at least one of its tasks was placed with an organisation.
    jobs = Task.objects.filter(packages__in=placed).values("job_description_id").distinct().count()
    hours = sum((p.hours_per_week for p in placed.only("hours_per_week")), Decimal("0"))
    return PlatformImpact(
        figures=_figures(Agreement.objects.all(), split=True),
        packages_placed=placed.count(),
        jobs_carved_out=jobs,
        hours_per_week_placed=hours,
    )


def user_has_impact_role(*, user: Any) -> bool:
    return (
        user_is_coach(user)
        or CompanyMembership.objects.filter(user=user).exists()
        or OrganisationMembership.objects.filter(user=user).exists()
    )


def user_deals(*, user: Any) -> QuerySet[TaskPackage]:
    """The packages the user is a party to from the offer on (offered, accepted, active,
    ended), for links to their deal pages; a coach sees them all."""
    placed = TaskPackage.objects.filter(status__in=(Status.OFFERED, *PLACED_STATUSES))
    if not user_is_coach(user):
        placed = placed.filter(
            Q(company__memberships__user=user) | Q(organisation__memberships__user=user)
        )
    return (
        placed.select_related("company", "organisation", "team")
        .distinct()
        .order_by("company__name", "id")
    )


def teams_of(*, organisation: Organisation) -> QuerySet[Team]:
    return Team.objects.filter(organisation=organisation).order_by("name", "id")
