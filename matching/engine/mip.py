"""Exact re-solve of a part of the problem with the HiGHS MIP solver.

On this problem (knapsack-like capacity and supervision rows with many small items)
LP-based branch-and-cut finds good answers much faster than pure CP search, so the
neighbourhood search uses HiGHS for its steps; CP-SAT solves small instances whole.
HiGHS works in floats with tolerances; integrality is asked to 1e-9 so that rounding its
answer cannot add more than the spec's 1e-6 of rounding, and the caller re-checks each
answer in exact floats before keeping it.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from .bound import _new_highs, build_lp
from .prepare import Prepared


@dataclass
class MipResult:
    status: str
    chosen: np.ndarray  # global pair indices set to 1
    objective: float
    dual_bound: float


def solve_mip(
    prep: Prepared,
    pairs: np.ndarray,
    group_left: np.ndarray,
    org_left: np.ndarray,
    *,
    hint: np.ndarray | None = None,
    time_limit: float,
    seed: int = 0,
    threads: int = 1,
    rel_gap: float = 1e-4,
    links: str = "pair",
) -> MipResult:
    """Best answer over `pairs` within the residual capacities; `hint` is a boolean per pair.

    `links` is the formulation of "a pair needs its package" (bound.build_lp): "pair"
    (x ≤ y per pair) has the tighter relaxation, which helps proving optimality;
    "package" (Σ h·x ≤ H·y per package) is as exact for integer answers, with far fewer
    rows, and HiGHS finds good answers to it sooner. Measured on the 20,000-task shape,
    60 s of neighbourhood search from the same start: 96.9 % of the bound with "pair"
    steps, 97.6 % with "package" steps."""
    if len(pairs) == 0:
        return MipResult("Optimal", np.zeros(0, dtype=np.int64), 0.0, 0.0)
    model = build_lp(prep, pairs, group_left, org_left, links=links)
    n_cols = model.lp.num_col_
    model.lp.integrality_ = [highspy.HighsVarType.kInteger] * n_cols
    solver = _new_highs()
    solver.setOptionValue("time_limit", max(0.01, float(time_limit)))
    solver.setOptionValue("random_seed", int(seed))
    solver.setOptionValue("threads", int(threads))
    solver.setOptionValue("mip_rel_gap", float(rel_gap))
    solver.setOptionValue("mip_abs_gap", 1e-7)
    solver.setOptionValue("mip_feasibility_tolerance", 1e-9)
    solver.passModel(model.lp)
    if hint is not None:
        x = hint.astype(float)
        y = np.zeros(len(model.pkgs))
        y[model.pair_pkg[hint]] = 1.0
        start = highspy.HighsSolution()
        start.col_value = list(np.concatenate([x, y]))
        solver.setSolution(start)
    solver.run()
    status = solver.modelStatusToString(solver.getModelStatus())
    info = solver.getInfo()
    if info.primal_solution_status != 2:  # 2 = feasible solution available
        return MipResult(status, np.zeros(0, dtype=np.int64), float("-inf"), info.mip_dual_bound)
    values = np.array(solver.getSolution().col_value[: len(pairs)])
    return MipResult(
        status, pairs[values > 0.5], float(info.objective_function_value), info.mip_dual_bound
    )
