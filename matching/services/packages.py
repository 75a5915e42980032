"""Task packages under review: the spec's rules re-checked with today's capacity, and the
coach's decisions (approve and offer, reject), each kept in the package's history."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, Sum

from organisations.models import Organisation, Team
from tasks.models import PackageEvent, TaskPackage


class PackageRuleError(Exception):
    """A change that would break a rule of the matching spec, or a status conflict."""

    def __init__(self, rule: int, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message

    def __str__(self) -> str:
        return f"rule {self.rule}: {self.message}" if self.rule else self.message


def _engine_records(package: TaskPackage, team: Team, organisation: Organisation) -> tuple:
    from matching.engine.instance import Group
    from matching.engine.instance import Organisation as EngineOrganisation
    from matching.engine.instance import Task as EngineTask

    group = Group(
        id=f"g{team.pk}",
        capacity_hours=float(team.capacity_hours),
        max_level=team.max_level,
        max_time_pressure=team.max_time_pressure,
        max_physical_load=team.max_physical_load,
        supervision_ratio=float(team.supervision_ratio),
    )
    org = EngineOrganisation(
        id=f"o{organisation.pk}",
        lat=organisation.latitude,
        lon=organisation.longitude,
        radius_km=float(organisation.radius_km),
        categories=tuple(organisation.categories.values_list("code", flat=True)),
        onsite=organisation.onsite,
        inhouse=organisation.inhouse,
        supervision_hours=float(organisation.supervision_hours),
        groups=(group,),
    )
    tasks = [
        (
            task,
            EngineTask(
                id=f"t{task.pk}",
                company=f"c{task.job_description.company_id}",
                lat=task.site.latitude,
                lon=task.site.longitude,
                hours=float(task.hours_per_week),
                level=task.level,
                time_pressure=task.time_pressure,
                physical_load=task.physical_load,
                category=task.category,
                mode=task.mode,
            ),
        )
        for task in package.tasks.select_related("site", "job_description")
    ]
    return group, org, tasks


def _reserved_elsewhere(others: Any, team: Team, organisation: Organisation) -> tuple[float, float]:
    """Hours the team and supervision hours the organisation already give to the other
    reserving packages (`others`)."""
    team_used = float(others.filter(team=team).aggregate(s=Sum("hours_per_week"))["s"] or 0)
    supervision = sum(
        float(t.supervision_ratio) * float(t.used or 0)
        for t in Team.objects.filter(organisation=organisation).annotate(
            used=Sum("packages__hours_per_week", filter=Q(packages__in=others))
        )
    )
    return team_used, supervision


def package_check(
    *, package: TaskPackage, min_package_hours: float = 4.0
) -> list[PackageRuleError]:
    """Every rule of the spec the package would break if it were reserved now."""
    from matching.engine.validate import misfits

    team, organisation = package.team, package.organisation
    group, org, tasks = _engine_records(package, team, organisation)
    problems: list[PackageRuleError] = []
    if team.organisation_id != organisation.pk:
        problems.append(PackageRuleError(1, "the team does not belong to the organisation"))
    hours = sum(float(t.hours_per_week) for t, _ in tasks)
    for task, engine_task in tasks:
        if task.job_description.company_id != package.company_id:
            problems.append(PackageRuleError(3, f"task “{task}” belongs to another company"))
        for reason in misfits(engine_task, group, org):
            problems.append(PackageRuleError(4, f"task “{task}”: {reason}"))
    others = TaskPackage.objects.filter(status__in=TaskPackage.RESERVING).exclude(pk=package.pk)
    taken = others.filter(tasks__in=[t.pk for t, _ in tasks]).distinct()
    for other in taken:
        problems.append(PackageRuleError(2, f"a task is already in package {other.pk}"))
    if others.filter(company_id=package.company_id, team_id=team.pk).exists():
        problems.append(PackageRuleError(2, "this company already has a package with this team"))
    team_used, supervision = _reserved_elsewhere(others, team, organisation)
    if team_used + hours > float(team.capacity_hours) + 1e-6:
        problems.append(
            PackageRuleError(
                5,
                f"the team has {float(team.capacity_hours) - team_used:g} h free, "
                f"the package needs {hours:g} h",
            )
        )
    needed = hours * float(team.supervision_ratio)
    if supervision + needed > float(organisation.supervision_hours) + 1e-6:
        problems.append(
            PackageRuleError(
                6,
                f"the organisation has {float(organisation.supervision_hours) - supervision:g} "
                f"supervision hours free, the package needs {needed:g}",
            )
        )
    if hours < min_package_hours - 1e-6:
        problems.append(
            PackageRuleError(7, f"the package has {hours:g} h, at least {min_package_hours:g}")
        )
    return problems


def _package_event(package: TaskPackage, actor: Any, action: str, old: str, reason: str) -> None:
    PackageEvent.objects.create(
        package=package,
        actor=actor,
        action=action,
        from_status=old,
        to_status=package.status,
        reason=reason,
    )


def _locked_package(package_id: int, expected: str) -> TaskPackage:
    package = TaskPackage.objects.select_for_update().get(pk=package_id)
    if package.status != expected:
        raise PackageRuleError(
            0, f"the package is {package.get_status_display()} now; someone else changed it"
        )
    return package


def package_approve(*, package: TaskPackage, coach: Any) -> TaskPackage:
    """Approve a proposal and offer it to its organisation, re-checking every rule with
    the capacity of this moment. Row locks on the team and organisation serialise
    approvals that compete for the same hours: one wins, the other gets a conflict."""
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=package.organisation_id)
        Team.objects.select_for_update().get(pk=package.team_id)
        package = _locked_package(package.pk, TaskPackage.Status.PROPOSED)
        problems = package_check(package=package)
        if problems:
            raise problems[0]
        package.status = TaskPackage.Status.APPROVED
        package.save(update_fields=["status", "updated_at"])
        _package_event(package, coach, "approved", TaskPackage.Status.PROPOSED, "")
        package.status = TaskPackage.Status.OFFERED
        package.save(update_fields=["status", "updated_at"])
        _package_event(package, coach, "offered", TaskPackage.Status.APPROVED, "")
        transaction.on_commit(lambda: package_offer_mail_send(package_id=package.pk))
    return package


def package_reject(*, package: TaskPackage, coach: Any, reason: str) -> TaskPackage:
    if not reason.strip():
        raise PackageRuleError(0, "a rejection needs a reason")
    with transaction.atomic():
        package = TaskPackage.objects.select_for_update().get(pk=package.pk)
        if not package.can_move_to(TaskPackage.Status.REJECTED):
            raise PackageRuleError(
                0, f"a package that is {package.get_status_display()} cannot be rejected"
            )
        old = package.status
        package.status = TaskPackage.Status.REJECTED
        package.save(update_fields=["status", "updated_at"])
        _package_event(package, coach, "rejected", old, reason.strip())
    return package


def package_offer_mail_send(*, package_id: int) -> None:
    from django.utils.translation import gettext as _

    from core.mail import mail_in_each_language

    package = TaskPackage.objects.select_related("company", "organisation", "team").get(
        pk=package_id
    )
    recipients = [
        *package.organisation.memberships.values_list("user__email", flat=True),
        *package.company.memberships.values_list("user__email", flat=True),
        package.organisation.contact_email,
    ]

    def render() -> tuple[str, str]:
        values = {
            "hours": package.hours_per_week,
            "company": package.company.name,
            "team": package.team,
        }
        subject = _("A task package is offered: %(company)s → %(team)s") % values
        body = (
            _(
                "A Hefboom coach approved a task package of %(hours)s hours per week from "
                "%(company)s for %(team)s. The organisation can now accept or decline it."
            )
            % values
        )
        return subject, body

    mail_in_each_language(recipients=recipients, render=render)


# --------------------------------------------------------------------------- adjusting

ADJUSTABLE = (TaskPackage.Status.PROPOSED,)


def _package_hours_refresh(package: TaskPackage) -> None:
    package.hours_per_week = package.tasks.aggregate(s=Sum("hours_per_week"))["s"] or 0
    package.save(update_fields=["hours_per_week", "updated_at"])


def _raise_first(package: TaskPackage) -> None:
    problems = package_check(package=package)
    if problems:
        raise problems[0]


def package_task_remove(*, package: TaskPackage, task: Any, coach: Any) -> TaskPackage:
    """Take a task out of a proposal; refused (and nothing changes) when what is left
    breaks a rule, e.g. falls under the minimum package hours."""
    with transaction.atomic():
        Team.objects.select_for_update().get(pk=package.team_id)
        package = _locked_package(package.pk, TaskPackage.Status.PROPOSED)
        if not package.tasks.filter(pk=task.pk).exists():
            raise PackageRuleError(0, f"task “{task}” is not in this package")
        package.tasks.remove(task)
        if not package.tasks.exists():
            raise PackageRuleError(7, "a package needs at least one task; reject it instead")
        _package_hours_refresh(package)
        _raise_first(package)
        _package_event(package, coach, "task removed", package.status, f"{task} ({task.pk})")
    return package


def package_task_move(
    *,
    package: TaskPackage,
    task: Any,
    coach: Any,
    target: TaskPackage | None = None,
    team: Team | None = None,
) -> TaskPackage:
    """Move a task to another proposal of the same company, or to a new proposal for
    another team. Both packages are re-checked; a broken rule refuses the whole move."""
    if (target is None) == (team is None):
        raise PackageRuleError(0, "choose either a package or a team to move the task to")
    with transaction.atomic():
        teams = [package.team_id, target.team_id if target else team.pk]
        list(Team.objects.select_for_update().filter(pk__in=teams).order_by("pk"))
        package = _locked_package(package.pk, TaskPackage.Status.PROPOSED)
        if not package.tasks.filter(pk=task.pk).exists():
            raise PackageRuleError(0, f"task “{task}” is not in this package")
        if target is None:
            if TaskPackage.objects.filter(
                company_id=package.company_id, team=team, status__in=ADJUSTABLE
            ).exists():
                raise PackageRuleError(
                    2, "this company already has a proposal for that team: move it there"
                )
            target = TaskPackage.objects.create(
                company_id=package.company_id,
                organisation_id=team.organisation_id,
                team=team,
                status=TaskPackage.Status.PROPOSED,
            )
            _package_event(target, coach, "created by a coach", "", f"for task {task.pk}")
        else:
            target = _locked_package(target.pk, TaskPackage.Status.PROPOSED)
            if target.company_id != package.company_id:
                raise PackageRuleError(3, "the other package belongs to another company")
        package.tasks.remove(task)
        target.tasks.add(task)
        for changed in (package, target):
            _package_hours_refresh(changed)
        if package.tasks.exists():
            _raise_first(package)
        else:
            package.status = TaskPackage.Status.REJECTED
            package.save(update_fields=["status", "updated_at"])
            _package_event(package, coach, "emptied", TaskPackage.Status.PROPOSED, "")
        _raise_first(target)
        _package_event(package, coach, "task moved out", package.status, f"to package {target.pk}")
        _package_event(target, coach, "task moved in", target.status, f"from package {package.pk}")
    return target


def package_fit_report(*, package: TaskPackage) -> dict[str, Any]:
    """Why each task fits the team (or not), and what the package does to the team's
    capacity and the organisation's supervision if it is reserved now."""
    from matching.engine.validate import distance_km, misfits

    team, organisation = package.team, package.organisation
    group, org, tasks = _engine_records(package, team, organisation)
    rows = [
        {
            "task": task,
            "hours": float(task.hours_per_week),
            "level": (task.level, team.max_level),
            "time_pressure": (task.time_pressure, team.max_time_pressure),
            "physical_load": (task.physical_load, team.max_physical_load),
            "distance": (round(distance_km(engine_task, org), 1), float(organisation.radius_km)),
            "mode": task.get_mode_display(),
            "misfits": misfits(engine_task, group, org),
        }
        for task, engine_task in tasks
    ]
    others = TaskPackage.objects.filter(status__in=TaskPackage.RESERVING).exclude(pk=package.pk)
    team_used, org_used = _reserved_elsewhere(others, team, organisation)
    hours = sum(r["hours"] for r in rows)
    return {
        "rows": rows,
        "hours": hours,
        "team_capacity": float(team.capacity_hours),
        "team_used": team_used,
        "team_after": team_used + hours,
        "supervision": float(organisation.supervision_hours),
        "supervision_used": org_used,
        "supervision_after": org_used + hours * float(team.supervision_ratio),
        "problems": [str(p) for p in package_check(package=package)],
    }
