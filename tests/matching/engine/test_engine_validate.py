"""The checker: one test per rule of the spec, the score, and malformed answers."""

from __future__ import annotations

import math
from typing import Any

import pytest

from matching.engine import check_answer, haversine_km, parse_instance

# Two companies, one organisation with two groups; distances are small and known.
INSTANCE = parse_instance(
    {
        "format": "gewaardeerd-matching/1",
        "params": {"min_package_hours": 4.0, "level_fit_weight": 0.1,
                   "distance_weight": 0.1, "package_cost": 1.0},
        "tasks": [
            {"id": "a1", "company": "A", "lat": 51.0, "lon": 4.0, "hours": 3.0, "level": 1,
             "time_pressure": 1, "physical_load": 1, "category": "packaging", "mode": "either"},
            {"id": "a2", "company": "A", "lat": 51.0, "lon": 4.0, "hours": 2.0, "level": 2,
             "time_pressure": 1, "physical_load": 1, "category": "packaging", "mode": "onsite"},
            {"id": "a3", "company": "A", "lat": 51.0, "lon": 4.0, "hours": 5.0, "level": 3,
             "time_pressure": 3, "physical_load": 1, "category": "packaging", "mode": "either"},
            {"id": "b1", "company": "B", "lat": 51.1, "lon": 4.0, "hours": 6.0, "level": 1,
             "time_pressure": 1, "physical_load": 1, "category": "cleaning", "mode": "inhouse"},
            {"id": "b2", "company": "B", "lat": 51.1, "lon": 4.0, "hours": 4.0, "level": 1,
             "time_pressure": 1, "physical_load": 1, "category": "green", "mode": "either"},
            {"id": "far", "company": "B", "lat": 52.0, "lon": 4.0, "hours": 4.0, "level": 1,
             "time_pressure": 1, "physical_load": 1, "category": "cleaning", "mode": "either"},
        ],
        "organisations": [
            {"id": "o1", "lat": 51.0, "lon": 4.0, "radius_km": 20.0,
             "categories": ["packaging", "cleaning"], "onsite": True, "inhouse": True,
             "supervision_hours": 3.0,
             "groups": [
                 {"id": "g1", "capacity_hours": 10.0, "max_level": 2, "max_time_pressure": 2,
                  "max_physical_load": 2, "supervision_ratio": 0.125},
                 {"id": "g2", "capacity_hours": 20.0, "max_level": 3, "max_time_pressure": 3,
                  "max_physical_load": 3, "supervision_ratio": 0.25},
             ]},
            {"id": "o2", "lat": 51.1, "lon": 4.0, "radius_km": 10.0,
             "categories": ["cleaning"], "onsite": True, "inhouse": False,
             "supervision_hours": 5.0,
             "groups": [
                 {"id": "g3", "capacity_hours": 30.0, "max_level": 1, "max_time_pressure": 1,
                  "max_physical_load": 1, "supervision_ratio": 0.1},
             ]},
        ],
    }
)  # fmt: skip


def _answer(*packages: tuple[str, str, str, list[str]]) -> dict[str, Any]:
    return {
        "format": "gewaardeerd-proposals/1",
        "packages": [
            {"company": c, "organisation": o, "group": g, "tasks": ts} for c, o, g, ts in packages
        ],
        "stats": {"score": 1e9},  # the checker must not trust this
    }


def _rules(answer: Any) -> set[int]:
    return {v.rule for v in check_answer(INSTANCE, answer).violations}


def test_a_valid_answer_and_its_score() -> None:
    result = check_answer(INSTANCE, _answer(("A", "o1", "g1", ["a1", "a2"])))
    assert result.valid and result.violations == []
    # Both tasks sit at the organisation (distance 0): only the level fit counts.
    expected = 3.0 * (1 - 0.1 * (2 - 1) / 4) + 2.0 * (1 - 0.1 * 0 / 4) - 1.0
    assert result.score == pytest.approx(expected)
    assert result.hours_placed == 5.0


def test_score_counts_distance_over_radius() -> None:
    result = check_answer(INSTANCE, _answer(("B", "o1", "g1", ["b1"])))
    assert result.valid
    d = haversine_km(51.1, 4.0, 51.0, 4.0)
    assert d == pytest.approx(11.12, abs=0.01)
    assert result.score == pytest.approx(6.0 * (1 - 0.1 * 1 / 4 - 0.1 * d / 20.0) - 1.0)


def test_empty_answer_is_valid_and_scores_zero() -> None:
    result = check_answer(INSTANCE, _answer())
    assert result.valid and result.score == 0.0 and result.hours_placed == 0.0


def test_rule_1_unknown_ids_and_group_of_another_organisation() -> None:
    assert _rules(_answer(("A", "o1", "g1", ["a1", "zz"]))) == {1}
    assert _rules(_answer(("A", "o9", "g1", ["a1", "a2"]))) == {1}
    assert _rules(_answer(("A", "o1", "g9", ["a1", "a2"]))) == {1}
    assert _rules(_answer(("Z", "o1", "g1", ["a1", "a2"]))) >= {1}
    result = check_answer(INSTANCE, _answer(("B", "o1", "g3", ["b1"])))
    assert [v.rule for v in result.violations] == [1]
    assert "belongs to 'o2'" in result.violations[0].message


def test_rule_2_task_twice_and_two_packages_for_one_company_and_group() -> None:
    twice = _answer(("A", "o1", "g1", ["a1", "a2"]), ("A", "o1", "g2", ["a1", "a3"]))
    assert _rules(twice) == {2}
    same_pair = _answer(("A", "o1", "g2", ["a1", "a2"]), ("A", "o1", "g2", ["a3"]))
    assert _rules(same_pair) == {2}


def test_rule_3_task_of_another_company() -> None:
    result = check_answer(INSTANCE, _answer(("A", "o1", "g2", ["a1", "a2", "b1"])))
    assert [v.rule for v in result.violations] == [3]
    assert "'b1' belongs to company 'B'" in result.violations[0].message


@pytest.mark.parametrize(
    ("package", "reason"),
    [
        (("B", "o1", "g1", ["b2", "b1"]), "category 'green'"),
        (("A", "o1", "g1", ["a1", "a3"]), "level 3 > max_level 2"),
        (("A", "o1", "g1", ["a1", "a3"]), "time_pressure 3 > max_time_pressure 2"),
        (("B", "o2", "g3", ["far"]), "distance"),
        (("B", "o2", "g3", ["b1"]), "mode inhouse"),
    ],
)
def test_rule_4_task_does_not_fit(package: tuple, reason: str) -> None:
    result = check_answer(INSTANCE, _answer(package))
    fit = [v for v in result.violations if v.rule == 4]
    assert fit and any(reason in v.message for v in fit)
    assert not result.valid


def test_rule_5_group_capacity() -> None:
    # g1 holds 10 h; 6 + 5 from two companies is 11 h.
    answer = _answer(("A", "o1", "g2", ["a3"]), ("B", "o1", "g1", ["b1"]))
    assert _rules(answer) == set()
    over = INSTANCE.group_by_id["g1"]
    assert over.capacity_hours == 10.0
    answer = _answer(("A", "o1", "g1", ["a1", "a2"]), ("B", "o1", "g1", ["b1"]))
    assert _rules(answer) == {5}


def test_rule_6_supervision() -> None:
    # o1 has 3.0 supervision hours: 0.25 · (5 + 6) + 0.125 · 5 = 3.375.
    answer = _answer(("A", "o1", "g2", ["a3"]), ("B", "o1", "g2", ["b1"]))
    assert _rules(answer) == set()
    answer["packages"].append({"company": "A", "organisation": "o1", "group": "g1",
                               "tasks": ["a1", "a2"]})  # fmt: skip
    result = check_answer(INSTANCE, answer)
    assert [v.rule for v in result.violations] == [6]
    assert "supervision 3.3750 h > supervision_hours 3" in result.violations[0].message


def test_rule_7_minimum_package_hours() -> None:
    result = check_answer(INSTANCE, _answer(("A", "o1", "g1", ["a2"])))
    assert [v.rule for v in result.violations] == [7]
    assert "2 hours < min_package_hours 4" in result.violations[0].message


def test_supervision_used_exactly_is_allowed() -> None:
    assert INSTANCE.organisation_by_id["o1"].supervision_hours == 3.0
    answer = _answer(("A", "o1", "g2", ["a1", "a3"]), ("B", "o1", "g2", ["b2"]))
    assert 6 not in _rules(answer)  # 0.25 · 12 = 3.0 (b2 breaks rule 4 only)
    assert _rules(answer) == {4}


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        ([], "answer must be a JSON object"),
        ({"format": "gewaardeerd-proposals/2", "packages": []}, "format must be"),
        ({"format": "gewaardeerd-proposals/1"}, "packages must be a list"),
        ({"format": "gewaardeerd-proposals/1", "packages": ["x"]}, "must be an object"),
        (
            {"format": "gewaardeerd-proposals/1", "packages": [{"company": "A", "tasks": "a1"}]},
            "tasks must be a list of task ids",
        ),
    ],
)
def test_malformed_answers_are_violations_not_tracebacks(answer: Any, text: str) -> None:
    result = check_answer(INSTANCE, answer)
    assert not result.valid
    assert any(v.rule == 0 and text in v.message for v in result.violations)


def test_score_is_recomputed_even_when_invalid() -> None:
    result = check_answer(INSTANCE, _answer(("A", "o1", "g1", ["a2"])))
    assert not result.valid
    assert math.isclose(result.score, 2.0 - 1.0)
