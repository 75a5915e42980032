"""A start from the LP relaxation: round its fractional answer, repair, fill greedily.

The relaxation is close to integral on instances shaped like ours (capacity and
supervision bind, most tasks are either clearly in or clearly out), so rounding it gives
a far better start than the greedy for the neighbourhood search to polish.
"""

from __future__ import annotations

import numpy as np

from .greedy import SLACK, greedy_assign
from .prepare import Prepared


def lp_rounding(prep: Prepared, x: np.ndarray, deadline: float | None = None) -> np.ndarray:
    """Task index -> group index from the LP's pair values `x`; always valid. The greedy
    fill at the end stops at `deadline` (a `time.perf_counter()` value)."""
    params = prep.instance.params
    assign = np.full(prep.n_tasks, -1, dtype=np.int64)
    g_left = prep.group_cap.copy()
    o_left = prep.org_sup.copy()
    per_hour = prep.pair_value / prep.task_hours[prep.pair_task]
    # Most decided pairs first; among equals the more valuable per hour.
    order = np.lexsort((-per_hour, -np.round(x, 3)))
    for p in order[x[order] > 1e-3]:
        t, g = prep.pair_task[p], prep.pair_group[p]
        o = prep.group_org[g]
        h = prep.task_hours[t]
        if assign[t] >= 0 or prep.pair_value[p] <= 0:
            continue
        if h > g_left[g] + SLACK or prep.group_ratio[g] * h > o_left[o] + SLACK:
            continue
        assign[t] = g
        g_left[g] -= h
        o_left[o] -= prep.group_ratio[g] * h
    _drop_small_packages(prep, assign, params.min_package_hours)
    return greedy_assign(prep, start=assign, deadline=deadline)


def _drop_small_packages(prep: Prepared, assign: np.ndarray, minimum: float) -> None:
    """Unplace the tasks of packages below min_package_hours (rule 7)."""
    placed = np.flatnonzero(assign >= 0)
    key = prep.task_company[placed] * prep.n_groups + assign[placed]
    uniq, inv = np.unique(key, return_inverse=True)
    hours = np.bincount(inv, weights=prep.task_hours[placed], minlength=len(uniq))
    small = hours[inv] < minimum - SLACK
    assign[placed[small]] = -1
