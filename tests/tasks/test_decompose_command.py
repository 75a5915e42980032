"""``manage.py decompose``: a file, standard input, and clean errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from fpdf import FPDF

REPO = Path(__file__).resolve().parents[2]
JOB = "Wat ga je doen?\n- Je pakt de bestellingen in, ca. 6 uur per week\n- Je kuist de refter\n"


def run(*args: str, stdin: io.StringIO | None = None) -> dict:
    out = io.StringIO()
    call_command("decompose", *args, stdout=out, **({"stdin": stdin} if stdin else {}))
    return json.loads(out.getvalue())


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "vacature.txt"
    path.write_text(JOB, encoding="utf-8")
    data = run(str(path))
    assert data["format"] == "gewaardeerd-decomposition/1"
    assert data["language"] == "nl"
    assert [(t["category"], t["hours_per_week"]) for t in data["tasks"]] == [
        ("packaging", 6.0),
        ("cleaning", None),
    ]


def test_pdf_file(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in JOB.splitlines():
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "vacature.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert len(run(str(path))["tasks"]) == 2


def test_standard_input_and_language_option() -> None:
    data = run("-", "--language", "en", stdin=io.StringIO("Tasks:\n- Mop the floors\n"))
    assert data["language"] == "en"
    assert data["tasks"][0]["category"] == "cleaning"


def test_missing_file_is_a_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "missing.txt"))


def test_unreadable_upload_is_a_command_error(tmp_path: Path) -> None:
    path = tmp_path / "programma.pdf"
    path.write_bytes(b"\x7fELF" + b"\x00" * 64)
    with pytest.raises(CommandError, match="program"):
        run(str(path))


def test_missing_file_from_the_shell_prints_no_traceback(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "manage.py", "decompose", str(tmp_path / "missing.txt")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 1
    assert "No such file" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_stdin_from_the_shell() -> None:
    completed = subprocess.run(
        [sys.executable, "manage.py", "decompose", "-"],
        cwd=REPO,
        input="You will sort the incoming mail and scan the invoices.\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert data["language"] == "en"
    assert [t["category"] for t in data["tasks"]] == ["admin", "admin"]
