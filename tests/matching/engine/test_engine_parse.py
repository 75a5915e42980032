"""Reading `gewaardeerd-matching/1`: good input round-trips, bad input gets a clear message."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.generate_instance import generate
from matching.engine import (
    CATEGORIES,
    InstanceError,
    Params,
    instance_to_dict,
    load_instance,
    parse_instance,
)

EXAMPLES = Path(__file__).resolve().parents[3] / "benchmarks" / "instances"


def _base() -> dict[str, Any]:
    return {
        "format": "gewaardeerd-matching/1",
        "params": {"min_package_hours": 4.0},
        "tasks": [
            {"id": "t1", "company": "c1", "lat": 51.05, "lon": 3.72, "hours": 6.0,
             "level": 2, "time_pressure": 1, "physical_load": 2,
             "category": "packaging", "mode": "either"},
            {"id": "t2", "company": "c1", "lat": 51.05, "lon": 3.72, "hours": 2.0,
             "level": 1, "time_pressure": 1, "physical_load": 1,
             "category": "cleaning", "mode": "onsite"},
        ],
        "organisations": [
            {"id": "o1", "lat": 51.03, "lon": 3.70, "radius_km": 25.0,
             "categories": ["packaging", "cleaning"], "onsite": True, "inhouse": True,
             "supervision_hours": 20.0,
             "groups": [
                 {"id": "g1", "capacity_hours": 120.0, "max_level": 2,
                  "max_time_pressure": 2, "max_physical_load": 3,
                  "supervision_ratio": 0.125},
                 {"id": "g2", "capacity_hours": 10.0, "max_level": 3,
                  "max_time_pressure": 3, "max_physical_load": 3,
                  "supervision_ratio": 0.25},
             ]},
        ],
    }  # fmt: skip


def test_examples_parse_and_round_trip() -> None:
    for name in ("tiny", "small", "medium"):
        data = json.loads((EXAMPLES / f"{name}.json").read_text())
        instance = parse_instance(data)
        assert instance_to_dict(instance) == data
        assert parse_instance(instance_to_dict(instance)) == instance


def test_missing_params_take_the_defaults() -> None:
    data = _base()
    del data["params"]
    assert parse_instance(data).params == Params()
    data["params"] = {"package_cost": 2.5}
    assert parse_instance(data).params == Params(package_cost=2.5)


def test_lookups() -> None:
    instance = parse_instance(_base())
    assert instance.companies == ("c1",)
    assert [t.id for t in instance.tasks_by_company["c1"]] == ["t1", "t2"]
    assert instance.organisation_of_group["g2"].id == "o1"
    assert "packaging" in CATEGORIES and len(CATEGORIES) == len(set(CATEGORIES)) == 15


def test_generated_instances_are_valid_and_reproducible() -> None:
    first = generate(300, 6, seed=3)
    assert first == generate(300, 6, seed=3)
    instance = parse_instance(first)
    assert len(instance.tasks) == 300 and len(instance.organisations) == 6
    assert first != generate(300, 6, seed=4)


def _set(path: tuple, value: Any):
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


_DELETE = object()
_GROUP = ("organisations", 0, "groups", 1)


def _duplicate_task(data: dict[str, Any]) -> None:
    data["tasks"][1]["id"] = "t1"


def _reused_group(data: dict[str, Any]) -> None:
    org = copy.deepcopy(data["organisations"][0])
    org["id"] = "o2"
    org["groups"] = [org["groups"][0]]
    data["organisations"].append(org)


BAD = [
    (_set(("format",), "gewaardeerd-matching/2"), "format must be 'gewaardeerd-matching/1'"),
    (_set(("tasks", 1, "category"), "knitting"),
     'tasks[1] (id "t2"): category must be one of packaging'),
    (_set(("tasks", 0, "level"), 7),
     'tasks[0] (id "t1"): level must be an integer from 1 to 5, got 7'),
    (_set(("tasks", 0, "level"), 2.5), 'tasks[0] (id "t1"): level must be an integer'),
    (_set(("tasks", 0, "level"), True), 'tasks[0] (id "t1"): level must be an integer'),
    (_set(("tasks", 1, "hours"), -3), 'tasks[1] (id "t2"): hours must be > 0 and ≤ 40, got -3'),
    (_set(("tasks", 1, "hours"), 0), 'tasks[1] (id "t2"): hours must be > 0 and ≤ 40, got 0'),
    (_set(("tasks", 1, "hours"), 41), 'tasks[1] (id "t2"): hours must be > 0 and ≤ 40, got 41'),
    (_set(("tasks", 1, "hours"), "6"), 'tasks[1] (id "t2"): hours must be a number'),
    (_set(("tasks", 0, "time_pressure"), 4),
     'tasks[0] (id "t1"): time_pressure must be an integer from 1 to 3, got 4'),
    (_set(("tasks", 0, "physical_load"), 0),
     'tasks[0] (id "t1"): physical_load must be an integer from 1 to 3, got 0'),
    (_set(("tasks", 0, "mode"), "remote"), 'tasks[0] (id "t1"): mode must be one of onsite'),
    (_set(("tasks", 0, "lat"), _DELETE), "tasks[0] (id \"t1\"): missing field 'lat'"),
    (_set(("tasks", 0, "lon"), None), 'tasks[0] (id "t1"): lon must be a number, got None'),
    (_set(("tasks", 0, "lat"), 95.0), 'tasks[0] (id "t1"): lat must be a latitude'),
    (_set(("tasks", 0, "company"), ""), 'tasks[0] (id "t1"): company must be a non-empty'),
    (_set(("tasks", 0, "id"), 17), "tasks[0]: id must be a non-empty string, got 17"),
    (_duplicate_task, 'tasks[1] (id "t1"): id is a duplicate of tasks[0]'),
    (_reused_group, 'organisations[1] (id "o2").groups[0] (id "g1"): group id is already used'),
    (_set(("organisations", 0, "lat"), _DELETE),
     "organisations[0] (id \"o1\"): missing field 'lat'"),
    (_set(("organisations", 0, "radius_km"), 0),
     'organisations[0] (id "o1"): radius_km must be a number > 0, got 0'),
    (_set(("organisations", 0, "categories"), ["packaging", "knitting"]),
     "organisations[0] (id \"o1\"): categories has unknown category 'knitting'"),
    (_set(("organisations", 0, "onsite"), "yes"),
     'organisations[0] (id "o1"): onsite must be true or false'),
    (_set(("organisations", 0, "supervision_hours"), -1),
     'organisations[0] (id "o1"): supervision_hours must be a number ≥ 0, got -1'),
    (_set((*_GROUP, "max_level"), 6),
     'organisations[0] (id "o1").groups[1] (id "g2"): max_level must be an integer from 1 to 5'),
    (_set((*_GROUP, "capacity_hours"), -5),
     'organisations[0] (id "o1").groups[1] (id "g2"): capacity_hours must be a number ≥ 0'),
    (_set((*_GROUP, "supervision_ratio"), float("nan")),
     'organisations[0] (id "o1").groups[1] (id "g2"): supervision_ratio must be a finite'),
    (_set(("params", "min_package_hour"), 4), "params: unknown field 'min_package_hour'"),
    (_set(("params", "package_cost"), -1), "params: package_cost must be a number ≥ 0"),
    (_set(("tasks",), {}), "tasks must be a list"),
    (_set(("tasks", 0), "t1"), "tasks[0]: must be an object, got str"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_field_is_refused_with_its_record_and_field(change, message: str) -> None:
    data = _base()
    parse_instance(data)  # the unchanged base is fine
    change(data)
    with pytest.raises(InstanceError) as info:
        parse_instance(data)
    assert message in str(info.value)


def test_not_an_object() -> None:
    with pytest.raises(InstanceError, match="instance must be a JSON object, got list"):
        parse_instance([])


def test_load_instance_reports_unreadable_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(InstanceError, match="cannot read"):
        load_instance(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(InstanceError, match="is not valid JSON"):
        load_instance(broken)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_base()), encoding="utf-8")
    assert len(load_instance(good).tasks) == 2
