"""The LP relaxation (bound.py) and the exact step solver (mip.py)."""

from __future__ import annotations

from pathlib import Path

import highspy
import numpy as np
import pytest

from benchmarks.generate_instance import generate
from matching.engine import check_answer, load_instance, parse_instance, solve
from matching.engine.bound import _new_highs, build_lp, lp_bound
from matching.engine.mip import solve_mip
from matching.engine.prepare import prepare

INSTANCES = Path(__file__).resolve().parents[3] / "benchmarks" / "instances"


def _solve(model_lp: highspy.HighsLp) -> float:
    solver = _new_highs()
    # The engine runs HiGHS on one thread; its thread scheduler is process-wide and
    # refuses another count once started.
    solver.setOptionValue("threads", 1)
    solver.passModel(model_lp)
    solver.run()
    assert solver.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(solver.getInfo().objective_function_value)


@pytest.fixture(scope="module")
def prep():
    return prepare(parse_instance(generate(1500, 30, seed=3)))


def test_aggregated_relaxation_needs_no_minimum_rows(prep) -> None:
    # With Σ h·x ≤ H·y (H ≥ the minimum) the rows min·y ≤ Σ h·x only cap y, which costs:
    # leaving them out gives the same optimum with far fewer rows.
    every = np.arange(len(prep.pair_task))
    args = (prep, every, prep.group_cap, prep.org_sup)
    full = build_lp(*args, links="package", min_rows=True)
    lean = build_lp(*args, links="package", min_rows=False)
    assert lean.lp.num_row_ < full.lp.num_row_
    assert _solve(lean.lp) == pytest.approx(_solve(full.lp), rel=1e-9, abs=1e-7)


def test_cut_loop_ends_at_the_tight_relaxation(prep) -> None:
    # The loop adds the violated pair links and minimum rows until none is violated. It
    # also fixes the pairs of packages that cannot reach the minimum (the textbook LP lets
    # those take small fractions), so it ends at or below the textbook bound.
    rounds = []
    cuts = lp_bound(prep, links="cuts", max_rounds=500, on_round=rounds.append)
    tight = lp_bound(prep, links="pair")
    assert cuts.optimal and tight.optimal
    assert len(rounds) > 1
    assert np.all(cuts.x <= cuts.y[prep.pair_pkg] + 1e-6)
    held = np.bincount(
        prep.pair_pkg, weights=prep.task_hours[prep.pair_task] * cuts.x, minlength=len(cuts.y)
    )
    assert np.all(prep.instance.params.min_package_hours * cuts.y <= held + 1e-6)
    assert cuts.bound <= tight.bound + 1e-6
    # every round is a bound, they only tighten, and they stay above a valid answer
    bounds = [r.bound for r in rounds]
    assert all(a >= b - 1e-9 for a, b in zip(bounds, bounds[1:], strict=False))
    answer = solve(prep.instance, time_limit=3)
    assert check_answer(prep.instance, answer.to_dict()).score <= cuts.bound + 1e-6


def test_reduced_costs_of_unused_pairs_are_not_positive(prep) -> None:
    res = lp_bound(prep, links="cuts", max_rounds=0)
    assert res.reduced is not None and len(res.reduced) == len(prep.pair_task)
    assert np.all(res.reduced[res.x < 1e-9] <= 1e-7)


def test_package_links_give_the_same_optimum_as_pair_links() -> None:
    prep = prepare(load_instance(INSTANCES / "small.json"))
    every = np.arange(len(prep.pair_task))
    results = {
        links: solve_mip(
            prep, every, prep.group_cap, prep.org_sup, time_limit=60, rel_gap=0.0, links=links
        )
        for links in ("pair", "package")
    }
    assert all(r.status == "Optimal" for r in results.values())
    assert results["package"].objective == pytest.approx(results["pair"].objective, abs=1e-6)


def test_neighbourhoods_cover_the_instance_and_widen_with_reduced_costs(prep) -> None:
    from matching.engine import solver as solver_module
    from matching.engine.greedy import greedy_assign

    inc = solver_module._Incumbent(prep, greedy_assign(prep))
    lp = lp_bound(prep, links="cuts", max_rounds=0)
    hoods = solver_module._Neighbourhoods(prep, np.random.default_rng(0))
    hoods.guide(lp.x, inc, restrict=True)
    narrow = hoods.support.sum()
    hoods.guide(lp.x, inc, restrict=True, reduced=lp.reduced)
    wide = hoods.support
    assert wide.sum() > narrow
    assert np.all(wide[lp.reduced >= -solver_module.REDUCED_COST_SLACK])
    # Seeds favour organisations visited least: every organisation in a neighbourhood
    # counts a visit and its weight as a seed drops.
    orgs = np.arange(len(prep.org_ids))
    before = hoods.seed_weights(orgs)
    free = hoods.by_organisations(
        inc, 200, np.zeros(len(orgs), dtype=bool), np.zeros(prep.n_tasks, dtype=bool)
    )
    visited = np.unique(prep.group_org[prep.pair_group[free]])
    assert len(visited) and np.all(hoods.org_visits[visited] == 1)
    after = hoods.seed_weights(orgs)
    assert np.allclose(after[visited], before[visited] / 4)
    untouched = hoods.org_visits == 0
    assert np.allclose(after[untouched], before[untouched])
