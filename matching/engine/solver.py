"""The engine: greedy, LP relaxation, LP rounding, then exact MIP or neighbourhood search.

1. The greedy baseline gives a first valid answer.
2. The LP relaxation (bound.py) gives the bound, and its fractional answer is rounded
   and repaired into a much better start (construct.py). On large instances the LP is a
   cutting-plane loop in a background thread; each round tightens the bound.
3. Small instances (up to WHOLE_MODEL_PAIRS pairs) are then solved whole by the HiGHS
   MIP solver, warm-started with that start, usually to proven optimality.
4. Larger ones are improved by a large-neighbourhood search (LNS): each step frees one
   neighbourhood of the incumbent — the organisations around an organisation (tasks may
   move between nearby teams) or the companies around a company (a company's work may be
   regrouped over all teams it can reach); seeds are drawn where the incumbent falls
   furthest short of the LP, favouring those visited least — and re-solves that part
   exactly against the residual capacity and supervision, warm-started with the current
   answer (with one aggregated link row per package: mip.py). On large instances a step
   only frees the pairs the LP uses or nearly would (small reduced cost) and those the
   incumbent holds (as RINS does), so a step covers more ground. A step is kept when it
   is no worse in exact float score and passes rules 5-7, so the incumbent is always
   valid and the search can stop at any moment. The neighbourhood grows while steps are
   solved to optimality and shrinks when they time out without gain. With `workers` ≥ 2
   several steps run at once, each on organisations and unplaced tasks the others leave
   alone.

The steps use HiGHS rather than CP-SAT: measured on medium.json, LNS with CP-SAT steps
reached 96.2 % of the LP bound in 30 s, with HiGHS steps 98.9 % (cpsat.py keeps the
CP-SAT model, used for the plain CP-SAT baseline of the benchmark). Every answer goes
through the validator (validate.py) before it is returned.

The random choices follow `seed`; with the same seed the sequence of neighbourhoods is
the same, but how many steps fit in `time_limit` (and where a step's own time limit
cuts it) depends on the machine's speed and load, as with any wall-clock limit.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .bound import LPResult, lp_bound
from .construct import lp_rounding
from .greedy import greedy_assign, greedy_partial
from .instance import Instance, Package, proposals_to_dict
from .mip import solve_mip
from .prepare import Prepared, prepare
from .validate import check_answer

Progress = Callable[[float, str], None]

WHOLE_MODEL_PAIRS = 1_500  # up to this many pairs CP-SAT gets the whole instance at once
DIRECT_LP_PAIRS = 30_000  # up to this many pairs the tight LP is solved directly
START_PAIRS = 1_000  # first neighbourhood size (free pairs)
MIN_PAIRS, MAX_PAIRS = 150, 8_000
STEP_SECONDS = 2.0
# The greedy start may use at most this share of the time limit; on dense instances
# (millions of fitting pairs) it then stops with the packages it has committed, which
# are valid, and the search places the rest.
GREEDY_SHARE = 0.4
WAIT_LP_PAIRS = 600_000  # up to this many pairs the search waits for the first LP round
# Over this many pairs no LP is built at all: its first round did not finish in 120 s at
# 1 million pairs, and at 3.2 million its model alone took the process to 3.6 GB. The
# bound is then simple_bound and both threads search from the start.
LP_MAX_PAIRS = 1_500_000
# On large instances a step frees only the pairs the LP uses, the incumbent holds, or
# whose reduced cost is within this much of zero. The LP's own support is only about one
# pair per task and a search restricted to it stalls (20k shape: 96.3 % of the bound
# after 60 s of search); with the near-zero reduced costs (a third of the pairs there)
# the same search reached 97.0 %, with slacks of 0.01 or 0.3 and over less.
REDUCED_COST_SLACK = 0.1
LP_STOP_EARLY = 1.0  # seconds before the search ends that the background LP stops


@dataclass
class Solution:
    packages: list[Package]
    stats: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The `gewaardeerd-proposals/1` document."""
        return proposals_to_dict(self.packages, self.stats)


class _Incumbent:
    """The best answer so far as one chosen pair per task (-1 = not placed)."""

    def __init__(self, prep: Prepared, assign_group: np.ndarray) -> None:
        self.prep = prep
        self.pair = np.full(prep.n_tasks, -1, dtype=np.int64)
        for t in np.flatnonzero(assign_group >= 0):
            ps = prep.task_pairs[t]
            self.pair[t] = ps[prep.pair_group[ps] == assign_group[t]][0]
        self.refresh()

    def refresh(self) -> None:
        prep = self.prep
        chosen = self.pair[self.pair >= 0]
        hours = prep.task_hours[prep.pair_task[chosen]]
        groups = prep.pair_group[chosen]
        self.group_used = np.bincount(groups, weights=hours, minlength=prep.n_groups)
        self.org_used = np.bincount(
            prep.group_org, weights=self.group_used * prep.group_ratio, minlength=len(prep.org_ids)
        )
        self.value = value_of(prep, chosen)

    def feasible(self) -> bool:
        """Rules 5-7 in exact floats (rules 1-4 hold by construction of the pairs)."""
        prep = self.prep
        if np.any(self.group_used > prep.group_cap + 1e-7):
            return False
        if np.any(self.org_used > prep.org_sup + 1e-7):
            return False
        chosen = self.pair[self.pair >= 0]
        hours = np.bincount(prep.pair_pkg[chosen], weights=prep.task_hours[prep.pair_task[chosen]])
        used = hours[np.unique(prep.pair_pkg[chosen])]
        return bool(np.all(used >= prep.instance.params.min_package_hours - 1e-7))

    def groups(self) -> np.ndarray:
        out = np.full(self.prep.n_tasks, -1, dtype=np.int64)
        placed = self.pair >= 0
        out[placed] = self.prep.pair_group[self.pair[placed]]
        return out


def value_of(prep: Prepared, chosen: np.ndarray) -> float:
    """Score of a set of chosen pairs (same formula as the validator, in floats)."""
    cost = prep.instance.params.package_cost
    return float(prep.pair_value[chosen].sum()) - cost * len(np.unique(prep.pair_pkg[chosen]))


class _Neighbourhoods:
    """Chooses the free pairs of each LNS step."""

    def __init__(self, prep: Prepared, rng: np.random.Generator) -> None:
        self.prep = prep
        self.rng = rng
        self.org_latlon = np.radians(prep.org_latlon)
        tasks = prep.instance.tasks
        first = [ts[0] if len(ts) else 0 for ts in prep.company_tasks]
        self.company_latlon = np.radians(
            np.array([[tasks[t].lat, tasks[t].lon] for t in first], dtype=float).reshape(-1, 2)
        )
        self.company_pairs = [
            np.concatenate([prep.task_pairs[t] for t in ts]) if len(ts) else np.zeros(0, int)
            for ts in prep.company_tasks
        ]
        self.active_orgs = np.array(
            [any(len(prep.group_pairs[g]) for g in gs) for gs in prep.org_groups], dtype=bool
        )
        self.active_companies = np.array([len(p) > 0 for p in self.company_pairs], dtype=bool)
        self.support: np.ndarray | None = None  # pairs the LP uses (None: all pairs allowed)
        self.org_weight = np.ones(len(prep.org_ids))
        self.company_weight = np.ones(len(prep.company_ids))
        # How often each organisation and company was in a neighbourhood: seeds favour the
        # ones visited least, so that the search covers the whole instance.
        self.org_visits = np.zeros(len(prep.org_ids))
        self.company_visits = np.zeros(len(prep.company_ids))
        self.pair_company = prep.pkg_company[prep.pair_pkg]

    def guide(
        self, x: np.ndarray, inc: _Incumbent, restrict: bool, reduced: np.ndarray | None = None
    ) -> None:
        """Use an LP answer: optionally restrict steps to the pairs it uses or nearly would
        (reduced cost within REDUCED_COST_SLACK; as RINS does: a pair neither the LP nor
        the incumbent uses rarely pays), and aim seeds at the organisations and companies
        where the incumbent falls furthest short of the LP."""
        prep = self.prep
        if restrict:
            self.support = x > 1e-6
            if reduced is not None:
                self.support |= reduced >= -REDUCED_COST_SLACK
        lp_value = np.bincount(
            prep.group_org[prep.pair_group],
            weights=x * prep.pair_value,
            minlength=len(prep.org_ids),
        )
        chosen = inc.pair[inc.pair >= 0]
        have = np.bincount(
            prep.group_org[prep.pair_group[chosen]],
            weights=prep.pair_value[chosen],
            minlength=len(prep.org_ids),
        )
        short = np.maximum(lp_value - have, 0.0)
        self.org_weight = short + max(1.0, float(short.mean()))
        n_companies = len(prep.company_ids)
        comp = self.pair_company
        lp_c = np.bincount(comp, weights=x * prep.pair_value, minlength=n_companies)
        have_c = np.bincount(comp[chosen], weights=prep.pair_value[chosen], minlength=n_companies)
        short_c = np.maximum(lp_c - have_c, 0.0)
        self.company_weight = short_c + max(0.1, float(short_c.mean()))

    def seed_weights(self, orgs: np.ndarray) -> np.ndarray:
        """How likely each of `orgs` is to seed the next neighbourhood: its shortfall
        against the LP, divided by the square of one plus its visits so far."""
        return self.org_weight[orgs] / (1.0 + self.org_visits[orgs]) ** 2

    def _allowed(self, pairs: np.ndarray, inc: _Incumbent) -> np.ndarray:
        if self.support is None:
            return pairs
        keep = self.support[pairs] | (inc.pair[self.prep.pair_task[pairs]] == pairs)
        return pairs[keep]

    @staticmethod
    def _order(latlon: np.ndarray, seed_index: int) -> np.ndarray:
        # Equirectangular distance is enough to rank neighbours.
        lat0, lon0 = latlon[seed_index]
        dx = (latlon[:, 1] - lon0) * np.cos((latlon[:, 0] + lat0) / 2)
        dy = latlon[:, 0] - lat0
        return np.argsort(dx * dx + dy * dy, kind="stable")

    def by_organisations(
        self, inc: _Incumbent, target: int, blocked_org: np.ndarray, blocked_task: np.ndarray
    ) -> np.ndarray:
        """Free pairs of the organisations around a seed organisation. Organisations and
        (unplaced) tasks another step is working on are left out."""
        prep = self.prep
        candidates = np.flatnonzero(self.active_orgs & ~blocked_org)
        if not len(candidates):
            return np.zeros(0, dtype=np.int64)
        weight = self.seed_weights(candidates)
        seed_org = int(self.rng.choice(candidates, p=weight / weight.sum()))
        chosen_groups: list[int] = []
        in_nb = np.zeros(prep.n_groups, dtype=bool)
        count = 0
        for o in self._order(self.org_latlon, seed_org):
            if not self.active_orgs[o] or blocked_org[o]:
                continue
            for g in prep.org_groups[o]:
                chosen_groups.append(g)
                in_nb[g] = True
                count += len(self._allowed(prep.group_pairs[g], inc))
            if count >= target * 1.5:
                break
        self.org_visits[prep.group_org[chosen_groups]] += 1
        pairs = self._allowed(np.concatenate([prep.group_pairs[g] for g in chosen_groups]), inc)
        current = inc.pair[prep.pair_task[pairs]]
        # A task placed outside the neighbourhood stays where it is.
        free = (current < 0) | in_nb[np.where(current >= 0, prep.pair_group[current], 0)]
        free &= ~blocked_task[prep.pair_task[pairs]]
        return pairs[free]

    def by_companies(
        self, inc: _Incumbent, target: int, blocked_org: np.ndarray, blocked_task: np.ndarray
    ) -> np.ndarray:
        """Free pairs of the companies around a seed company, except those touching an
        organisation another step is working on."""
        prep = self.prep
        candidates = np.flatnonzero(self.active_companies)
        weight = self.company_weight[candidates] / (1.0 + self.company_visits[candidates]) ** 2
        seed_company = int(self.rng.choice(candidates, p=weight / weight.sum()))
        parts: list[np.ndarray] = []
        count = 0
        for c in self._order(self.company_latlon, seed_company):
            if not self.active_companies[c]:
                continue
            pairs = self._allowed(self.company_pairs[c], inc)
            current = inc.pair[prep.pair_task[pairs]]
            # A task placed in a blocked organisation stays where it is.
            held = (current >= 0) & blocked_org[
                prep.group_org[prep.pair_group[np.maximum(current, 0)]]
            ]
            keep = ~held & ~blocked_org[prep.group_org[prep.pair_group[pairs]]]
            keep &= ~blocked_task[prep.pair_task[pairs]]
            parts.append(pairs[keep])
            self.company_visits[c] += 1
            count += len(parts[-1])
            if count >= target:
                break
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _residuals(inc: _Incumbent, free_pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Capacity and supervision left once the free tasks are taken out of the incumbent."""
    prep = inc.prep
    free_tasks = np.unique(prep.pair_task[free_pairs])
    current = inc.pair[free_tasks]
    current = current[current >= 0]
    hours = prep.task_hours[prep.pair_task[current]]
    released = np.bincount(prep.pair_group[current], weights=hours, minlength=prep.n_groups)
    group_left = prep.group_cap - (inc.group_used - released)
    org_released = np.bincount(
        prep.group_org, weights=released * prep.group_ratio, minlength=len(prep.org_ids)
    )
    org_left = prep.org_sup - (inc.org_used - org_released)
    return group_left, org_left


def _finish(
    prep: Prepared,
    assign: np.ndarray,
    *,
    started: float,
    bound: float,
    status: str,
    method: str,
    extra: dict[str, Any],
    fallback: bool = True,
) -> Solution:
    instance = prep.instance
    packages = prep.packages(assign)
    check = check_answer(instance, proposals_to_dict(packages, {}))
    if not check.valid and fallback:
        # Defensive: the search keeps answers valid by construction; if a bug ever broke
        # that, the caller still gets a valid answer rather than a broken one.
        packages = prep.packages(greedy_assign(prep, deadline=time.perf_counter() + 1.0))
        check = check_answer(instance, proposals_to_dict(packages, {}))
        method += "+fallback-greedy"
        if not check.valid:
            packages, check = [], check_answer(instance, proposals_to_dict([], {}))
    score = check.score
    # JSON has no infinity: an unknown bound is reported as null, and so is its gap.
    known = bool(np.isfinite(bound))
    gap = (bound - score) / abs(bound) if known and bound != 0.0 else 0.0
    stats = {
        "score": round(score, 6),
        "hours_placed": round(check.hours_placed, 6),
        "packages": len(packages),
        "bound": round(bound, 6) if known else None,
        "gap": round(max(gap, 0.0), 6) if known else None,
        "seconds": round(time.perf_counter() - started, 3),
        "status": status,
        "method": method,
        **extra,
    }
    return Solution(packages, stats)


def simple_bound(prep: Prepared) -> float:
    """A cheap valid bound for when the LP does not finish in time: every task at most
    once at its best value, and no organisation placing more hours than its capacity and
    supervision allow, each hour at the best value per hour it can have there."""
    best_per_task = np.full(prep.n_tasks, 0.0)
    np.maximum.at(best_per_task, prep.pair_task, prep.pair_value)
    by_tasks = float(best_per_task.sum())
    per_hour = prep.pair_value / prep.task_hours[prep.pair_task]
    best_rate = np.zeros(prep.n_groups)
    np.maximum.at(best_rate, prep.pair_group, per_hour)
    by_orgs = 0.0
    for o, groups in enumerate(prep.org_groups):
        hours_cap = prep.group_cap[groups]
        ratio = prep.group_ratio[groups]
        # The org can place at most its supervision over the smallest ratio, in total.
        lowest = ratio.min() if len(groups) else 0.0
        total = hours_cap.sum()
        if lowest > 0:
            total = min(total, prep.org_sup[o] / lowest)
        rate = best_rate[groups].max() if len(groups) else 0.0
        by_orgs += max(0.0, rate) * total
    return min(by_tasks, by_orgs)


class _BoundWorker:
    """Computes the LP bound in a background thread (HiGHS releases the GIL while it
    works), tightening it round by round, so the search can use the other core."""

    def __init__(self, prep: Prepared, links: str, time_limit: float) -> None:
        self.result: LPResult | None = None
        self.rounds = 0
        self.first_at: float | None = None
        self.first = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(prep, links, time_limit), daemon=True
        )
        self._thread.start()

    def _run(self, prep: Prepared, links: str, time_limit: float) -> None:
        def publish(res: LPResult) -> None:
            self.result = res
            self.rounds += 1
            if self.first_at is None:
                self.first_at = time.perf_counter()
                # Later rounds only tighten the bound: they yield the cores to the
                # search threads (Linux honours a per-thread nice value).
                with contextlib.suppress(AttributeError, OSError):
                    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
            self.first.set()

        try:
            lp_bound(prep, links=links, time_limit=time_limit, on_round=publish)
        finally:
            self.first.set()  # also when it failed: nobody waits for ever

    def alive(self) -> bool:
        return self._thread.is_alive()

    def join(self, timeout: float) -> LPResult | None:
        self._thread.join(max(0.0, timeout))
        return self.result


def _whole_mip(inc: _Incumbent, deadline: float, seed: int) -> tuple[str, float]:
    """HiGHS on the whole (small) instance, warm-started; returns status and proven bound."""
    prep = inc.prep
    n_pairs = len(prep.pair_task)
    hint = inc.pair[prep.pair_task] == np.arange(n_pairs)
    res = solve_mip(
        prep,
        np.arange(n_pairs),
        prep.group_cap,
        prep.org_sup,
        hint=hint,
        time_limit=deadline - time.perf_counter(),
        seed=seed,
        rel_gap=0.0,
    )
    if len(res.chosen) and value_of(prep, res.chosen) >= inc.value:
        old = inc.pair.copy()
        inc.pair[:] = -1
        inc.pair[prep.pair_task[res.chosen]] = res.chosen
        inc.refresh()
        if not inc.feasible():
            inc.pair = old
            inc.refresh()
    # HiGHS proves within its tolerances; pad the proof by them.
    proven = res.dual_bound + 1e-6 * max(1.0, abs(res.dual_bound))
    return ("OPTIMAL" if res.status == "Optimal" else "FEASIBLE"), float(proven)


def _adopt_rounding(inc: _Incumbent, lp: LPResult, deadline: float) -> bool:
    rounded = _Incumbent(inc.prep, lp_rounding(inc.prep, lp.x, deadline))
    if rounded.value > inc.value and rounded.feasible():
        inc.pair = rounded.pair
        inc.refresh()
        return True
    return False


@dataclass
class _Claim:
    """One step in flight: what it froze and what it needs to be applied."""

    free: np.ndarray
    orgs: np.ndarray
    tasks: np.ndarray
    group_left: np.ndarray
    org_left: np.ndarray
    hint: np.ndarray
    number: int


class _Search:
    """Large-neighbourhood search, in one or more threads.

    Each thread repeatedly claims a neighbourhood under the lock (its organisations and
    free tasks are then off-limits to the other threads), solves it without the lock
    (HiGHS releases the GIL), and applies the result under the lock — only if it is no
    worse locally and the whole incumbent still passes rules 5-7 in exact floats."""

    def __init__(
        self,
        inc: _Incumbent,
        *,
        deadline: float,
        seed: int,
        report: Callable[[str], None],
        bound: Callable[[], float],
        guide: Callable[[], LPResult | None],
        restrict: bool,
        rounded_from: LPResult | None,
        core_taken: Callable[[], bool] = lambda: False,
    ) -> None:
        prep = inc.prep
        self.core_taken = core_taken
        self.inc = inc
        self.deadline = deadline
        self.seed = seed
        self.report = report
        self.bound = bound
        self.guide = guide
        self.restrict = restrict
        self.guided_by = rounded_from
        self.rounded = rounded_from is not None
        self.hoods = _Neighbourhoods(prep, np.random.default_rng(seed))
        self.lock = threading.Lock()
        self.blocked_org = np.zeros(len(prep.org_ids), dtype=bool)
        self.blocked_task = np.zeros(prep.n_tasks, dtype=bool)
        self.steps = self.kept = 0
        self.lp_start: tuple[float, float] | None = None  # (score, when) after the first LP
        self.targets: list[int] = []

    def run(self, threads: int) -> dict[str, Any]:
        self.targets = [START_PAIRS] * threads
        helpers = [
            threading.Thread(target=self._loop, args=(i,), daemon=True) for i in range(1, threads)
        ]
        for h in helpers:
            h.start()
        self._loop(0)
        for h in helpers:
            h.join()
        return {
            "lns_steps": self.steps,
            "lns_kept": self.kept,
            "lns_threads": threads,
            "final_neighbourhood": self.targets[0],
        }

    def _follow_lp(self) -> None:
        lp = self.guide()
        if lp is None or not lp.optimal:
            return
        if not self.rounded or lp is not self.guided_by:
            # A first or tighter LP: its rounding may beat the incumbent.
            _adopt_rounding(self.inc, lp, self.deadline)
            if not self.rounded:
                self.lp_start = (round(self.inc.value, 6), time.perf_counter())
            self.rounded = True
        # Every step: the shortfalls that aim the seeds move with the incumbent.
        self.hoods.guide(lp.x, self.inc, self.restrict, lp.reduced)
        self.guided_by = lp

    def _claim(self, me: int, kind: int) -> _Claim | None:
        prep, inc = self.inc.prep, self.inc
        pick = self.hoods.by_organisations if kind == 0 else self.hoods.by_companies
        free = pick(inc, self.targets[me], self.blocked_org, self.blocked_task)
        if not len(free):
            return None
        orgs = np.unique(prep.group_org[prep.pair_group[free]])
        current = inc.pair[np.unique(prep.pair_task[free])]
        current = current[current >= 0]
        orgs = np.union1d(orgs, prep.group_org[prep.pair_group[current]])
        tasks = np.unique(prep.pair_task[free])
        self.blocked_org[orgs] = True
        self.blocked_task[tasks] = True
        group_left, org_left = _residuals(inc, free)
        hint = inc.pair[prep.pair_task[free]] == free
        self.steps += 1
        return _Claim(free, orgs, tasks, group_left, org_left, hint, self.steps)

    def _apply(self, claim: _Claim, chosen: np.ndarray) -> bool:
        prep, inc = self.inc.prep, self.inc
        current = inc.pair[claim.tasks]
        if value_of(prep, chosen) < value_of(prep, current[current >= 0]) - 1e-9:
            return False
        old = inc.pair.copy()
        inc.pair[claim.tasks] = -1
        inc.pair[prep.pair_task[chosen]] = chosen
        inc.refresh()
        if not inc.feasible():
            inc.pair = old
            inc.refresh()
            return False
        return True

    def _loop(self, me: int) -> None:
        prep = self.inc.prep
        turn = me  # threads start on different kinds of neighbourhood
        while True:
            left = self.deadline - time.perf_counter()
            if left < 0.05:
                return
            if me > 0 and self.core_taken():
                time.sleep(0.1)  # the bound still has that core
                continue
            with self.lock:
                if me == 0:
                    self._follow_lp()
                claim = self._claim(me, turn % 2)
            turn += 1
            if claim is None:
                time.sleep(0.01)
                continue
            res = solve_mip(
                prep,
                claim.free,
                claim.group_left,
                claim.org_left,
                hint=claim.hint,
                time_limit=min(STEP_SECONDS, max(0.05, left)),
                seed=self.seed + claim.number,
                links="package",
            )
            with self.lock:
                before = self.inc.value
                ok = res.objective != float("-inf") and self._apply(claim, res.chosen)
                self.blocked_org[claim.orgs] = False
                self.blocked_task[claim.tasks] = False
                self.kept += ok
                gained = self.inc.value > before + 1e-9
                # Grow while steps are solved to optimality; shrink when they time out idle.
                if res.status == "Optimal":
                    self.targets[me] = min(MAX_PAIRS, int(self.targets[me] * 1.15) + 1)
                elif not gained:
                    self.targets[me] = max(MIN_PAIRS, int(self.targets[me] * 0.85))
                value = self.inc.value
            if me == 0 and claim.number % 10 < 2:
                b = self.bound()
                share = f" ({100 * value / b:.1f} % of bound)" if np.isfinite(b) else ""
                self.report(f"step {claim.number}: {value:.2f}{share}")


def solve(
    instance: Instance,
    *,
    time_limit: float = 30.0,
    seed: int = 0,
    workers: int = 2,
    progress: Progress | None = None,
) -> Solution:
    """Best valid answer found within `time_limit` seconds, with its bound and gap.

    `workers` is the number of threads the engine may keep busy (HiGHS releases the GIL):
    the neighbourhood search runs that many steps at once on disjoint neighbourhoods;
    on large instances one thread first computes the bound, and its search thread only
    starts once the bound is done.
    `progress(fraction, message)` is called now and then from the calling thread."""
    started = time.perf_counter()
    deadline = started + max(0.0, time_limit)

    def report(message: str) -> None:
        if progress is not None:
            done = (time.perf_counter() - started) / time_limit if time_limit > 0 else 1.0
            progress(min(1.0, max(0.0, done)), message)

    report("preparing")
    prep = prepare(instance)
    extra: dict[str, Any] = {"seconds_prepare": round(time.perf_counter() - started, 3)}
    assign, complete = greedy_partial(prep, deadline=started + GREEDY_SHARE * time_limit)
    inc = _Incumbent(prep, assign)
    greedy_value = inc.value
    report(f"greedy start: {greedy_value:.2f}")
    n_pairs = len(prep.pair_task)
    extra.update(greedy_score=round(greedy_value, 6), pairs=n_pairs, greedy_complete=complete)
    extra["seconds_greedy"] = round(time.perf_counter() - started, 3)
    if n_pairs == 0:
        return _finish(
            prep, inc.groups(), started=started, bound=0.0, status="OPTIMAL",
            method="greedy", extra=extra,
        )  # fmt: skip

    # The search stops a little before the deadline: writing the packages out and the
    # validator's check of the answer take time that grows with the instance.
    reserve = min(0.1 * time_limit, 0.25 + 1e-6 * n_pairs + 2e-5 * prep.n_tasks)
    search_deadline = deadline - reserve

    # The bound: the tight LP directly when it is cheap, otherwise in the background.
    worker: _BoundWorker | None = None
    lp: LPResult | None = None
    large = n_pairs > DIRECT_LP_PAIRS
    lp_at: float | None = None  # when a directly solved LP was done
    if not large:
        lp = lp_bound(prep, links="pair", time_limit=max(1.0, time_limit / 3))
        lp_at = time.perf_counter()
    elif n_pairs > LP_MAX_PAIRS:
        pass
    elif workers < 2:
        # One thread only: the cutting-plane LP first, with half the time at most.
        lp = lp_bound(prep, links="cuts", time_limit=max(1.0, time_limit / 2))
        lp_at = time.perf_counter()
    else:
        # The cutting-plane LP runs in the background. Its first round guides the start:
        # up to WAIT_LP_PAIRS pairs the engine waits for it (at most half the time left;
        # a search running meanwhile slows the LP down more than it gains), on denser
        # instances, where it rarely finishes in time, the search starts at once on the
        # greedy answer and adopts the LP's rounding if it comes. Once the first round is
        # in, a second search thread starts and later rounds tighten the bound at a
        # lower priority.
        # Its rounds stop a second before the search: at nice 10 beside two busy search
        # threads HiGHS notices its time limit late (0.3 s on 20k tasks), and the
        # answer's check must not wait for it.
        lp_limit = search_deadline - LP_STOP_EARLY - time.perf_counter()
        worker = _BoundWorker(prep, "cuts", max(1.0, lp_limit))
        if n_pairs <= WAIT_LP_PAIRS:
            worker.first.wait(max(0.0, (deadline - time.perf_counter()) / 2))

    def current_lp() -> LPResult | None:
        return worker.result if worker is not None else lp

    def current_bound() -> float:
        res = current_lp()
        return res.bound if res is not None and res.optimal else float("inf")

    guide = current_lp()
    if guide is not None and guide.optimal:
        _adopt_rounding(inc, guide, deadline)
        report(f"LP start: {inc.value:.2f}")
    extra["start_score"] = round(inc.value, 6)
    extra["seconds_start"] = round(time.perf_counter() - started, 3)

    extra["finish_reserve"] = round(reserve, 3)
    status, method, proven = "FEASIBLE", "lp-rounding+lns", float("inf")
    if n_pairs <= WHOLE_MODEL_PAIRS:
        status, proven = _whole_mip(inc, search_deadline, seed)
        method = "lp-rounding+mip"
    else:
        search = _Search(
            inc,
            deadline=search_deadline,
            seed=seed,
            report=report,
            bound=current_bound,
            guide=current_lp,
            restrict=large,
            rounded_from=guide if guide is not None and guide.optimal else None,
            core_taken=(lambda: worker is not None and worker.alive() and worker.rounds == 0),
        )
        extra.update(search.run(threads=max(1, workers)))
        if search.lp_start is not None:  # the LP-guided start came during the search
            extra["start_score"], at = search.lp_start
            extra["seconds_start"] = round(at - started, 3)
    lp_done = worker.first_at if worker is not None else lp_at
    extra["seconds_lp"] = round(lp_done - started, 3) if lp_done is not None else None
    extra["seconds_search"] = round(time.perf_counter() - started, 3)

    if worker is not None:
        worker.join(deadline - time.perf_counter())
        extra["seconds_bound_done"] = round(time.perf_counter() - started, 3)
    bound = min(current_bound(), proven, simple_bound(prep))
    extra["lp_bound"] = round(current_bound(), 6) if np.isfinite(current_bound()) else None
    if worker is not None:
        extra["lp_rounds"] = worker.rounds
    if bound <= inc.value + 1e-6 * max(1.0, abs(inc.value)):
        status = "OPTIMAL"
    report("done")
    return _finish(
        prep, inc.groups(), started=started, bound=bound, status=status,
        method=method, extra=extra,
    )  # fmt: skip


def greedy_solution(instance: Instance) -> Solution:
    """The baseline answer ("biggest company first, most valuable group first"), as is:
    no fallback, so that tests see the greedy's own validity."""
    started = time.perf_counter()
    prep = prepare(instance, reduce=False)
    return _finish(
        prep, greedy_assign(prep), started=started, bound=float("inf"), status="FEASIBLE",
        method="greedy", extra={}, fallback=False,
    )  # fmt: skip
