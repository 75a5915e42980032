"""End-to-end matching runs on scaled demo data: instance build, solve, save.

Each size gets a fresh PostgreSQL database (`gewaardeerd_bench`), is seeded with
`seed_demo --scale N`, and runs one matching run in-process. Prints a Markdown table with
the seconds and database queries of each phase.

    .venv/bin/python benchmarks/bench_runs.py [--sizes 6,56,280] [--time-limit 30]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE_URL = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
DB = "gewaardeerd_bench"


def _one(factor: int, time_limit: float) -> str:
    """Run one size in a child process (a fresh Django and a fresh database)."""
    env = dict(os.environ, DATABASE_URL=f"{BASE_URL}/{DB}", DEBUG="true")
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB], check=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    started = time.perf_counter()
    subprocess.run(
        [*manage, "seed_demo", "--scale", str(factor)],
        env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    seeded = time.perf_counter() - started
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--time-limit", str(time_limit)],
        env=env, check=True, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    return out.stdout.strip() + f" {seeded:.1f} |"


def _child(time_limit: float) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gewaardeerd.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from matching.engine.solver import solve
    from matching.models import MatchingRun
    from matching.services import proposals_save, run_claim, run_instance

    run = MatchingRun.objects.create(parameters={"time_limit": time_limit, "seed": 0})
    run_claim(run_id=run.pk)
    run.refresh_from_db()
    timings, queries = {}, {}
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as q:
        built = run_instance(run=run)
    timings["build"], queries["build"] = time.perf_counter() - started, len(q)
    started = time.perf_counter()
    solution = solve(built.instance, time_limit=time_limit, seed=0)
    timings["solve"] = time.perf_counter() - started
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as q:
        proposals_save(run=run, built=built, solution=solution)
    timings["save"], queries["save"] = time.perf_counter() - started, len(q)
    run.refresh_from_db()
    n_tasks = len(built.instance.tasks)
    n_orgs = len(built.instance.organisations)
    gap = 100 * (run.gap or 0)
    print(
        f"| {n_tasks:,} | {n_orgs} | {len(solution.packages):,} | {timings['build']:.1f} "
        f"({queries['build']} q) | {timings['solve']:.1f} | {timings['save']:.1f} "
        f"({queries['save']} q) | {sum(timings.values()):.1f} | {run.hours_placed:,.0f} | "
        f"{gap:.1f} % |",
        end="",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="6,56,280", help="seed_demo --scale factors")
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.time_limit)
        return
    print(
        "| open tasks | organisations | packages | build s (queries) | solve s | "
        "save s (queries) | total s | hours placed | gap | seed s |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for factor in (int(s) for s in args.sizes.split(",")):
        print(_one(factor, args.time_limit), flush=True)


if __name__ == "__main__":
    main()
