from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from companies.models import Company
from core.taxonomy import Province
from matching.models import MatchingRun
from matching.services import DEFAULT_TIME_LIMIT, run_create, run_export


def _parse_scope(value: str) -> tuple[str, str, list[int]]:
    """`all`, `province:limburg` or `companies:3,7,12`."""
    kind, _, rest = value.partition(":")
    if kind == "all" and not rest:
        return MatchingRun.Scope.ALL, "", []
    if kind == "province" and rest in Province.values:
        return MatchingRun.Scope.PROVINCE, rest, []
    if kind == "companies" and rest:
        try:
            ids = [int(part) for part in rest.split(",")]
        except ValueError:
            raise CommandError(f"--scope companies: ids must be numbers, got {rest!r}") from None
        found = set(Company.objects.filter(pk__in=ids).values_list("pk", flat=True))
        missing = sorted(set(ids) - found)
        if missing:
            raise CommandError(f"--scope companies: no company with id {missing}")
        return MatchingRun.Scope.COMPANIES, "", ids
    raise CommandError(
        f"--scope must be 'all', 'province:<{'|'.join(Province.values)}>' or "
        f"'companies:<id>,<id>…', got {value!r}"
    )


class Command(BaseCommand):
    help = "Start a matching run (optionally wait for it and export its instance and proposals)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", default="all")
        parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--wait", action="store_true", help="Wait and print a JSON summary.")
        parser.add_argument("--export-dir", type=Path, help="Write instance.json, proposals.json.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["time_limit"] <= 0:
            raise CommandError("--time-limit must be a positive number of seconds")
        scope, province, company_ids = _parse_scope(options["scope"])
        run = run_create(
            scope=scope,
            province=province,
            company_ids=company_ids,
            time_limit=options["time_limit"],
            seed=options["seed"],
        )
        if not options["wait"] and not options["export_dir"]:
            self.stdout.write(f"Run {run.pk} queued.")
            return
        run = self._wait(run.pk)
        if options["export_dir"]:
            if run.status != MatchingRun.Status.SUCCEEDED:
                raise CommandError(f"Run {run.pk} {run.status}: {run.error}")
            instance, proposals = run_export(run=run)
            out: Path = options["export_dir"]
            out.mkdir(parents=True, exist_ok=True)
            (out / "instance.json").write_text(json.dumps(instance, indent=1))
            (out / "proposals.json").write_text(json.dumps(proposals, indent=1))
        summary = {
            "run": run.pk,
            "status": run.status,
            "packages": run.proposals.count(),
            "hours_placed": run.hours_placed,
            "score": run.score,
            "bound": run.bound,
            "gap": run.gap,
            "seconds": run.stats.get("seconds"),
            "error": run.error or None,
        }
        self.stdout.write(json.dumps(summary, indent=1))
        if run.status != MatchingRun.Status.SUCCEEDED:
            raise CommandError(f"Run {run.pk} failed: {run.error}")

    def _wait(self, run_id: int) -> MatchingRun:
        while True:
            run = MatchingRun.objects.get(pk=run_id)
            if run.status in (MatchingRun.Status.SUCCEEDED, MatchingRun.Status.FAILED):
                return run
            time.sleep(0.5)
