"""Upper bound on the score: the linear relaxation of the model, solved with HiGHS.

Variables x[p] (task-group pair p is used) and y[k] (package k = (company, group) is
opened) relaxed to [0, 1]. Disaggregated links x[p] ≤ y[k] make the package cost count in
the relaxation too, which keeps the bound honest about fragmentation. Its fractional
solution also guides the solver's neighbourhood choice.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import highspy
import numpy as np

from .prepare import Prepared


@dataclass
class LPResult:
    bound: float
    x: np.ndarray  # fractional value per pair
    y: np.ndarray  # fractional value per package
    optimal: bool


def _new_highs() -> highspy.Highs:
    """A silent HiGHS. Its first construction prints a banner on file descriptor 1, which
    would corrupt JSON written to stdout, so stdout is pointed at /dev/null meanwhile."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            solver = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    solver.silent()
    return solver


def _csr(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n_rows: int) -> tuple:
    order = np.lexsort((cols, rows))
    rows, cols, vals = rows[order], cols[order], vals[order]
    start = np.searchsorted(rows, np.arange(n_rows + 1))
    return start, cols, vals


def lp_bound(prep: Prepared, *, time_limit: float = 60.0, threads: int = 1) -> LPResult:
    """Solve the LP relaxation; `bound` is a valid upper bound on every valid answer's score."""
    params = prep.instance.params
    n_pairs, n_pkgs = len(prep.pair_task), len(prep.pkg_group)
    n_tasks, n_groups, n_orgs = prep.n_tasks, prep.n_groups, len(prep.org_ids)
    if n_pairs == 0:
        return LPResult(0.0, np.zeros(0), np.zeros(0), True)
    h = prep.task_hours[prep.pair_task]
    pidx = np.arange(n_pairs)
    yidx = n_pairs + np.arange(n_pkgs)
    r_task = 0
    r_link = r_task + n_tasks
    r_min = r_link + n_pairs
    r_cap = r_min + n_pkgs
    r_sup = r_cap + n_groups
    n_rows = r_sup + n_orgs
    rows = np.concatenate(
        [
            r_task + prep.pair_task,  # Σ x ≤ 1 per task
            r_link + pidx,  # x - y ≤ 0
            r_link + pidx,
            r_min + prep.pair_pkg,  # min·y - Σ h x ≤ 0
            r_min + np.arange(n_pkgs),
            r_cap + prep.pair_group,  # Σ h x ≤ capacity
            r_sup + prep.group_org[prep.pair_group],  # Σ ratio h x ≤ supervision
        ]
    )
    cols = np.concatenate([pidx, pidx, n_pairs + prep.pair_pkg, pidx, yidx, pidx, pidx])
    vals = np.concatenate(
        [
            np.ones(n_pairs),
            np.ones(n_pairs),
            -np.ones(n_pairs),
            -h,
            np.full(n_pkgs, params.min_package_hours),
            h,
            prep.group_ratio[prep.pair_group] * h,
        ]
    )
    upper = np.concatenate(
        [np.ones(n_tasks), np.zeros(n_pairs), np.zeros(n_pkgs), prep.group_cap, prep.org_sup]
    )
    start, index, value = _csr(rows, cols, vals, n_rows)

    lp = highspy.HighsLp()
    lp.num_col_ = n_pairs + n_pkgs
    lp.num_row_ = n_rows
    lp.col_cost_ = np.concatenate([prep.pair_value, np.full(n_pkgs, -params.package_cost)])
    lp.col_lower_ = np.zeros(n_pairs + n_pkgs)
    lp.col_upper_ = np.ones(n_pairs + n_pkgs)
    lp.row_lower_ = np.full(n_rows, -highspy.kHighsInf)
    lp.row_upper_ = upper
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = start
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    solver = _new_highs()
    solver.setOptionValue("time_limit", float(time_limit))
    solver.setOptionValue("threads", int(threads))
    solver.passModel(lp)
    solver.run()
    status = solver.getModelStatus()
    optimal = status == highspy.HighsModelStatus.kOptimal
    sol = np.array(solver.getSolution().col_value) if optimal else np.zeros(n_pairs + n_pkgs)
    info = solver.getInfo()
    # The dual objective of an optimal LP is its value; without optimality we have no bound.
    bound = float(info.objective_function_value) if optimal else float("inf")
    return LPResult(bound, sol[:n_pairs], sol[n_pairs:], optimal)
