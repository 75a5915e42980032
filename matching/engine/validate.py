"""The seven validity rules of spec/matching.md and the score, in one place.

`check_answer` trusts nothing in the answer: it accepts any decoded JSON, reports each
broken rule with its number (rule 0 = the document's shape) and recomputes score and hours.
The solver uses `task_value` and `score_package` from here so the value formula exists once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .geo import haversine_km
from .instance import PROPOSALS_FORMAT, Group, Instance, Organisation, Params, Task

TOLERANCE = 1e-6  # the spec's allowance for rounding in every comparison


@dataclass(frozen=True, slots=True)
class Violation:
    rule: int  # 1-7 as numbered in the spec; 0 for a malformed document
    message: str


@dataclass(slots=True)
class CheckResult:
    valid: bool
    violations: list[Violation] = field(default_factory=list)
    score: float = 0.0
    hours_placed: float = 0.0


def distance_km(task: Task, org: Organisation) -> float:
    return haversine_km(task.lat, task.lon, org.lat, org.lon)


def misfits(task: Task, group: Group, org: Organisation, dist: float | None = None) -> list[str]:
    """Why a task does not fit a group (rule 4); empty when it fits."""
    reasons = []
    if task.category not in org.categories:
        reasons.append(f"category {task.category!r} is not done by organisation {org.id!r}")
    if task.level > group.max_level:
        reasons.append(f"level {task.level} > max_level {group.max_level}")
    if task.time_pressure > group.max_time_pressure:
        reasons.append(
            f"time_pressure {task.time_pressure} > max_time_pressure {group.max_time_pressure}"
        )
    if task.physical_load > group.max_physical_load:
        reasons.append(
            f"physical_load {task.physical_load} > max_physical_load {group.max_physical_load}"
        )
    if dist is None:
        dist = distance_km(task, org)
    if dist > org.radius_km + TOLERANCE:
        reasons.append(f"distance {dist:.3f} km > radius_km {org.radius_km:g}")
    if task.mode == "onsite" and not org.onsite:
        reasons.append(f"mode onsite but organisation {org.id!r} does not work onsite")
    elif task.mode == "inhouse" and not org.inhouse:
        reasons.append(f"mode inhouse but organisation {org.id!r} does not work inhouse")
    elif task.mode == "either" and not (org.onsite or org.inhouse):
        reasons.append(f"organisation {org.id!r} works neither onsite nor inhouse")
    return reasons


def fits(task: Task, group: Group, org: Organisation, dist: float | None = None) -> bool:
    return not misfits(task, group, org, dist)


def task_value(
    params: Params, task: Task, group: Group, org: Organisation, dist: float | None = None
) -> float:
    """A task's contribution to its package's score (before the package cost)."""
    if dist is None:
        dist = distance_km(task, org)
    per_hour = (
        1.0
        - params.level_fit_weight * (group.max_level - task.level) / 4.0
        - params.distance_weight * dist / org.radius_km
    )
    return task.hours * per_hour


def score_package(
    params: Params, org: Organisation, group: Group, tasks: list[Task] | tuple[Task, ...]
) -> float:
    return sum(task_value(params, t, group, org) for t in tasks) - params.package_cost


# --------------------------------------------------------------------------- checking


@dataclass(slots=True)
class _Parsed:
    """A package whose references resolved well enough to be scored."""

    index: int
    company: str
    org: Organisation
    group: Group
    tasks: list[Task]


class _Checker:
    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.violations: list[Violation] = []

    def add(self, rule: int, message: str) -> None:
        self.violations.append(Violation(rule, message))

    def parse_package(self, index: int, raw: Any) -> _Parsed | None:
        where = f"packages[{index}]"
        if not isinstance(raw, dict):
            self.add(0, f"{where}: must be an object, got {type(raw).__name__}")
            return None
        company, org_id, group_id, task_ids = (
            raw.get("company"),
            raw.get("organisation"),
            raw.get("group"),
            raw.get("tasks"),
        )
        if not isinstance(task_ids, list) or not all(isinstance(t, str) for t in task_ids):
            self.add(0, f"{where}: tasks must be a list of task ids")
            return None
        inst = self.instance
        ok = True
        if not isinstance(company, str) or company not in inst.tasks_by_company:
            self.add(1, f"{where}: unknown company {company!r}")
            ok = False
        org = inst.organisation_by_id.get(org_id) if isinstance(org_id, str) else None
        if org is None:
            self.add(1, f"{where}: unknown organisation {org_id!r}")
            ok = False
        group = inst.group_by_id.get(group_id) if isinstance(group_id, str) else None
        if group is None:
            self.add(1, f"{where}: unknown group {group_id!r}")
            ok = False
        elif org is not None and inst.organisation_of_group[group.id].id != org.id:
            owner = inst.organisation_of_group[group.id].id
            self.add(1, f"{where}: group {group.id!r} belongs to {owner!r}, not {org.id!r}")
            ok = False
        tasks = []
        for tid in task_ids:
            task = inst.task_by_id.get(tid)
            if task is None:
                self.add(1, f"{where}: unknown task {tid!r}")
                ok = False
            else:
                tasks.append(task)
        if not ok or org is None or group is None or not isinstance(company, str):
            return None
        return _Parsed(index, company, org, group, tasks)

    def check_package(self, p: _Parsed) -> None:
        where = f"packages[{p.index}] ({p.company} → {p.group.id})"
        for t in p.tasks:
            if t.company != p.company:
                self.add(3, f"{where}: task {t.id!r} belongs to company {t.company!r}")
            reasons = misfits(t, p.group, p.org)
            if reasons:
                self.add(4, f"{where}: task {t.id!r} does not fit: {'; '.join(reasons)}")
        hours = sum(t.hours for t in p.tasks)
        minimum = self.instance.params.min_package_hours
        if hours < minimum - TOLERANCE:
            self.add(7, f"{where}: {hours:g} hours < min_package_hours {minimum:g}")

    def check_shared(self, parsed: list[_Parsed]) -> None:
        task_seen: dict[str, int] = {}
        pair_seen: dict[tuple[str, str], int] = {}
        group_hours: dict[str, float] = defaultdict(float)
        for p in parsed:
            for t in p.tasks:
                if t.id in task_seen:
                    self.add(
                        2,
                        f"task {t.id!r} is in packages[{task_seen[t.id]}] and packages[{p.index}]",
                    )
                else:
                    task_seen[t.id] = p.index
            key = (p.company, p.group.id)
            if key in pair_seen:
                self.add(
                    2,
                    f"company {p.company!r} has two packages for group {p.group.id!r}: "
                    f"packages[{pair_seen[key]}] and packages[{p.index}]",
                )
            else:
                pair_seen[key] = p.index
            group_hours[p.group.id] += sum(t.hours for t in p.tasks)
        self.check_capacity(group_hours)

    def check_capacity(self, group_hours: dict[str, float]) -> None:
        inst = self.instance
        for gid, hours in group_hours.items():
            g = inst.group_by_id[gid]
            if hours > g.capacity_hours + TOLERANCE:
                self.add(5, f"group {gid!r}: {hours:g} hours > capacity_hours {g.capacity_hours:g}")
        for o in inst.organisations:
            need = sum(g.supervision_ratio * group_hours.get(g.id, 0.0) for g in o.groups)
            if need > o.supervision_hours + TOLERANCE:
                self.add(
                    6,
                    f"organisation {o.id!r}: supervision {need:.4f} h > "
                    f"supervision_hours {o.supervision_hours:g}",
                )


def check_answer(instance: Instance, answer: Any) -> CheckResult:
    """Check a decoded `gewaardeerd-proposals/1` document against the seven rules."""
    checker = _Checker(instance)
    if not isinstance(answer, dict):
        checker.add(0, f"answer must be a JSON object, got {type(answer).__name__}")
        return CheckResult(False, checker.violations)
    if answer.get("format") != PROPOSALS_FORMAT:
        checker.add(0, f"format must be {PROPOSALS_FORMAT!r}, got {answer.get('format')!r}")
    packages = answer.get("packages")
    if not isinstance(packages, list):
        checker.add(0, "packages must be a list")
        return CheckResult(False, checker.violations)
    parsed = [p for i, raw in enumerate(packages) if (p := checker.parse_package(i, raw))]
    for p in parsed:
        checker.check_package(p)
    checker.check_shared(parsed)
    params = instance.params
    score = sum(score_package(params, p.org, p.group, p.tasks) for p in parsed)
    hours = sum(t.hours for p in parsed for t in p.tasks)
    violations = sorted(checker.violations, key=lambda v: v.rule)
    return CheckResult(not violations, violations, score, hours)
