"""Benchmark of the matching engine against the greedy baseline and plain CP-SAT.

Every solver run happens in its own subprocess so that its wall time and peak memory
(max RSS from wait4) are its own. The LP bound used for "% of bound" is the engine's
tight LP (cutting-plane loop run to the end, no time limit), computed once per instance.

    python benchmarks/bench_engine.py compare                     # small, medium, 20k
    python benchmarks/bench_engine.py scaling --time-limit 60     # 200 -> 50,000 tasks
    python benchmarks/bench_engine.py run engine INSTANCE.json --time-limit 30   # one run
    python benchmarks/bench_engine.py deadline --time-limit 30    # overshoot, dense instance
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from benchmarks.generate_instance import generate  # noqa: E402
from matching.engine import check_answer, greedy_solution, load_instance, solve  # noqa: E402
from matching.engine.bound import lp_bound  # noqa: E402
from matching.engine.cpsat import build_model, solve_model  # noqa: E402
from matching.engine.instance import Instance, proposals_to_dict  # noqa: E402
from matching.engine.prepare import prepare  # noqa: E402

INSTANCES = ROOT / "benchmarks" / "instances"
METHODS = ("greedy", "cp-sat", "engine")


# --------------------------------------------------------------------------- one run


def _plain_cpsat(instance: Instance, time_limit: float, seed: int) -> dict[str, Any]:
    """CP-SAT alone on the spec's full model: every fitting pair, no start, no LNS."""
    prep = prepare(instance, reduce=False)
    pairs = np.arange(len(prep.pair_task))
    model = build_model(prep, pairs, prep.group_cap, prep.org_sup)
    res = solve_model(model, time_limit=time_limit, seed=seed, workers=2)
    assign = np.full(prep.n_tasks, -1, dtype=np.int64)
    assign[prep.pair_task[res.chosen]] = prep.pair_group[res.chosen]
    return {"packages": prep.packages(assign), "status": res.status}


def run_one(method: str, path: Path, time_limit: float, seed: int) -> dict[str, Any]:
    instance = load_instance(path)
    started = time.perf_counter()
    extra: dict[str, Any] = {}
    if method == "greedy":
        packages = greedy_solution(instance).packages
    elif method == "cp-sat":
        result = _plain_cpsat(instance, time_limit, seed)
        packages, extra["status"] = result["packages"], result["status"]
    elif method == "engine":
        solution = solve(instance, time_limit=time_limit, seed=seed)
        packages = solution.packages
        keys = ("bound", "status", "lp_rounds", "pairs", "greedy_complete", "lns_steps")
        extra = {k: solution.stats.get(k) for k in keys}
        extra.update({k: v for k, v in solution.stats.items() if k.startswith("seconds_")})
        extra["how"] = solution.stats.get("method")
    else:
        raise SystemExit(f"unknown method {method!r}")
    seconds = time.perf_counter() - started
    check = check_answer(instance, proposals_to_dict(packages, {}))
    return {
        "method": method,
        "valid": check.valid,
        "score": check.score,
        "hours_placed": check.hours_placed,
        "packages": len(packages),
        "seconds": seconds,
        **extra,
    }


def run_in_subprocess(method: str, path: Path, time_limit: float, seed: int) -> dict[str, Any]:
    """Run one solver in a child process; add its peak memory (MB) from wait4."""
    with tempfile.TemporaryFile("w+") as out:
        cmd = [sys.executable, __file__, "run", method, str(path)]
        cmd += ["--time-limit", str(time_limit), "--seed", str(seed)]
        proc = subprocess.Popen(cmd, stdout=out, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{method} on {path} failed with exit code {proc.returncode}")
    result = json.loads(text.strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024  # Linux reports KiB
    return result


# --------------------------------------------------------------------------- tables


def _tight_bound_here(path: Path) -> dict[str, Any]:
    started = time.perf_counter()
    result = lp_bound(prepare(load_instance(path)), links="cuts", time_limit=3600)
    return {"bound": result.bound, "seconds": time.perf_counter() - started}


def tight_bound(path: Path, workdir: Path) -> tuple[float, float]:
    """The tight LP bound of an instance and the seconds it took, computed in a child
    process (so this process stays small: Linux keeps a parent's peak RSS in the
    children it forks) and cached in `workdir`."""
    cache = workdir / f"{path.stem}.bound.json"
    if cache.exists() and cache.stat().st_mtime >= path.stat().st_mtime:
        data = json.loads(cache.read_text())
    else:
        cmd = [sys.executable, __file__, "bound", str(path)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT).stdout
        data = json.loads(out.strip().splitlines()[-1])
        cache.write_text(json.dumps(data))
    return data["bound"], data["seconds"]


def _instance_path(name: str, workdir: Path) -> Path:
    if name.startswith("gen:"):  # gen:TASKS:ORGS:SEED
        _, n_tasks, n_orgs, seed = name.split(":")
        path = workdir / f"generated-{n_tasks}-{n_orgs}-{seed}.json"
        if not path.exists():
            path.write_text(json.dumps(generate(int(n_tasks), int(n_orgs), int(seed))))
        return path
    if name.startswith("dense:"):  # dense:TASKS:ORGS:SEED:RADIUS_KM (every radius set)
        _, n_tasks, n_orgs, seed, radius = name.split(":")
        path = workdir / f"dense-{n_tasks}-{n_orgs}-{seed}-{radius}.json"
        if not path.exists():
            data = generate(int(n_tasks), int(n_orgs), int(seed))
            for org in data["organisations"]:
                org["radius_km"] = float(radius)
            path.write_text(json.dumps(data))
        return path
    path = Path(name)
    return path if path.exists() else INSTANCES / f"{name}.json"


def deadline(args: argparse.Namespace) -> None:
    """How far past its time limit the engine returns on dense instances (the wall time
    of the whole `solve` call, measured around it in a child process)."""
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    print("| instance | pairs | limit s | seconds | overshoot s | greedy s | greedy complete | "
          "LP rounds | search steps | score | peak MB | valid |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|")
    for name in args.instances:
        path = _instance_path(name, workdir)
        r = run_in_subprocess("engine", path, args.time_limit, args.seed)
        print(f"# {json.dumps(r)}", file=sys.stderr)
        print(
            f"| {name} | {r.get('pairs')} | {args.time_limit:g} | {r['seconds']:.1f} | "
            f"{r['seconds'] - args.time_limit:+.1f} | {r.get('seconds_greedy', 0):.1f} | "
            f"{r.get('greedy_complete')} | {r.get('lp_rounds')} | {r.get('lns_steps')} | "
            f"{r['score']:.1f} | {r['peak_mb']:.0f} | {'yes' if r['valid'] else 'NO'} |"
        )


def compare(args: argparse.Namespace) -> None:
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for spec in args.instances:
        name, _, limit = spec.partition("@")
        path = _instance_path(name, workdir)
        time_limit = float(limit or args.time_limit)
        bound, bound_seconds = tight_bound(path, workdir)
        print(f"# {name}: LP bound {bound:.2f} ({bound_seconds:.0f} s)", file=sys.stderr)
        for method in METHODS:
            r = run_in_subprocess(method, path, time_limit, args.seed)
            r.update(instance=name, limit=time_limit, lp_bound=bound)
            print(f"#   {json.dumps(r)}", file=sys.stderr)
            rows.append(r)
    print("| instance | solver | limit s | score | hours placed | % of LP bound | gap | "
          "seconds | peak MB | valid |")  # fmt: skip
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        share = r["score"] / r["lp_bound"]
        print(
            f"| {r['instance']} | {r['method']} | {r['limit']:g} | {r['score']:.2f} | "
            f"{r['hours_placed']:g} | {100 * share:.2f} % | {100 * (1 - share):.2f} % | "
            f"{r['seconds']:.1f} | {r['peak_mb']:.0f} | {'yes' if r['valid'] else 'NO'} |"
        )


def scaling(args: argparse.Namespace) -> None:
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for n_tasks in args.sizes:
        path = _instance_path(f"gen:{n_tasks}:{max(1, round(n_tasks / 50))}:{args.seed}", workdir)
        r = run_in_subprocess("engine", path, args.time_limit, args.seed)
        g = run_in_subprocess("greedy", path, args.time_limit, args.seed)
        r.update(tasks=n_tasks, greedy=g["score"])
        print(f"# {json.dumps(r)}", file=sys.stderr)
        rows.append(r)
    print("| tasks | orgs | pairs | first answer s | LP round 1 s | score | % of bound | "
          "greedy % of bound | seconds | peak MB |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        b = r["bound"]
        print(
            f"| {r['tasks']} | {max(1, round(r['tasks'] / 50))} | {r.get('pairs', '')} | "
            f"{r.get('seconds_start', 0):.1f} | {_seconds(r.get('seconds_lp'))} | "
            f"{r['score']:.1f} | "
            f"{100 * r['score'] / b:.2f} % | {100 * r['greedy'] / b:.2f} % | "
            f"{r['seconds']:.1f} | {r['peak_mb']:.0f} |"
        )
    if args.svg:
        Path(args.svg).parent.mkdir(parents=True, exist_ok=True)
        Path(args.svg).write_text(_svg(rows), encoding="utf-8")


def _seconds(value: float | None) -> str:
    return "not within the limit" if value is None else f"{value:.1f}"


def _svg(rows: list[dict[str, Any]]) -> str:
    """A small log-x line chart: seconds to the first LP-guided answer and to the first
    LP bound (the line stops where it did not come within the limit), and peak memory."""
    w, h, pad = 640, 360, 60
    xs = [np.log10(r["tasks"]) for r in rows]
    series: dict[str, tuple[list[Any], str]] = {
        "first answer (s)": ([r.get("seconds_start", 0.0) for r in rows], "#1f77b4"),
        "LP bound round 1 (s)": ([r.get("seconds_lp") for r in rows], "#d62728"),
        "peak memory (100 MB)": ([r["peak_mb"] / 100 for r in rows], "#2ca02c"),
    }
    top = max(max(v for v in vs if v is not None) for vs, _ in series.values()) * 1.1 or 1.0
    x0, x1 = min(xs), max(xs)

    def px(x: float) -> float:
        return pad + (x - x0) / ((x1 - x0) or 1) * (w - 2 * pad)

    def py(y: float) -> float:
        return h - pad - y / top * (h - 2 * pad)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="black"/>',
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{h - pad}" stroke="black"/>',
        f'<text x="{w / 2}" y="{h - 15}" text-anchor="middle">tasks (log scale)</text>',
        f'<text x="{pad}" y="{pad - 30}">Matching engine: time and memory by size</text>',
    ]
    for r, x in zip(rows, xs, strict=True):
        parts.append(
            f'<text x="{px(x):.1f}" y="{h - pad + 16}" text-anchor="middle">{r["tasks"]}</text>'
        )
    for i in range(5):
        y = top * i / 4
        parts.append(f'<text x="{pad - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{y:.0f}</text>')
    for k, (label, (values, colour)) in enumerate(series.items()):
        points = " ".join(
            f"{px(x):.1f},{py(v):.1f}" for x, v in zip(xs, values, strict=True) if v is not None
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
        ly = pad + 16 * k
        parts.append(f'<rect x="{pad + 10}" y="{ly - 9}" width="12" height="3" fill="{colour}"/>')
        parts.append(f'<text x="{pad + 28}" y="{ly - 4}">{label}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("run", help="one solver on one instance (prints a JSON line)")
    one.add_argument("method", choices=METHODS)
    one.add_argument("instance", type=Path)
    bnd = sub.add_parser("bound", help="the tight LP bound of one instance (a JSON line)")
    bnd.add_argument("instance", type=Path)
    scl = sub.add_parser("scaling")
    dl = sub.add_parser("deadline", help="overshoot of the time limit on dense instances")
    for p in (one, cmp_ := sub.add_parser("compare"), scl, dl):
        p.add_argument("--time-limit", type=float, default=30.0)
        p.add_argument("--seed", type=int, default=0)
    for p in (cmp_, scl, dl):
        p.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "gw-bench"))
    cmp_.add_argument(
        "instances",
        nargs="*",
        default=["small@10", "medium@30", "gen:20000:400:1@120"],
        help="name[@seconds]: tiny, small, medium, a path, or gen:TASKS:ORGS:SEED",
    )
    scl.add_argument(
        "--sizes", type=int, nargs="+", default=[200, 500, 1000, 2000, 5000, 10000, 20000, 50000]
    )
    scl.add_argument("--svg", help="write the chart here")
    dl.add_argument(
        "instances",
        nargs="*",
        default=["dense:41505:1412:11:45", "dense:20000:1000:3:60"],
        help="dense:TASKS:ORGS:SEED:RADIUS_KM, gen:TASKS:ORGS:SEED, or a path",
    )
    args = parser.parse_args(argv)
    if args.command == "run":
        print(json.dumps(run_one(args.method, args.instance, args.time_limit, args.seed)))
    elif args.command == "bound":
        print(json.dumps(_tight_bound_here(args.instance)))
    elif args.command == "compare":
        compare(args)
    elif args.command == "deadline":
        deadline(args)
    else:
        scaling(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
