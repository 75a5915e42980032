"""Scores the job-description decomposer on the labelled set (tests/data/jobs/).

    .venv/bin/python benchmarks/bench_decomposer.py            # metrics, train and held-out
    .venv/bin/python benchmarks/bench_decomposer.py --misses   # plus the train set's errors

"heldout_fresh" is the part of the held-out set written after the lexicons stopped changing.

Held-out errors are never printed: looking at them while tuning the lexicons would make the
held-out numbers meaningless.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.decomposer.evaluation import evaluate_splits  # noqa: E402

TARGETS = {"f1": 0.9, "category_accuracy": 0.85, "level_exact_accuracy": 0.65,
           "hours_accuracy": 0.9}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print the train set's errors")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    args = parser.parse_args()
    started = time.perf_counter()
    results = evaluate_splits()
    elapsed = time.perf_counter() - started
    metrics = {split: scores.as_dict() for split, scores in results.items()}
    if args.json:
        print(json.dumps(metrics, indent=2))
    else:
        _print_table(metrics)
        described = metrics["train"]["descriptions"] + metrics["heldout"]["descriptions"]
        print(f"\n({elapsed:.1f} s for {described} descriptions)")
    if args.misses:
        print("\nTrain errors:")
        for line in results["train"].misses:
            print("  " + line)
    return 0


def _print_table(metrics: dict[str, dict[str, float | int]]) -> None:
    keys = list(next(iter(metrics.values())))
    print(f"{'metric':24}" + "".join(f"{split:>14}" for split in metrics) + "    target")
    for key in keys:
        row = "".join(f"{metrics[split][key]:>14}" for split in metrics)
        target = f"  >= {TARGETS[key]}" if key in TARGETS else ""
        print(f"{key:24}{row}{target}")


if __name__ == "__main__":
    raise SystemExit(main())
