"""Figures for the coaches' dashboard, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate

from matching.models import MatchingRun
from organisations.models import Organisation
from tasks.models import TaskPackage

PLACED = (TaskPackage.Status.ACCEPTED, TaskPackage.Status.ACTIVE)
APPROVED = (TaskPackage.Status.APPROVED, TaskPackage.Status.OFFERED)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    limit: float

    @property
    def percent(self) -> float:
        """Width of the bar in % of its limit, capped so an overfull bar stays drawable."""
        return 0.0 if self.limit <= 0 else min(100.0, 100.0 * self.value / self.limit)


def _hours(statuses: tuple[str, ...]) -> Any:
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=10, decimal_places=1))
    return Coalesce(Sum("hours_per_week", filter=Q(status__in=statuses)), zero)


def dashboard_figures(*, runs: int = 30) -> dict[str, Any]:
    totals = TaskPackage.objects.aggregate(
        proposed=_hours((TaskPackage.Status.PROPOSED,)),
        approved=_hours(APPROVED),
        placed=_hours(PLACED),
    )
    reserving = Q(teams__packages__status__in=TaskPackage.RESERVING)
    organisations = Organisation.objects.annotate(
        capacity=Coalesce(Sum("teams__capacity_hours"), Value(Decimal(0))),
        team_count=Count("teams", distinct=True),
    ).order_by("name")
    used = dict(
        Organisation.objects.filter(reserving)
        .annotate(used=Sum("teams__packages__hours_per_week"))
        .values_list("pk", "used")
    )
    supervision_used: dict[int, float] = {}
    for package in TaskPackage.objects.filter(status__in=TaskPackage.RESERVING).select_related(
        "team"
    ):
        supervision_used[package.organisation_id] = supervision_used.get(
            package.organisation_id, 0.0
        ) + float(package.hours_per_week) * float(package.team.supervision_ratio)
    capacity_bars = [
        Bar(o.name, float(used.get(o.pk) or 0), float(o.capacity)) for o in organisations
    ]
    supervision_bars = [
        Bar(o.name, supervision_used.get(o.pk, 0.0), float(o.supervision_hours))
        for o in organisations
    ]
    history = list(
        MatchingRun.objects.filter(status=MatchingRun.Status.SUCCEEDED)
        .annotate(day=TruncDate("created_at"))
        .order_by("-created_at")
        .values("pk", "day", "score", "hours_placed")[:runs]
    )[::-1]
    best = max((r["hours_placed"] or 0 for r in history), default=0) or 1
    return {
        "totals": {k: float(v) for k, v in totals.items()},
        "capacity_bars": capacity_bars,
        "supervision_bars": supervision_bars,
        "runs": [
            {**r, "x": 10 * i, "height": round(h, 1), "y": round(105 - h, 1)}
            for i, (r, h) in enumerate(
                (r, 100.0 * (r["hours_placed"] or 0) / best) for r in history
            )
        ],
    }
