"""Matching runs: build an instance from the database, run the engine, store proposals.

The run is a row; a Celery task claims it atomically and everything the run writes is
written in one transaction, so a failed or interrupted run leaves no proposals behind.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from matching.engine import instance as engine_instance
from matching.engine.instance import Instance, parse_instance
from matching.engine.solver import Solution, solve
from matching.engine.validate import distance_km
from matching.models import MatchingRun, Proposal
from matching.selectors import (
    organisation_categories,
    supervision_used,
    tasks_open_for_matching,
    teams_with_free_hours,
)
from tasks.models import PackageEvent, TaskPackage

logger = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT = 20.0


@dataclass
class BuiltInstance:
    """An engine instance and the way back from its string ids to database rows."""

    data: dict[str, Any]
    instance: Instance
    team_free_hours: dict[str, float]
    organisation_free_supervision: dict[str, float]
    province: str = ""
    company_ids: list[int] | None = None


def _free(value: Decimal) -> float:
    return max(0.0, float(value))


def instance_build(
    *,
    province: str = "",
    company_ids: Iterable[int] | None = None,
    params: dict[str, float] | None = None,
) -> BuiltInstance:
    """A `gewaardeerd-matching/1` instance of what is open now, in a fixed number of queries."""
    tasks = list(tasks_open_for_matching(province=province, company_ids=company_ids))
    teams = list(teams_with_free_hours(province=province))
    used_supervision = supervision_used(teams=teams)
    organisations = {team.organisation_id: team.organisation for team in teams}
    categories = organisation_categories(organisation_ids=organisations)

    task_records = [
        {
            "id": f"t{task.pk}",
            "company": f"c{task.job_description.company_id}",
            "lat": task.site.latitude,
            "lon": task.site.longitude,
            "hours": float(task.hours_per_week),
            "level": task.level,
            "time_pressure": task.time_pressure,
            "physical_load": task.physical_load,
            "category": task.category,
            "mode": task.mode,
        }
        for task in tasks
    ]
    org_records = []
    team_free: dict[str, float] = {}
    org_free: dict[str, float] = {}
    for org_id, organisation in organisations.items():
        groups = []
        for team in (t for t in teams if t.organisation_id == org_id):
            team_free[f"g{team.pk}"] = _free(team.capacity_hours - team.used_hours)
            groups.append(
                {
                    "id": f"g{team.pk}",
                    "capacity_hours": team_free[f"g{team.pk}"],
                    "max_level": team.max_level,
                    "max_time_pressure": team.max_time_pressure,
                    "max_physical_load": team.max_physical_load,
                    "supervision_ratio": float(team.supervision_ratio),
                }
            )
        org_free[f"o{org_id}"] = _free(
            organisation.supervision_hours - used_supervision.get(org_id, Decimal(0))
        )
        org_records.append(
            {
                "id": f"o{org_id}",
                "lat": organisation.latitude,
                "lon": organisation.longitude,
                "radius_km": float(organisation.radius_km),
                "categories": categories.get(org_id, []),
                "onsite": organisation.onsite,
                "inhouse": organisation.inhouse,
                "supervision_hours": org_free[f"o{org_id}"],
                "groups": groups,
            }
        )
    data = {
        "format": engine_instance.INSTANCE_FORMAT,
        "params": dict(params or {}),
        "tasks": task_records,
        "organisations": org_records,
    }
    return BuiltInstance(
        data=data,
        instance=parse_instance(data),
        team_free_hours=team_free,
        organisation_free_supervision=org_free,
        province=province,
        company_ids=None if company_ids is None else list(company_ids),
    )


def run_create(
    *,
    started_by: Any = None,
    scope: str = MatchingRun.Scope.ALL,
    province: str = "",
    company_ids: Iterable[int] = (),
    time_limit: float = DEFAULT_TIME_LIMIT,
    seed: int = 0,
) -> MatchingRun:
    """Store a queued run and hand it to a worker once the row is committed."""

    with transaction.atomic():
        run = MatchingRun.objects.create(
            started_by=started_by,
            scope=scope,
            scope_province=province if scope == MatchingRun.Scope.PROVINCE else "",
            parameters={"time_limit": float(time_limit), "seed": int(seed)},
        )
        if scope == MatchingRun.Scope.COMPANIES:
            run.scope_companies.set(list(company_ids))
        # Enqueue only after commit: a worker must never look for a row that is not there.
        transaction.on_commit(lambda: run_enqueue(run_id=run.pk))
    return run


WAITING_MESSAGE = "waiting for the job queue; the run starts as soon as it is reachable"


def run_enqueue(*, run_id: int) -> bool:
    """Hand the run to the workers. When the broker is down the run stays queued, says it
    is waiting, and `runs_watch` sends it again once the broker answers."""
    from matching.tasks import matching_run_execute

    try:
        matching_run_execute.apply_async(
            (run_id,),
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0.2, "interval_step": 0.2},
        )
    except Exception as exc:  # kombu raises several kinds of connection errors
        logger.warning("matching run %s could not be enqueued: %s", run_id, exc)
        MatchingRun.objects.filter(pk=run_id, status=MatchingRun.Status.QUEUED).update(
            progress_message=WAITING_MESSAGE
        )
        return False
    return True


STALE_AFTER = timedelta(minutes=5)
REQUEUE_AFTER = timedelta(seconds=60)


def runs_watch(
    *, stale_after: timedelta = STALE_AFTER, requeue_after: timedelta = REQUEUE_AFTER
) -> dict[str, int]:
    """The watchdog celery beat calls every minute.

    A running run whose worker gave no sign of life for `stale_after` is failed with the
    reason (its proposals were never written: they are saved in one transaction at the
    end). A run still queued after `requeue_after` is sent again: a second delivery is
    harmless, since only one worker can claim it."""
    now = timezone.now()
    stale = MatchingRun.objects.filter(
        status=MatchingRun.Status.RUNNING, heartbeat_at__lt=now - stale_after
    )
    failed = 0
    for run in stale:
        failed += MatchingRun.objects.filter(
            pk=run.pk, status=MatchingRun.Status.RUNNING, heartbeat_at=run.heartbeat_at
        ).update(
            status=MatchingRun.Status.FAILED,
            finished_at=now,
            error=(
                f"The worker stopped responding: no sign of life since {run.heartbeat_at:%H:%M:%S}"
                " UTC. No proposals were saved; start the run again."
            ),
        )
    waiting = list(
        MatchingRun.objects.filter(
            status=MatchingRun.Status.QUEUED, created_at__lt=now - requeue_after
        ).values_list("pk", flat=True)
    )
    sent = sum(run_enqueue(run_id=pk) for pk in waiting)
    return {"failed": failed, "requeued": sent}


def run_claim(*, run_id: int) -> bool:
    """Move a queued run to running; False when another delivery already has it."""
    now = timezone.now()
    claimed = MatchingRun.objects.filter(pk=run_id, status=MatchingRun.Status.QUEUED).update(
        status=MatchingRun.Status.RUNNING, started_at=now, heartbeat_at=now, progress=0.0
    )
    return claimed == 1


def run_progress(*, run_id: int, fraction: float, message: str) -> None:
    MatchingRun.objects.filter(pk=run_id, status=MatchingRun.Status.RUNNING).update(
        progress=min(1.0, max(0.0, fraction)),
        progress_message=message[:200],
        heartbeat_at=timezone.now(),
    )


def run_fail(*, run_id: int, error: str) -> None:
    MatchingRun.objects.filter(pk=run_id).exclude(status=MatchingRun.Status.SUCCEEDED).update(
        status=MatchingRun.Status.FAILED, error=error[:5000], finished_at=timezone.now()
    )


def run_instance(*, run: MatchingRun) -> BuiltInstance:
    company_ids = None
    if run.scope == MatchingRun.Scope.COMPANIES:
        company_ids = list(run.scope_companies.values_list("pk", flat=True))
    return instance_build(
        province=run.scope_province if run.scope == MatchingRun.Scope.PROVINCE else "",
        company_ids=company_ids,
        params=run.parameters.get("params"),
    )


def run_execute(*, run_id: int) -> MatchingRun | None:
    """Claim the run, solve, and store its proposals; None when it was not ours to run."""
    if not run_claim(run_id=run_id):
        return None
    run = MatchingRun.objects.get(pk=run_id)
    try:
        built = run_instance(run=run)
        solution = solve(
            built.instance,
            time_limit=float(run.parameters.get("time_limit", DEFAULT_TIME_LIMIT)),
            seed=int(run.parameters.get("seed", 0)),
            progress=lambda fraction, message: run_progress(
                run_id=run_id, fraction=fraction, message=message
            ),
        )
        proposals_save(run=run, built=built, solution=solution)
    except Exception as exc:
        logger.exception("matching run %s failed", run_id)
        run_fail(run_id=run_id, error=f"{type(exc).__name__}: {exc}")
    run.refresh_from_db()
    return run


def _explain(built: BuiltInstance, package: Any) -> dict[str, Any]:
    inst = built.instance
    org = inst.organisation_by_id[package.organisation]
    group = inst.group_by_id[package.group]
    tasks = [inst.task_by_id[t] for t in package.tasks]
    hours = sum(t.hours for t in tasks)
    return {
        "tasks": [
            {
                "task": t.id,
                "hours": t.hours,
                "level": t.level,
                "max_level": group.max_level,
                "time_pressure": t.time_pressure,
                "max_time_pressure": group.max_time_pressure,
                "physical_load": t.physical_load,
                "max_physical_load": group.max_physical_load,
                "distance_km": round(distance_km(t, org), 2),
                "radius_km": org.radius_km,
                "mode": t.mode,
                "onsite": org.onsite,
                "inhouse": org.inhouse,
            }
            for t in tasks
        ],
        "hours": hours,
        "team_free_hours_at_run": built.team_free_hours[group.id],
        "supervision_needed": round(hours * group.supervision_ratio, 3),
        "organisation_free_supervision_at_run": built.organisation_free_supervision[org.id],
    }


def proposals_save(*, run: MatchingRun, built: BuiltInstance, solution: Solution) -> None:
    """Write the run's packages, proposals and history, and close the run — all or nothing."""
    inst = built.instance
    with transaction.atomic():
        # Earlier proposals for the same tasks are superseded by this run's answer.
        # (A subquery, not a list of ids: a run may hold tens of thousands of tasks, and
        # PostgreSQL refuses FOR UPDATE together with DISTINCT.)
        in_scope = tasks_open_for_matching(
            province=built.province, company_ids=built.company_ids
        ).values("pk")
        stale_ids = TaskPackage.objects.filter(
            status=TaskPackage.Status.PROPOSED, tasks__in=in_scope
        ).values("pk")
        stale = list(TaskPackage.objects.select_for_update().filter(pk__in=stale_ids))
        for package in stale:
            package.status = TaskPackage.Status.REJECTED
            package.save(update_fields=["status", "updated_at"])
        PackageEvent.objects.bulk_create(
            PackageEvent(
                package=p,
                action="superseded",
                from_status=TaskPackage.Status.PROPOSED,
                to_status=TaskPackage.Status.REJECTED,
                reason=f"superseded by matching run {run.pk}",
            )
            for p in stale
        )

        packages = []
        for pkg in solution.packages:
            hours = sum(inst.task_by_id[t].hours for t in pkg.tasks)
            packages.append(
                TaskPackage(
                    company_id=int(pkg.company[1:]),
                    organisation_id=int(pkg.organisation[1:]),
                    team_id=int(pkg.group[1:]),
                    status=TaskPackage.Status.PROPOSED,
                    hours_per_week=Decimal(str(round(hours, 1))),
                )
            )
        TaskPackage.objects.bulk_create(packages)
        through = TaskPackage.tasks.through
        through.objects.bulk_create(
            through(taskpackage_id=package.pk, task_id=int(t[1:]))
            for package, pkg in zip(packages, solution.packages, strict=True)
            for t in pkg.tasks
        )
        params = inst.params
        Proposal.objects.bulk_create(
            Proposal(
                run=run,
                package=package,
                score=_package_score(inst, pkg, params),
                explanation=_explain(built, pkg),
            )
            for package, pkg in zip(packages, solution.packages, strict=True)
        )
        PackageEvent.objects.bulk_create(
            PackageEvent(
                package=package,
                actor=run.started_by,
                action="proposed",
                to_status=TaskPackage.Status.PROPOSED,
                reason=f"matching run {run.pk}",
            )
            for package in packages
        )
        stats = solution.stats
        MatchingRun.objects.filter(pk=run.pk).update(
            status=MatchingRun.Status.SUCCEEDED,
            progress=1.0,
            progress_message="done",
            finished_at=timezone.now(),
            score=stats.get("score"),
            bound=stats.get("bound"),
            hours_placed=stats.get("hours_placed"),
            stats={**stats, "tasks": len(inst.tasks), "packages": len(packages)},
            instance=built.data,
        )


def _package_score(inst: Instance, pkg: Any, params: Any) -> float:
    from matching.engine.validate import score_package

    org = inst.organisation_by_id[pkg.organisation]
    group = inst.group_by_id[pkg.group]
    return round(score_package(params, org, group, [inst.task_by_id[t] for t in pkg.tasks]), 6)


def run_export(*, run: MatchingRun) -> tuple[dict[str, Any], dict[str, Any]]:
    """The instance the run solved and its proposals, in the spec's formats."""
    proposals = run.proposals.select_related("package").prefetch_related("package__tasks")
    packages = [
        {
            "company": f"c{p.package.company_id}",
            "organisation": f"o{p.package.organisation_id}",
            "group": f"g{p.package.team_id}",
            "tasks": [f"t{t.pk}" for t in p.package.tasks.all()],
        }
        for p in proposals
    ]
    document = {
        "format": engine_instance.PROPOSALS_FORMAT,
        "packages": packages,
        "stats": run.stats,
    }
    return run.instance or {}, document
