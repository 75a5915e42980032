"""The baseline: biggest company first, most valuable group first.

For each company (most hours first) it repeatedly builds, for every group its tasks can
go to, the best package that still fits the group's capacity and the organisation's
supervision, and commits the most valuable one, until no package reaches
`min_package_hours` with a positive score. Simple, fast and always valid; the solver must
beat it and starts from it.
"""

from __future__ import annotations

import time

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


def greedy_assign(
    prep: Prepared, start: np.ndarray | None = None, *, deadline: float | None = None
) -> np.ndarray:
    """Task index -> group index (-1 when not placed); see `greedy_partial`."""
    return greedy_partial(prep, start, deadline=deadline)[0]


def greedy_partial(
    prep: Prepared, start: np.ndarray | None = None, *, deadline: float | None = None
) -> tuple[np.ndarray, bool]:
    """Task index -> group index (-1 when not placed), and whether it went through every
    company (False: it stopped at the deadline).

    With `start` (a valid assignment) the greedy only adds new packages of unplaced tasks
    in the room that `start` leaves. With `deadline` (a `time.perf_counter()` value) it
    stops at the first company it reaches after that moment; the answer so far is valid
    (every committed package already meets the rules), the remaining companies simply get
    nothing from the greedy.

    Per company and round, every group's best package is computed at once with numpy when
    all the company's free fitting tasks fit in the room the group has left (the common
    case); only groups short of room take the task-by-task fill of `_fill`."""
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
    taken: dict[int, set[int]] = {}
    for t in np.flatnonzero(placed):
        taken.setdefault(int(prep.task_company[t]), set()).add(int(assign[t]))
    totals = np.array([prep.task_hours[ts].sum() for ts in prep.company_tasks], dtype=float)
    order = np.lexsort((np.arange(len(totals)), -totals))
    minimum = params.min_package_hours - SLACK
    for c in order:
        c = int(c)
        if deadline is not None and time.perf_counter() > deadline:
            return assign, False
        tasks = prep.company_tasks[c]
        if not len(tasks):
            continue
        pairs = np.concatenate([prep.task_pairs[t] for t in tasks])
        pairs = pairs[prep.pair_value[pairs] > 0]  # _fill never takes the others
        mine = taken.setdefault(c, set())
        while len(pairs):
            free = pairs[assign[prep.pair_task[pairs]] < 0]
            if mine:
                free = free[~np.isin(prep.pair_group[free], list(mine))]
            if not len(free):
                break
            groups, inv = np.unique(prep.pair_group[free], return_inverse=True)
            hours_all = np.bincount(inv, weights=prep.task_hours[prep.pair_task[free]])
            value_all = np.bincount(inv, weights=prep.pair_value[free])
            left = prep.group_cap[groups] - g_used[groups]
            ratio = prep.group_ratio[groups]
            orgs = prep.group_org[groups]
            with np.errstate(divide="ignore", invalid="ignore"):
                sup_left = np.where(ratio > 0, (prep.org_sup[orgs] - o_used[orgs]) / ratio, np.inf)
            left = np.minimum(left, sup_left)
            best: tuple[float, int, list[int] | None] | None = None
            for i in range(len(groups)):
                if left[i] + SLACK < minimum:
                    continue  # no package of the minimum size fits any more
                if hours_all[i] <= left[i] + SLACK:
                    # Everything fits: _fill would take every pair.
                    hours, value, chosen = hours_all[i], value_all[i], None
                else:
                    chosen, hours, value = _fill(prep, free[inv == i], left[i])
                value -= params.package_cost
                if hours >= minimum and value > 0 and (best is None or value > best[0]):
                    best = (value, i, chosen)
            if best is None:
                break
            _, i, chosen = best
            g = int(groups[i])
            mine.add(g)
            picks = free[inv == i] if chosen is None else np.array(chosen, dtype=np.int64)
            for p in picks:
                t = prep.pair_task[p]
                assign[t] = g
                h = prep.task_hours[t]
                g_used[g] += h
                o_used[prep.group_org[g]] += prep.group_ratio[g] * h
    return assign, True
