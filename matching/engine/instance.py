"""The `gewaardeerd-matching/1` instance: frozen dataclasses, a strict parser and an exporter.

The parser refuses anything outside the contract of spec/matching.md with an `InstanceError`
whose message names the record and the field, so that a coach (or the platform) can fix the
source data. It never repairs input silently.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

INSTANCE_FORMAT = "gewaardeerd-matching/1"
PROPOSALS_FORMAT = "gewaardeerd-proposals/1"

# Stable codes of spec/taxonomy.md; the Django side imports them from here.
CATEGORIES: tuple[str, ...] = (
    "packaging",
    "assembly",
    "cleaning",
    "green",
    "catering",
    "logistics",
    "admin",
    "laundry",
    "textile",
    "recycling",
    "reception",
    "maintenance",
    "transport",
    "digital",
    "other",
)
MODES: tuple[str, ...] = ("onsite", "inhouse", "either")
LEVELS = range(1, 6)
LOADS = range(1, 4)  # time pressure and physical load: low, medium, high

DEFAULT_PARAMS: dict[str, float] = {
    "min_package_hours": 4.0,
    "level_fit_weight": 0.10,
    "distance_weight": 0.10,
    "package_cost": 1.0,
}


class InstanceError(ValueError):
    """An instance that breaks the contract; the message names the record and the field."""


@dataclass(frozen=True, slots=True)
class Params:
    min_package_hours: float = 4.0
    level_fit_weight: float = 0.10
    distance_weight: float = 0.10
    package_cost: float = 1.0


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    company: str
    lat: float
    lon: float
    hours: float
    level: int
    time_pressure: int
    physical_load: int
    category: str
    mode: str


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    capacity_hours: float
    max_level: int
    max_time_pressure: int
    max_physical_load: int
    supervision_ratio: float


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    lat: float
    lon: float
    radius_km: float
    categories: tuple[str, ...]
    onsite: bool
    inhouse: bool
    supervision_hours: float
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Instance:
    # Not slotted: the lookups below are cached on first use (cached_property needs __dict__).
    params: Params
    tasks: tuple[Task, ...]
    organisations: tuple[Organisation, ...]

    @cached_property
    def task_by_id(self) -> dict[str, Task]:
        return {t.id: t for t in self.tasks}

    @cached_property
    def organisation_by_id(self) -> dict[str, Organisation]:
        return {o.id: o for o in self.organisations}

    @cached_property
    def group_by_id(self) -> dict[str, Group]:
        return {g.id: g for o in self.organisations for g in o.groups}

    @cached_property
    def organisation_of_group(self) -> dict[str, Organisation]:
        return {g.id: o for o in self.organisations for g in o.groups}

    @cached_property
    def companies(self) -> tuple[str, ...]:
        """Company ids in order of first appearance."""
        return tuple(dict.fromkeys(t.company for t in self.tasks))

    @cached_property
    def tasks_by_company(self) -> dict[str, tuple[Task, ...]]:
        out: dict[str, list[Task]] = {}
        for t in self.tasks:
            out.setdefault(t.company, []).append(t)
        return {c: tuple(ts) for c, ts in out.items()}


# --------------------------------------------------------------------------- parsing


def _where(kind: str, index: int, record: Any) -> str:
    rid = record.get("id") if isinstance(record, dict) else None
    if isinstance(rid, str) and rid:
        return f'{kind}[{index}] (id "{rid}")'
    return f"{kind}[{index}]"


def _get(record: dict[str, Any], key: str, where: str) -> Any:
    if key not in record:
        raise InstanceError(f"{where}: missing field {key!r}")
    return record[key]


def _number(record: dict[str, Any], key: str, where: str) -> float:
    value = _get(record, key, where)
    # bool is an int in Python; a JSON true is not a number of hours.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InstanceError(f"{where}: {key} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise InstanceError(f"{where}: {key} must be a finite number, got {value!r}")
    return float(value)


def _ranged(
    record: dict[str, Any],
    key: str,
    where: str,
    *,
    low: float,
    high: float | None = None,
    low_open: bool = False,
    text: str,
) -> float:
    value = _number(record, key, where)
    too_low = value <= low if low_open else value < low
    too_high = high is not None and value > high
    if too_low or too_high:
        raise InstanceError(f"{where}: {key} must be {text}, got {value:g}")
    return value


def _integer(record: dict[str, Any], key: str, where: str, allowed: range) -> int:
    value = _get(record, key, where)
    text = f"an integer from {allowed.start} to {allowed.stop - 1}"
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise InstanceError(f"{where}: {key} must be {text}, got {value!r}")
    return value


def _string(record: dict[str, Any], key: str, where: str) -> str:
    value = _get(record, key, where)
    if not isinstance(value, str) or not value.strip():
        raise InstanceError(f"{where}: {key} must be a non-empty string, got {value!r}")
    return value


def _choice(record: dict[str, Any], key: str, where: str, allowed: tuple[str, ...]) -> str:
    value = _get(record, key, where)
    if value not in allowed:
        raise InstanceError(f"{where}: {key} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def _boolean(record: dict[str, Any], key: str, where: str) -> bool:
    value = _get(record, key, where)
    if not isinstance(value, bool):
        raise InstanceError(f"{where}: {key} must be true or false, got {value!r}")
    return value


def _coordinates(record: dict[str, Any], where: str) -> tuple[float, float]:
    lat = _ranged(record, "lat", where, low=-90.0, high=90.0, text="a latitude from -90 to 90")
    lon = _ranged(record, "lon", where, low=-180.0, high=180.0, text="a longitude from -180 to 180")
    return lat, lon


def _parse_params(data: Any) -> Params:
    if data is None:
        return Params()
    if not isinstance(data, dict):
        raise InstanceError(f"params must be an object, got {type(data).__name__}")
    unknown = sorted(set(data) - set(DEFAULT_PARAMS))
    if unknown:
        raise InstanceError(f"params: unknown field {unknown[0]!r}")
    values = dict(DEFAULT_PARAMS)
    for key in data:
        values[key] = _ranged(data, key, "params", low=0.0, text="a number ≥ 0")
    return Params(**values)


def _parse_task(index: int, record: Any) -> Task:
    where = _where("tasks", index, record)
    if not isinstance(record, dict):
        raise InstanceError(f"{where}: must be an object, got {type(record).__name__}")
    lat, lon = _coordinates(record, where)
    return Task(
        id=_string(record, "id", where),
        company=_string(record, "company", where),
        lat=lat,
        lon=lon,
        hours=_ranged(
            record, "hours", where, low=0.0, high=40.0, low_open=True, text="> 0 and ≤ 40"
        ),
        level=_integer(record, "level", where, LEVELS),
        time_pressure=_integer(record, "time_pressure", where, LOADS),
        physical_load=_integer(record, "physical_load", where, LOADS),
        category=_choice(record, "category", where, CATEGORIES),
        mode=_choice(record, "mode", where, MODES),
    )


def _parse_group(where: str, record: Any) -> Group:
    if not isinstance(record, dict):
        raise InstanceError(f"{where}: must be an object, got {type(record).__name__}")
    return Group(
        id=_string(record, "id", where),
        capacity_hours=_ranged(record, "capacity_hours", where, low=0.0, text="a number ≥ 0"),
        max_level=_integer(record, "max_level", where, LEVELS),
        max_time_pressure=_integer(record, "max_time_pressure", where, LOADS),
        max_physical_load=_integer(record, "max_physical_load", where, LOADS),
        supervision_ratio=_ranged(record, "supervision_ratio", where, low=0.0, text="a number ≥ 0"),
    )


def _parse_categories(record: dict[str, Any], where: str) -> tuple[str, ...]:
    value = _get(record, "categories", where)
    if not isinstance(value, list):
        raise InstanceError(f"{where}: categories must be a list of category codes")
    seen: list[str] = []
    for code in value:
        if code not in CATEGORIES:
            raise InstanceError(
                f"{where}: categories has unknown category {code!r} "
                f"(known: {', '.join(CATEGORIES)})"
            )
        if code in seen:
            raise InstanceError(f"{where}: categories lists {code!r} twice")
        seen.append(code)
    return tuple(seen)


def _parse_organisation(index: int, record: Any) -> Organisation:
    where = _where("organisations", index, record)
    if not isinstance(record, dict):
        raise InstanceError(f"{where}: must be an object, got {type(record).__name__}")
    oid = _string(record, "id", where)
    lat, lon = _coordinates(record, where)
    groups_data = _get(record, "groups", where)
    if not isinstance(groups_data, list):
        raise InstanceError(f"{where}: groups must be a list")
    groups = tuple(
        _parse_group(f"{where}.{_where('groups', j, g)}", g) for j, g in enumerate(groups_data)
    )
    return Organisation(
        id=oid,
        lat=lat,
        lon=lon,
        # A zero radius would make the distance term of the score 0/0.
        radius_km=_ranged(record, "radius_km", where, low=0.0, low_open=True, text="a number > 0"),
        categories=_parse_categories(record, where),
        onsite=_boolean(record, "onsite", where),
        inhouse=_boolean(record, "inhouse", where),
        supervision_hours=_ranged(record, "supervision_hours", where, low=0.0, text="a number ≥ 0"),
        groups=groups,
    )


def _check_unique_ids(tasks: tuple[Task, ...], orgs: tuple[Organisation, ...]) -> None:
    seen_tasks: dict[str, int] = {}
    for i, t in enumerate(tasks):
        if t.id in seen_tasks:
            raise InstanceError(
                f'tasks[{i}] (id "{t.id}"): id is a duplicate of tasks[{seen_tasks[t.id]}]'
            )
        seen_tasks[t.id] = i
    seen_orgs: dict[str, int] = {}
    seen_groups: dict[str, str] = {}
    for i, o in enumerate(orgs):
        if o.id in seen_orgs:
            raise InstanceError(
                f'organisations[{i}] (id "{o.id}"): id is a duplicate of '
                f"organisations[{seen_orgs[o.id]}]"
            )
        seen_orgs[o.id] = i
        for j, g in enumerate(o.groups):
            if g.id in seen_groups:
                raise InstanceError(
                    f'organisations[{i}] (id "{o.id}").groups[{j}] (id "{g.id}"): '
                    f"group id is already used in organisation {seen_groups[g.id]!r} "
                    "(group ids must be unique over the whole instance)"
                )
            seen_groups[g.id] = o.id


def parse_instance(data: Any) -> Instance:
    """Validate a decoded `gewaardeerd-matching/1` document and build an `Instance`."""
    if not isinstance(data, dict):
        raise InstanceError(f"instance must be a JSON object, got {type(data).__name__}")
    fmt = data.get("format")
    if fmt != INSTANCE_FORMAT:
        raise InstanceError(f"format must be {INSTANCE_FORMAT!r}, got {fmt!r}")
    params = _parse_params(data.get("params"))
    for key in ("tasks", "organisations"):
        if not isinstance(data.get(key), list):
            raise InstanceError(f"{key} must be a list")
    tasks = tuple(_parse_task(i, r) for i, r in enumerate(data["tasks"]))
    orgs = tuple(_parse_organisation(i, r) for i, r in enumerate(data["organisations"]))
    _check_unique_ids(tasks, orgs)
    return Instance(params=params, tasks=tasks, organisations=orgs)


def load_instance(path: str | Path) -> Instance:
    """Read and validate an instance file; every problem becomes an `InstanceError`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstanceError(f"cannot read {path}: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstanceError(f"{path} is not valid JSON: {exc}") from None
    return parse_instance(data)


def instance_to_dict(instance: Instance) -> dict[str, Any]:
    """The `gewaardeerd-matching/1` document of an instance (inverse of `parse_instance`)."""
    p = instance.params
    return {
        "format": INSTANCE_FORMAT,
        "params": {
            "min_package_hours": p.min_package_hours,
            "level_fit_weight": p.level_fit_weight,
            "distance_weight": p.distance_weight,
            "package_cost": p.package_cost,
        },
        "tasks": [
            {
                "id": t.id,
                "company": t.company,
                "lat": t.lat,
                "lon": t.lon,
                "hours": t.hours,
                "level": t.level,
                "time_pressure": t.time_pressure,
                "physical_load": t.physical_load,
                "category": t.category,
                "mode": t.mode,
            }
            for t in instance.tasks
        ],
        "organisations": [
            {
                "id": o.id,
                "lat": o.lat,
                "lon": o.lon,
                "radius_km": o.radius_km,
                "categories": list(o.categories),
                "onsite": o.onsite,
                "inhouse": o.inhouse,
                "supervision_hours": o.supervision_hours,
                "groups": [
                    {
                        "id": g.id,
                        "capacity_hours": g.capacity_hours,
                        "max_level": g.max_level,
                        "max_time_pressure": g.max_time_pressure,
                        "max_physical_load": g.max_physical_load,
                        "supervision_ratio": g.supervision_ratio,
                    }
                    for g in o.groups
                ],
            }
            for o in instance.organisations
        ],
    }


# --------------------------------------------------------------------------- answers


@dataclass(frozen=True, slots=True)
class Package:
    """The tasks of one company given to one group (a *takenpakket*)."""

    company: str
    organisation: str
    group: str
    tasks: tuple[str, ...]


def proposals_to_dict(packages: list[Package], stats: dict[str, Any]) -> dict[str, Any]:
    """The `gewaardeerd-proposals/1` document for a list of packages."""
    return {
        "format": PROPOSALS_FORMAT,
        "packages": [
            {
                "company": p.company,
                "organisation": p.organisation,
                "group": p.group,
                "tasks": list(p.tasks),
            }
            for p in packages
        ],
        "stats": dict(stats),
    }
