from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

# Rebuilt by `migrate` on the target; exporting them would clash with what it creates.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "admin.logentry",
    "sessions",
    "axes",
]


class Command(BaseCommand):
    help = (
        "Write the whole database as one JSON file (natural keys for permissions and content "
        "types), for `import_data` into an empty, migrated database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The file to write, e.g. backup.json")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        call_command(
            "dumpdata",
            exclude=[e for e in EXCLUDED if self._installed(e)],
            natural_foreign=True,
            output=path,
            indent=None,
            verbosity=0,
        )
        self.stdout.write(f"Exported to {path}.")

    @staticmethod
    def _installed(label: str) -> bool:
        from django.apps import apps

        return apps.is_installed(label) or any(
            app.label == label.split(".")[0] for app in apps.get_app_configs()
        )
