"""`manage.py match_instance` and `manage.py check_proposals`, without a database."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

EXAMPLES = Path(__file__).resolve().parents[3] / "benchmarks" / "instances"


def test_match_then_check_tiny(tmp_path: Path) -> None:
    out = tmp_path / "proposals.json"
    call_command(
        "match_instance", str(EXAMPLES / "tiny.json"), "--time-limit", "5", "--out", str(out),
        stderr=StringIO(),
    )  # fmt: skip
    doc = json.loads(out.read_text())
    assert doc["format"] == "gewaardeerd-proposals/1"
    assert doc["stats"]["score"] == pytest.approx(10.0535, abs=1e-4)
    assert {"hours_placed", "bound", "gap", "seconds"} <= set(doc["stats"])

    report = StringIO()
    call_command("check_proposals", str(EXAMPLES / "tiny.json"), str(out), stdout=report)
    text = report.getvalue()
    assert "valid: yes" in text and "score: 10.053" in text


def test_match_writes_json_to_stdout() -> None:
    stdout = StringIO()
    call_command("match_instance", str(EXAMPLES / "tiny.json"), "--time-limit", "2", stdout=stdout)
    assert json.loads(stdout.getvalue())["format"] == "gewaardeerd-proposals/1"


def test_check_reports_each_violation_and_fails(tmp_path: Path) -> None:
    answer = {
        "format": "gewaardeerd-proposals/1",
        "packages": [
            {"company": "c1", "organisation": "o1", "group": "g1", "tasks": ["t1"]},
            {"company": "c1", "organisation": "o1", "group": "g99", "tasks": ["t2"]},
        ],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(answer))
    report = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("check_proposals", str(EXAMPLES / "tiny.json"), str(path), stdout=report)
    assert info.value.returncode == 1
    text = report.getvalue()
    assert "rule 1: packages[1]: unknown group 'g99'" in text
    assert "rule 7:" in text
    assert "valid: no" in text


def test_bad_instance_is_a_command_error_with_the_engine_message(tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "tiny.json").read_text())
    data["tasks"][3]["level"] = 7
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match=r'tasks\[3\] \(id "t4"\): level must be an integer'):
        call_command("match_instance", str(path), "--time-limit", "1")
    with pytest.raises(CommandError, match="is not valid JSON"):
        path.write_text("{")
        call_command("check_proposals", str(EXAMPLES / "tiny.json"), str(path))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("match_instance", str(tmp_path / "missing.json"))
