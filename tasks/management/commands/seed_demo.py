from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tasks.demo import demo_seed
from tasks.demo_scale import demo_seed_scaled, scale_for


class Command(BaseCommand):
    help = "Fill the database with a believable Flemish demo (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on a production database).",
        )
        parser.add_argument(
            "--scale",
            help="Add N times the demo (a whole number), or 'large' for the load-test size.",
        )

    def handle(self, *args: Any, force: bool, scale: str | None = None, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: demo accounts with a known password "
                "do not belong in production. Pass --force if this really is a test database."
            )
        size = None
        if scale is not None:
            try:
                size = scale_for(scale)
            except ValueError:
                raise CommandError(
                    f"--scale takes a whole number from 1, or 'large'; got {scale!r}"
                ) from None
        summary = demo_seed(password=settings.DEMO_PASSWORD)
        if size is not None:
            started = time.perf_counter()
            created = demo_seed_scaled(scale=size)
            self.stdout.write(f"Scaled demo: {created} in {time.perf_counter() - started:.1f} s.")
        self.stdout.write(
            f"Demo data: {summary.companies} companies, {summary.job_descriptions} job "
            f"descriptions, {summary.tasks} tasks, {summary.organisations} organisations, "
            f"{summary.teams} teams."
        )
        self.stdout.write("Log in with (password from DEMO_PASSWORD, default 'demo-gewaardeerd'):")
        for email, role in summary.logins:
            self.stdout.write(f"  {email:<28} {role}")
