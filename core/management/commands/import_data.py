from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from core.models import User


class Command(BaseCommand):
    help = "Load a file written by `export_data` into an empty, migrated database — all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        if User.objects.exists():
            raise CommandError(
                "The database is not empty. import_data restores into a fresh database: "
                "create one, run `migrate`, then import."
            )
        # Data migrations (activity categories, the coaches' periodic tasks) already made
        # some rows; the export holds them too, with the same keys, so loading replaces them.
        with transaction.atomic():
            call_command("loaddata", path, verbosity=0)
        self.stdout.write(f"Imported {path}.")
