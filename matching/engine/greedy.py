"""The baseline: biggest company first, most valuable group first.

For each company (most hours first) it repeatedly builds, for every group its tasks can
go to, the best package that still fits the group's capacity and the organisation's
supervision, and commits the most valuable one, until no package reaches
`min_package_hours` with a positive score. Simple, fast and always valid; the solver must
beat it and starts from it.
"""

from __future__ import annotations

import numpy as np

from .prepare import Prepared

SLACK = 1e-9  # float noise allowance, far inside the spec's 1e-6


def _fill(prep: Prepared, pairs: np.ndarray, hours_left: float) -> tuple[list[int], float, float]:
    """Take the best-value-per-hour pairs that fit in `hours_left`; returns pairs, hours, value."""
    per_hour = prep.pair_value[pairs] / prep.task_hours[prep.pair_task[pairs]]
    chosen: list[int] = []
    hours = value = 0.0
    for p in pairs[np.argsort(-per_hour, kind="stable")]:
        h = prep.task_hours[prep.pair_task[p]]
        if prep.pair_value[p] <= 0 or hours + h > hours_left + SLACK:
            continue
        chosen.append(int(p))
        hours += h
        value += prep.pair_value[p]
    return chosen, hours, value


def greedy_assign(prep: Prepared, start: np.ndarray | None = None) -> np.ndarray:
    """Task index -> group index (-1 when not placed).

    With `start` (a valid assignment) the greedy only adds new packages of unplaced tasks
    in the room that `start` leaves."""
    params = prep.instance.params
    assign = np.full(prep.n_tasks, -1, dtype=np.int64) if start is None else start.copy()
    placed = assign >= 0
    # astype: bincount of an empty array is an integer array, which would truncate hours.
    g_used = np.bincount(
        assign[placed], weights=prep.task_hours[placed], minlength=prep.n_groups
    ).astype(float)
    o_used = np.bincount(
        prep.group_org, weights=g_used * prep.group_ratio, minlength=len(prep.org_ids)
    ).astype(float)
    # A company may not get a second package for a group it already has one with (rule 2).
    taken = {(int(prep.task_company[t]), int(assign[t])) for t in np.flatnonzero(placed)}
    totals = [prep.task_hours[ts].sum() for ts in prep.company_tasks]
    for c in sorted(range(len(prep.company_ids)), key=lambda c: (-totals[c], c)):
        tasks = prep.company_tasks[c]
        if not len(tasks):
            continue
        pairs = np.concatenate([prep.task_pairs[t] for t in tasks])
        while True:
            free = pairs[assign[prep.pair_task[pairs]] < 0]
            best: tuple[float, int, list[int]] | None = None
            for g in np.unique(prep.pair_group[free]):
                if (c, int(g)) in taken:
                    continue
                o = prep.group_org[g]
                left = prep.group_cap[g] - g_used[g]
                ratio = prep.group_ratio[g]
                if ratio > 0:
                    left = min(left, (prep.org_sup[o] - o_used[o]) / ratio)
                chosen, hours, value = _fill(prep, free[prep.pair_group[free] == g], left)
                value -= params.package_cost
                big_enough = hours >= params.min_package_hours - SLACK
                if big_enough and value > 0 and (best is None or value > best[0]):
                    best = (value, int(g), chosen)
            if best is None:
                break
            _, g, chosen = best
            taken.add((c, g))
            for p in chosen:
                t = prep.pair_task[p]
                assign[t] = g
                h = prep.task_hours[t]
                g_used[g] += h
                o_used[prep.group_org[g]] += prep.group_ratio[g] * h
    return assign
