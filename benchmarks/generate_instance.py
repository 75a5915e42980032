"""Synthetic `gewaardeerd-matching/1` instances of any size, shaped like spec/examples.

The distributions follow the examples (measured on medium.json): companies and
organisations scattered around Flemish cities, a heavy tail of tasks per company
(many one-task companies, a few with 30+), mostly low-level tasks of 1.5-8 hours,
a company's tasks concentrated in one to three categories, 1-4 groups per
organisation, capacity about 70 % of demand and supervision about 85 % of what full
groups would need, so both capacity and supervision bind.

    python benchmarks/generate_instance.py 20000 400 --seed 1 --out /tmp/20k.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from matching.engine.instance import CATEGORIES, INSTANCE_FORMAT  # noqa: E402

# (lat, lon, weight): Flemish cities and Brussels, weight ~ economic activity.
CITIES = [
    (51.2194, 4.4025, 10),  # Antwerpen
    (51.0543, 3.7174, 8),  # Gent
    (50.8503, 4.3517, 6),  # Brussel (rand)
    (50.8798, 4.7005, 4),  # Leuven
    (51.2093, 3.2247, 4),  # Brugge
    (50.9307, 5.3325, 4),  # Hasselt
    (50.8279, 3.2649, 4),  # Kortrijk
    (51.0259, 4.4776, 3),  # Mechelen
    (50.9378, 4.0403, 3),  # Aalst
    (51.1652, 4.1437, 3),  # Sint-Niklaas
    (50.9650, 5.5000, 3),  # Genk
    (50.9469, 3.1227, 2),  # Roeselare
    (51.2154, 2.9270, 2),  # Oostende
    (51.3227, 4.9447, 2),  # Turnhout
    (51.1614, 4.9896, 2),  # Geel
    (50.8503, 2.8853, 1),  # Ieper
    (51.0286, 4.1000, 1),  # Dendermonde
    (51.1306, 4.5697, 1),  # Lier
    (50.9281, 4.4258, 1),  # Vilvoorde
    (50.7747, 3.8826, 1),  # Geraardsbergen
    (51.0872, 5.1964, 1),  # Beringen
    (50.7803, 5.4647, 1),  # Tongeren
]
# Share of tasks per category in medium.json ("other" rare).
CATEGORY_WEIGHTS = {
    "packaging": 314,
    "logistics": 258,
    "assembly": 255,
    "cleaning": 254,
    "green": 220,
    "admin": 181,
    "catering": 151,
    "recycling": 128,
    "digital": 108,
    "laundry": 93,
    "maintenance": 92,
    "transport": 74,
    "reception": 71,
    "textile": 42,
    "other": 10,
}
RADII = [10.0, 15.0, 20.0, 25.0, 30.0, 40.0]
RATIOS = [0.05, 0.08, 0.1, 0.125, 0.2, 0.25]


def _place(rng: np.random.Generator, n: int, spread_deg: float) -> np.ndarray:
    """`n` points around cities (weighted), with a Gaussian spread in degrees."""
    weights = np.array([c[2] for c in CITIES], dtype=float)
    centres = np.array([c[:2] for c in CITIES])
    picks = rng.choice(len(CITIES), size=n, p=weights / weights.sum())
    pts = centres[picks] + rng.normal(0.0, spread_deg, size=(n, 2)) * [1.0, 1.5]
    pts[:, 0] = np.clip(pts[:, 0], 50.69, 51.45)
    pts[:, 1] = np.clip(pts[:, 1], 2.55, 5.90)
    return np.round(pts, 5)


def _company_sizes(rng: np.random.Generator, n_tasks: int) -> list[int]:
    sizes: list[int] = []
    while sum(sizes) < n_tasks:
        # Heavy tail like medium.json: many 1-5, some 10-35.
        s = int(np.clip(np.round(rng.lognormal(1.35, 0.95)), 1, 40))
        sizes.append(min(s, n_tasks - sum(sizes)))
    return sizes


def _tasks(rng: np.random.Generator, n_tasks: int) -> list[dict[str, Any]]:
    cats = list(CATEGORY_WEIGHTS)
    cat_p = np.array(list(CATEGORY_WEIGHTS.values()), dtype=float)
    cat_p /= cat_p.sum()
    sizes = _company_sizes(rng, n_tasks)
    locs = _place(rng, len(sizes), 0.09)
    tasks: list[dict[str, Any]] = []
    for ci, size in enumerate(sizes):
        main = rng.choice(len(cats), size=int(rng.integers(1, 4)), replace=False, p=cat_p)
        for _ in range(size):
            if rng.random() < 0.85:
                cat = cats[int(rng.choice(main))]
            else:
                cat = cats[int(rng.choice(len(cats), p=cat_p))]
            hours = float(np.clip(np.round(rng.lognormal(1.45, 0.62) * 2) / 2, 0.5, 40.0))
            tasks.append(
                {
                    "id": f"t{len(tasks) + 1}",
                    "company": f"c{ci + 1}",
                    "lat": float(locs[ci, 0]),
                    "lon": float(locs[ci, 1]),
                    "hours": hours,
                    "level": int(rng.choice([1, 2, 3, 4], p=[0.29, 0.39, 0.25, 0.07])),
                    "time_pressure": int(rng.choice([1, 2, 3], p=[0.41, 0.39, 0.20])),
                    "physical_load": int(rng.choice([1, 2, 3], p=[0.34, 0.46, 0.20])),
                    "category": cat,
                    "mode": str(rng.choice(["either", "onsite", "inhouse"], p=[0.40, 0.34, 0.26])),
                }
            )
    return tasks


def _organisations(
    rng: np.random.Generator, n_orgs: int, total_hours: float
) -> list[dict[str, Any]]:
    cats = list(CATEGORY_WEIGHTS)
    cat_p = np.array(list(CATEGORY_WEIGHTS.values()), dtype=float)
    cat_p /= cat_p.sum()
    locs = _place(rng, n_orgs, 0.10)
    n_groups = [int(rng.choice([1, 2, 3, 4], p=[0.37, 0.37, 0.11, 0.15])) for _ in range(n_orgs)]
    weights = rng.lognormal(0.0, 0.7, size=sum(n_groups))
    caps = weights / weights.sum() * total_hours * 0.71
    orgs: list[dict[str, Any]] = []
    gi = 0
    for oi in range(n_orgs):
        where = [(True, True), (False, True), (True, False)][
            int(rng.choice(3, p=[0.48, 0.27, 0.25]))
        ]
        n_cats = int(rng.choice([1, 2, 3, 4, 5, 6], p=[0.04, 0.23, 0.23, 0.25, 0.18, 0.07]))
        groups = []
        need = 0.0
        for _ in range(n_groups[oi]):
            gi += 1
            ratio = float(rng.choice(RATIOS))
            cap = round(float(max(caps[gi - 1], 5.0)), 1)
            need += ratio * cap
            groups.append(
                {
                    "id": f"g{gi}",
                    "capacity_hours": cap,
                    "max_level": int(rng.choice([1, 2, 3, 4], p=[0.28, 0.42, 0.20, 0.10])),
                    "max_time_pressure": int(rng.choice([1, 2, 3], p=[0.40, 0.41, 0.19])),
                    "max_physical_load": int(rng.choice([1, 2, 3], p=[0.24, 0.37, 0.39])),
                    "supervision_ratio": ratio,
                }
            )
        orgs.append(
            {
                "id": f"o{oi + 1}",
                "lat": float(locs[oi, 0]),
                "lon": float(locs[oi, 1]),
                "radius_km": float(rng.choice(RADII)),
                "categories": sorted(
                    (cats[i] for i in rng.choice(len(cats), n_cats, replace=False, p=cat_p)),
                    key=CATEGORIES.index,
                ),
                "onsite": where[0],
                "inhouse": where[1],
                "supervision_hours": round(need * float(rng.uniform(0.6, 1.1)), 1),
                "groups": groups,
            }
        )
    return orgs


def generate(n_tasks: int, n_orgs: int, seed: int = 0) -> dict[str, Any]:
    """A `gewaardeerd-matching/1` document with `n_tasks` tasks and `n_orgs` organisations."""
    rng = np.random.default_rng(seed)
    tasks = _tasks(rng, n_tasks)
    total = sum(t["hours"] for t in tasks)
    return {
        "format": INSTANCE_FORMAT,
        "params": {
            "min_package_hours": 4.0,
            "level_fit_weight": 0.1,
            "distance_weight": 0.1,
            "package_cost": 1.0,
        },
        "tasks": tasks,
        "organisations": _organisations(rng, n_orgs, total),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tasks", type=int, help="number of tasks")
    parser.add_argument("organisations", type=int, nargs="?", help="default: tasks / 50")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    n_orgs = args.organisations or max(1, round(args.tasks / 50))
    text = json.dumps(generate(args.tasks, n_orgs, args.seed))
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
