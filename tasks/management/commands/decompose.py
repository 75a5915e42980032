"""``manage.py decompose PATH``: a job description in, gewaardeerd-decomposition/1 JSON out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tasks.decomposer import LANGUAGES, decompose
from tasks.extract import ExtractionError, extract_text


class Command(BaseCommand):
    help = (
        "Suggest the tasks of a job description (.txt, .pdf, .docx or .odt; '-' reads standard "
        "input) and print them as gewaardeerd-decomposition/1 JSON."
    )
    # Lets tests pass a stream: call_command("decompose", "-", stdin=io.StringIO(...)).
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="file with the job description, or - for stdin")
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default=None,
            help="language of the description (detected when left out)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: str = options["path"]
        if path == "-":
            text = (options.get("stdin") or sys.stdin).read()
        else:
            text = self._read_file(Path(path))
        result = decompose(text, language=options["language"])
        self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))

    def _read_file(self, path: Path) -> str:
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {path}") from exc
        except IsADirectoryError as exc:
            raise CommandError(f"{path} is a directory, not a file") from exc
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        # A file without extension is most likely plain text saved from an editor.
        filename = path.name if path.suffix else f"{path.name}.txt"
        try:
            return extract_text(data=data, filename=filename).text
        except ExtractionError as exc:
            raise CommandError(str(exc.message)) from exc
