"""The matching engine: pure Python, no Django. See spec/matching.md.

Plain dataclasses in, packages out; the JSON formats `gewaardeerd-matching/1` and
`gewaardeerd-proposals/1` at its edge.
"""

from __future__ import annotations

from .geo import haversine_km
from .greedy import greedy_assign
from .instance import (
    CATEGORIES,
    INSTANCE_FORMAT,
    MODES,
    PROPOSALS_FORMAT,
    Group,
    Instance,
    InstanceError,
    Organisation,
    Package,
    Params,
    Task,
    instance_to_dict,
    load_instance,
    parse_instance,
    proposals_to_dict,
)
from .solver import Solution, greedy_solution, solve
from .validate import CheckResult, Violation, check_answer, score_package, task_value

__all__ = [
    "CATEGORIES",
    "INSTANCE_FORMAT",
    "MODES",
    "PROPOSALS_FORMAT",
    "CheckResult",
    "Group",
    "Instance",
    "InstanceError",
    "Organisation",
    "Package",
    "Params",
    "Solution",
    "Task",
    "Violation",
    "check_answer",
    "greedy_assign",
    "greedy_solution",
    "haversine_km",
    "instance_to_dict",
    "load_instance",
    "parse_instance",
    "proposals_to_dict",
    "score_package",
    "solve",
    "task_value",
]
