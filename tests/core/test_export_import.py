import datetime
import json

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from matching.models import MatchingRun

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

APPS = ["core", "companies", "organisations", "tasks", "matching"]


def _ms(value):
    # Django's JSON serializer keeps datetimes to the millisecond.
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000).isoformat()
    return str(value)


def _snapshot():
    out = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            out[model._meta.label] = sorted(
                json.dumps(row, sort_keys=True, default=_ms) for row in model.objects.values()
            )
    return out


def test_export_and_import_round_trip_the_whole_database(tmp_path, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("run_matching", "--wait", "--time-limit", "2")
    before = _snapshot()
    assert before["tasks.TaskPackage"] and before["matching.Proposal"]
    path = tmp_path / "backup.json"
    call_command("export_data", str(path))

    call_command("flush", "--noinput")
    with pytest.raises(CommandError):  # flush keeps nothing, but a user makes it non-empty
        from tests.factories import UserFactory

        UserFactory()
        call_command("import_data", str(path))
    call_command("flush", "--noinput")
    call_command("import_data", str(path))
    assert _snapshot() == before
    assert MatchingRun.objects.get().status == "succeeded"
