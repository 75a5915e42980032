"""`manage.py check_proposals INSTANCE.json PROPOSALS.json` — validity, violations, score."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from matching.engine import InstanceError, check_answer, load_instance


class Command(BaseCommand):
    help = (
        "Check a gewaardeerd-proposals/1 answer against the seven rules of the spec and "
        "recompute its score. Exits with status 1 when the answer is invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instance", type=Path, help="gewaardeerd-matching/1 JSON file")
        parser.add_argument("proposals", type=Path, help="gewaardeerd-proposals/1 JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            instance = load_instance(options["instance"])
        except InstanceError as exc:
            raise CommandError(str(exc)) from None
        path: Path = options["proposals"]
        try:
            answer = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path} is not valid JSON: {exc}") from None
        result = check_answer(instance, answer)
        for v in result.violations:
            label = f"rule {v.rule}" if v.rule else "format"
            self.stdout.write(f"{label}: {v.message}")
        self.stdout.write(f"valid: {'yes' if result.valid else 'no'}")
        self.stdout.write(f"violations: {len(result.violations)}")
        self.stdout.write(f"score: {result.score:.6f}")
        self.stdout.write(f"hours_placed: {result.hours_placed:g}")
        if not result.valid:
            raise CommandError(
                f"invalid answer: {len(result.violations)} violation(s)", returncode=1
            )
