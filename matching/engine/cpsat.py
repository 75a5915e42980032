"""The CP-SAT model of spec/matching.md over any subset of (task, group) pairs.

Used for the whole instance (small instances, and the "plain CP-SAT" baseline) and for
each neighbourhood of the large-neighbourhood search, where the rest of the answer is
fixed and only the residual capacity and supervision are available.

CP-SAT needs integers. Hours and supervision are scaled and rounded *conservatively*
(what a package uses rounds up, what a group or organisation offers rounds down, what a
package needs rounds up) so that every integer-feasible answer is feasible in the
floats the validator uses; exact multiples of 0.01 h stay exact, so nothing is lost on
realistic data. The objective is scaled too; the solver compares answers in floats.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from .prepare import Prepared

HOURS_SCALE = 100
SUPERVISION_SCALE = 10_000
VALUE_SCALE = 1_000
_EXACT = 1e-6  # a scaled value this close to an integer is taken as that integer


def scale_up(values: np.ndarray, scale: int) -> np.ndarray:
    scaled = np.asarray(values, dtype=float) * scale
    near = np.round(scaled)
    return np.where(np.abs(scaled - near) <= _EXACT, near, np.ceil(scaled)).astype(np.int64)


def scale_down(values: np.ndarray, scale: int) -> np.ndarray:
    scaled = np.asarray(values, dtype=float) * scale
    near = np.round(scaled)
    return np.where(np.abs(scaled - near) <= _EXACT, near, np.floor(scaled)).astype(np.int64)


@dataclass
class SubModel:
    model: cp_model.CpModel
    pairs: np.ndarray  # pair index of each x variable
    x: list[cp_model.IntVar]


def _groups_of(keys: np.ndarray) -> list[np.ndarray]:
    """Positions of equal keys, one array per distinct key."""
    order = np.argsort(keys, kind="stable")
    bounds = np.flatnonzero(np.diff(keys[order])) + 1
    return np.split(order, bounds)


def build_model(
    prep: Prepared,
    pairs: np.ndarray,
    group_capacity: np.ndarray,
    org_supervision: np.ndarray,
    hint: np.ndarray | None = None,
) -> SubModel:
    """Model choosing among `pairs`; capacities are per group/org index (residual ones).

    `hint` is a boolean per pair of `pairs` (a feasible answer to start from)."""
    params = prep.instance.params
    m = cp_model.CpModel()
    n = len(pairs)
    x = [m.new_bool_var(f"x{p}") for p in pairs]
    if n == 0:
        return SubModel(m, pairs, x)
    task = prep.pair_task[pairs]
    group = prep.pair_group[pairs]
    hours = prep.task_hours[task]
    for pos in _groups_of(task):
        if len(pos) > 1:
            m.add_at_most_one(x[i] for i in pos)

    need = int(scale_up(np.array([params.min_package_hours]), HOURS_SCALE)[0])
    cost = round(params.package_cost * VALUE_SCALE)
    h_low = scale_down(hours, HOURS_SCALE)
    y = []
    for pos in _groups_of(prep.pair_pkg[pairs]):
        yk = m.new_bool_var("")
        y.append(yk)
        for i in pos:
            m.add_implication(x[i], yk)
        if need > 0:
            m.add(cp_model.LinearExpr.weighted_sum([x[i] for i in pos], h_low[pos]) >= need * yk)
        if hint is not None:
            m.add_hint(yk, bool(hint[pos].any()))

    h_high = scale_up(hours, HOURS_SCALE)
    cap = scale_down(np.maximum(group_capacity, 0.0), HOURS_SCALE)
    for pos in _groups_of(group):
        g = group[pos[0]]
        if h_high[pos].sum() > cap[g]:
            m.add(cp_model.LinearExpr.weighted_sum([x[i] for i in pos], h_high[pos]) <= cap[g])

    sup_use = scale_up(prep.group_ratio[group] * hours, SUPERVISION_SCALE)
    sup = scale_down(np.maximum(org_supervision, 0.0), SUPERVISION_SCALE)
    org = prep.group_org[group]
    for pos in _groups_of(org):
        o = org[pos[0]]
        if sup_use[pos].sum() > sup[o]:
            m.add(cp_model.LinearExpr.weighted_sum([x[i] for i in pos], sup_use[pos]) <= sup[o])

    values = np.round(prep.pair_value[pairs] * VALUE_SCALE).astype(np.int64)
    m.maximize(
        cp_model.LinearExpr.weighted_sum(x, values)
        - cp_model.LinearExpr.weighted_sum(y, [cost] * len(y))
    )
    if hint is not None:
        for i in range(n):
            m.add_hint(x[i], bool(hint[i]))
    return SubModel(m, pairs, x)


@dataclass
class SubResult:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, MODEL_INVALID
    chosen: np.ndarray  # pair indices set to 1 (empty unless a solution was found)
    bound: float  # CP-SAT's proven upper bound on the (scaled-back) objective
    wall: float


def solve_model(
    sub: SubModel,
    *,
    time_limit: float,
    seed: int,
    workers: int,
    deterministic_limit: float | None = None,
) -> SubResult:
    solver = cp_model.CpSolver()
    prm = solver.parameters
    prm.max_time_in_seconds = max(0.01, float(time_limit))
    if deterministic_limit is not None:
        prm.max_deterministic_time = float(deterministic_limit)
    prm.num_workers = int(workers)
    prm.random_seed = int(seed)
    prm.log_search_progress = False
    status = solver.solve(sub.model)
    name = solver.status_name(status)
    chosen = np.zeros(0, dtype=np.int64)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        picked = [i for i, v in enumerate(sub.x) if solver.boolean_value(v)]
        chosen = sub.pairs[np.array(picked, dtype=np.int64)]
    bound = solver.best_objective_bound / VALUE_SCALE if len(sub.x) else 0.0
    return SubResult(name, chosen, bound, solver.wall_time)
