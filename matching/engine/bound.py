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
    # Reduced cost per pair (≤ 0 at an optimum of this maximisation for a pair at 0): how
    # much a pair's value would have to rise before the LP used it.
    reduced: np.ndarray | None = None


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
    min_rows: bool = True,
) -> LinearModel:
    """Model over `pairs` with the given (residual) capacity per group and supervision per
    organisation. `margin` is taken off every right-hand side so that a MIP answer within
    the solver's feasibility tolerance is still valid for the spec's exact floats.

    `min_rows=False` (only with aggregated links, for the relaxation) leaves out the rows
    min·y ≤ Σ h·x: with Σ h·x ≤ H·y and H ≥ min they only cap y from above, and y costs,
    so the LP optimum is the same without them. Packages with H < min cannot be opened
    at all; their pairs are fixed to 0 instead."""
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
    n_min = n_pkgs if min_rows or links == "pair" else 0
    r_min = r_link + n_link
    r_cap = r_min + n_min
    r_sup = r_cap + n_groups
    n_rows = r_sup + n_orgs
    min_part = [r_min + pkg_l, r_min + np.arange(n_pkgs)] if n_min else []
    rows = np.concatenate(
        [
            task_l,  # Σ x ≤ 1 per task
            *link_rows,
            *min_part,  # min·y - Σ h x ≤ 0
            r_cap + grp_l,  # Σ h x ≤ capacity
            r_sup + org_l,  # Σ ratio h x ≤ supervision
        ]
    )
    cols = np.concatenate([pidx, *link_cols, *([pidx, yidx] if n_min else []), pidx, pidx])
    min_vals = [-h, np.full(n_pkgs, params.min_package_hours + margin)] if n_min else []
    vals = np.concatenate([np.ones(n_pairs), *link_vals, *min_vals, h, prep.group_ratio[grp] * h])
    upper = np.concatenate(
        [
            np.ones(n_tasks),
            np.zeros(n_link),
            np.zeros(n_min),
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
    col_upper = np.ones(n_pairs + n_pkgs)
    if not n_min:
        col_upper[:n_pairs][hold[pkg_l] < params.min_package_hours - 1e-9] = 0.0
    lp.col_upper_ = col_upper
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
    "package" without the minimum rows (build_lp: the same optimum, and on the 20,000-task
    shape a first round in 5 s instead of 26 s) and adds the violated pair links and
    minimum rows round by round (a cutting-plane loop): it reaches the "pair" bound, or
    a little below it where a package cannot reach the minimum at all, while holding
    only the rows that matter."""
    n_pairs, n_pkgs = len(prep.pair_task), len(prep.pkg_group)
    if n_pairs == 0:
        return LPResult(0.0, np.zeros(0), np.zeros(n_pkgs), True)
    # With aggregated links the rows min·y ≤ Σ h·x do not change the optimum (build_lp);
    # once pair links come in they can, so the cut loop adds the violated ones too.
    model = build_lp(
        prep, np.arange(n_pairs), prep.group_cap, prep.org_sup, links=links, min_rows=False
    )
    hours = prep.task_hours[prep.pair_task]
    minimum = prep.instance.params.min_package_hours
    has_min = np.zeros(n_pkgs, dtype=bool) if links != "pair" else np.ones(n_pkgs, dtype=bool)
    by_pkg = np.argsort(prep.pair_pkg, kind="stable")
    pkg_start = np.searchsorted(prep.pair_pkg[by_pkg], np.arange(n_pkgs + 1))
    # All pairs are present, so every package is too and the local numbering is global.
    lp = model.lp
    solver = _new_highs()
    solver.setOptionValue("threads", int(threads))
    solver.passModel(lp)
    deadline = time.perf_counter() + time_limit
    best = LPResult(float("inf"), np.zeros(n_pairs), np.zeros(n_pkgs), False)
    rounds = 0
    while True:
        # HiGHS checks time_limit against its run time summed over every run() of this
        # solver, so each round's limit is what has run already plus what is left.
        left = max(0.01, deadline - time.perf_counter())
        solver.setOptionValue("time_limit", solver.getRunTime() + left)
        solver.run()
        if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            # Only an optimal LP value is a bound; keep the last one (or none).
            return best
        solution = solver.getSolution()
        sol = np.array(solution.col_value)
        reduced = np.array(solution.col_dual)[:n_pairs] if solution.dual_valid else None
        value = float(solver.getInfo().objective_function_value)
        # Every round adds valid inequalities, so each optimum is a bound and they tighten.
        best = LPResult(min(best.bound, value), sol[:n_pairs], sol[n_pairs:], True, reduced)
        if on_round is not None:
            on_round(best)
        if links != "cuts" or rounds >= max_rounds:
            return best
        violated = np.flatnonzero(best.x > best.y[prep.pair_pkg] + 1e-6)
        held = np.bincount(prep.pair_pkg, weights=hours * best.x, minlength=n_pkgs)
        short = np.flatnonzero(~has_min & (minimum * best.y > held + 1e-6))
        if len(violated) == 0 and len(short) == 0:
            return best
        if len(violated):
            _add_pair_links(solver, violated, n_pairs + prep.pair_pkg[violated])
        if len(short):
            _add_min_rows(solver, short, by_pkg, pkg_start, hours, minimum, n_pairs)
            has_min[short] = True
        rounds += 1


def _add_min_rows(
    solver: highspy.Highs,
    pkgs: np.ndarray,
    by_pkg: np.ndarray,
    pkg_start: np.ndarray,
    hours: np.ndarray,
    minimum: float,
    n_pairs: int,
) -> None:
    """Add the rows min·y_k − Σ_{p in k} h_p·x_p ≤ 0 for the given packages."""
    lo, hi = pkg_start[pkgs], pkg_start[pkgs + 1]
    sizes = hi - lo + 1
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int32)
    members = [by_pkg[a:b] for a, b in zip(lo, hi, strict=True)]
    index = np.concatenate(
        [np.append(m, n_pairs + k) for m, k in zip(members, pkgs, strict=True)]
    ).astype(np.int32)
    value = np.concatenate([np.append(-hours[m], minimum) for m in members])
    n = len(pkgs)
    solver.addRows(n, np.full(n, -highspy.kHighsInf), np.zeros(n), len(index), starts, index, value)


def _add_pair_links(solver: highspy.Highs, x_cols: np.ndarray, y_cols: np.ndarray) -> None:
    """Add the rows x_p − y_k ≤ 0 for the given columns."""
    n = len(x_cols)
    starts = np.arange(0, 2 * n, 2, dtype=np.int32)
    index = np.empty(2 * n, dtype=np.int32)
    index[0::2], index[1::2] = x_cols, y_cols
    value = np.empty(2 * n)
    value[0::2], value[1::2] = 1.0, -1.0
    solver.addRows(n, np.full(n, -highspy.kHighsInf), np.zeros(n), 2 * n, starts, index, value)
