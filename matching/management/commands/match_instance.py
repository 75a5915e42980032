"""`manage.py match_instance INSTANCE.json` — solve an instance file, no database needed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from matching.engine import InstanceError, load_instance, solve


class Command(BaseCommand):
    help = (
        "Solve a gewaardeerd-matching/1 instance file and write gewaardeerd-proposals/1 JSON "
        "(stats: score, hours_placed, bound, gap, seconds)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instance", type=Path, help="gewaardeerd-matching/1 JSON file")
        parser.add_argument("--time-limit", type=float, default=30.0, help="seconds (30)")
        parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
        parser.add_argument("--workers", type=int, default=2, help="solver threads (2)")
        parser.add_argument("--out", type=Path, help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["time_limit"] <= 0:
            raise CommandError("--time-limit must be a positive number of seconds")
        try:
            instance = load_instance(options["instance"])
        except InstanceError as exc:
            raise CommandError(str(exc)) from None

        def progress(fraction: float, message: str) -> None:
            if options["verbosity"] >= 2:
                sys.stderr.write(f"{100 * fraction:5.1f} %  {message}\n")

        solution = solve(
            instance,
            time_limit=options["time_limit"],
            seed=options["seed"],
            workers=options["workers"],
            progress=progress,
        )
        text = json.dumps(solution.to_dict(), indent=1, ensure_ascii=False) + "\n"
        out: Path | None = options["out"]
        if out is None:
            self.stdout.write(text, ending="")
            return
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc}") from None
        stats = solution.stats
        self.stderr.write(
            f"{out}: {stats['packages']} packages, score {stats['score']:.4f}, "
            f"{stats['hours_placed']:g} h placed, bound {stats['bound']:.4f}, "
            f"gap {100 * stats['gap']:.2f} %, {stats['seconds']:.1f} s"
        )
