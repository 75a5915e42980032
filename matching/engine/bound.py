"""Upper bound on the score: the linear relaxation of the model, solved with HiGHS.

Variables x[p] (task-group pair p is used) and y[k] (package k = (company, group) is
opened) relaxed to [0, 1]. Disaggregated links x[p] ≤ y[k] make the package cost count in
the relaxation too, which keeps the bound honest about fragmentation. Its fractional
solution also guides the solver's neighbourhood choice.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
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


@dataclass
class LinearModel:
    """The relaxation over a subset of pairs, with local column numbering."""

    lp: highspy.HighsLp
    pairs: np.ndarray  # global pair index of columns 0..len(pairs)-1
    pkgs: np.ndarray  # global package index of the y columns that follow
    pair_pkg: np.ndarray  # local package (y column offset) of each pair


def build_lp(
    prep: Prepared,
    pairs: np.ndarray,
    group_left: np.ndarray,
    org_left: np.ndarray,
    *,
    links: str = "pair",
    margin: float = 0.0,
) -> LinearModel:
    """Model over `pairs` with the given (residual) capacity per group and supervision per
    organisation. `margin` is taken off every right-hand side so that a MIP answer within
    the solver's feasibility tolerance is still valid for the spec's exact floats."""
    params = prep.instance.params
    n_pairs = len(pairs)
    h = prep.task_hours[prep.pair_task[pairs]]
    _, task_l = np.unique(prep.pair_task[pairs], return_inverse=True)
    pkgs, pkg_l = np.unique(prep.pair_pkg[pairs], return_inverse=True)
    grp = prep.pair_group[pairs]
    groups, grp_l = np.unique(grp, return_inverse=True)
    orgs, org_l = np.unique(prep.group_org[grp], return_inverse=True)
    n_tasks, n_pkgs, n_groups, n_orgs = task_l.max() + 1, len(pkgs), len(groups), len(orgs)
    pidx = np.arange(n_pairs)
    yidx = n_pairs + np.arange(n_pkgs)
    r_link = n_tasks
    if links == "pair":
        n_link = n_pairs
        link_rows = [r_link + pidx, r_link + pidx]  # x - y ≤ 0
        link_cols = [pidx, n_pairs + pkg_l]
        link_vals = [np.ones(n_pairs), -np.ones(n_pairs)]
    else:  # "package" and "cuts"
        n_link = n_pkgs
        hold = np.bincount(pkg_l, weights=h, minlength=n_pkgs)
        g = prep.pkg_group[pkgs]
        ratio = prep.group_ratio[g]
        sup_cap = np.where(
            ratio > 0, org_left[prep.group_org[g]] / np.maximum(ratio, 1e-12), np.inf
        )
        hold = np.maximum(np.minimum(hold, np.minimum(group_left[g], sup_cap)), 0.0)
        link_rows = [r_link + pkg_l, r_link + np.arange(n_pkgs)]  # Σ h x - H y ≤ 0
        link_cols = [pidx, yidx]
        link_vals = [h, -hold]
    r_min = r_link + n_link
    r_cap = r_min + n_pkgs
    r_sup = r_cap + n_groups
    n_rows = r_sup + n_orgs
    rows = np.concatenate(
        [
            task_l,  # Σ x ≤ 1 per task
            *link_rows,
            r_min + pkg_l,  # min·y - Σ h x ≤ 0
            r_min + np.arange(n_pkgs),
            r_cap + grp_l,  # Σ h x ≤ capacity
            r_sup + org_l,  # Σ ratio h x ≤ supervision
        ]
    )
    cols = np.concatenate([pidx, *link_cols, pidx, yidx, pidx, pidx])
    vals = np.concatenate(
        [
            np.ones(n_pairs),
            *link_vals,
            -h,
            np.full(n_pkgs, params.min_package_hours + margin),
            h,
            prep.group_ratio[grp] * h,
        ]
    )
    upper = np.concatenate(
        [
            np.ones(n_tasks),
            np.zeros(n_link),
            np.zeros(n_pkgs),
            np.maximum(group_left[groups] - margin, 0.0),
            np.maximum(org_left[orgs] - margin, 0.0),
        ]
    )
    start, index, value = _csr(rows, cols, vals, n_rows)

    lp = highspy.HighsLp()
    lp.num_col_ = n_pairs + n_pkgs
    lp.num_row_ = n_rows
    lp.col_cost_ = np.concatenate([prep.pair_value[pairs], np.full(n_pkgs, -params.package_cost)])
    lp.col_lower_ = np.zeros(n_pairs + n_pkgs)
    lp.col_upper_ = np.ones(n_pairs + n_pkgs)
    lp.row_lower_ = np.full(n_rows, -highspy.kHighsInf)
    lp.row_upper_ = upper
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = start
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    return LinearModel(lp, pairs, pkgs, pkg_l)


def lp_bound(
    prep: Prepared,
    *,
    time_limit: float = 60.0,
    threads: int = 1,
    links: str = "pair",
    max_rounds: int = 50,
    on_round: Callable[[LPResult], None] | None = None,
) -> LPResult:
    """Solve the LP relaxation; `bound` is a valid upper bound on every valid answer's score.

    links="pair" links every pair to its package (x ≤ y: the tight textbook relaxation);
    links="package" uses one aggregated row per package (Σ h·x ≤ H·y with H the most
    hours the package can hold): a little weaker, but with far fewer rows, so it stays
    fast on instances with hundreds of thousands of pairs. links="cuts" starts from
    "package" and adds the violated pair links round by round (a cutting-plane loop): it
    reaches the "pair" bound while holding only the links that matter."""
    n_pairs, n_pkgs = len(prep.pair_task), len(prep.pkg_group)
    if n_pairs == 0:
        return LPResult(0.0, np.zeros(0), np.zeros(n_pkgs), True)
    model = build_lp(prep, np.arange(n_pairs), prep.group_cap, prep.org_sup, links=links)
    # All pairs are present, so every package is too and the local numbering is global.
    lp = model.lp
    solver = _new_highs()
    solver.setOptionValue("threads", int(threads))
    solver.passModel(lp)
    deadline = time.perf_counter() + time_limit
    best = LPResult(float("inf"), np.zeros(n_pairs), np.zeros(n_pkgs), False)
    rounds = 0
    while True:
        solver.setOptionValue("time_limit", max(0.01, deadline - time.perf_counter()))
        solver.run()
        if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            # Only an optimal LP value is a bound; keep the last one (or none).
            return best
        sol = np.array(solver.getSolution().col_value)
        value = float(solver.getInfo().objective_function_value)
        # Every round adds valid inequalities, so each optimum is a bound and they tighten.
        best = LPResult(min(best.bound, value), sol[:n_pairs], sol[n_pairs:], True)
        if on_round is not None:
            on_round(best)
        if links != "cuts" or rounds >= max_rounds:
            return best
        violated = np.flatnonzero(best.x > best.y[prep.pair_pkg] + 1e-6)
        if len(violated) == 0:
            return best
        _add_pair_links(solver, violated, n_pairs + prep.pair_pkg[violated])
        rounds += 1


def _add_pair_links(solver: highspy.Highs, x_cols: np.ndarray, y_cols: np.ndarray) -> None:
    """Add the rows x_p − y_k ≤ 0 for the given columns."""
    n = len(x_cols)
    starts = np.arange(0, 2 * n, 2, dtype=np.int32)
    index = np.empty(2 * n, dtype=np.int32)
    index[0::2], index[1::2] = x_cols, y_cols
    value = np.empty(2 * n)
    value[0::2], value[1::2] = 1.0, -1.0
    solver.addRows(n, np.full(n, -highspy.kHighsInf), np.zeros(n), 2 * n, starts, index, value)
