from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tasks.demo import demo_seed


class Command(BaseCommand):
    help = "Fill the database with a believable Flemish demo (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on a production database).",
        )

    def handle(self, *args: Any, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: demo accounts with a known password "
                "do not belong in production. Pass --force if this really is a test database."
            )
        summary = demo_seed(password=settings.DEMO_PASSWORD)
        self.stdout.write(
            f"Demo data: {summary.companies} companies, {summary.job_descriptions} job "
            f"descriptions, {summary.tasks} tasks, {summary.organisations} organisations, "
            f"{summary.teams} teams."
        )
        self.stdout.write("Log in with (password from DEMO_PASSWORD, default 'demo-gewaardeerd'):")
        for email, role in summary.logins:
            self.stdout.write(f"  {email:<28} {role}")
