"""The decomposer meets its targets on the labelled set, on train and on the held-out third."""

from __future__ import annotations

import pytest

from tasks.decomposer.evaluation import (
    Example,
    Scores,
    evaluate_splits,
    hours_equal,
    load_examples,
    match,
)

TARGETS = {"f1": 0.9, "category_accuracy": 0.85, "level_accuracy": 0.65, "hours_accuracy": 0.9}


@pytest.fixture(scope="module")
def results() -> dict[str, Scores]:
    return evaluate_splits()


def test_labelled_set_is_large_varied_and_one_third_held_out() -> None:
    examples = load_examples()
    assert len(examples) >= 36
    heldout = [e for e in examples if e.split == "heldout"]
    assert len(heldout) * 3 >= len(examples) - 1
    assert {e.language for e in examples} == {"nl", "en"}
    assert {e.split for e in examples} == {"train", "heldout"}
    for example in examples:
        _check_labels(example)


def _check_labels(example: Example) -> None:
    assert example.expected_tasks, example.id
    for task in example.expected_tasks:
        # Sources are verbatim, so matching by overlap measures segmentation honestly.
        assert task["source"] in example.text, (example.id, task["source"])
        assert 1 <= task["level"] <= 5


@pytest.mark.parametrize("split", ["train", "heldout"])
@pytest.mark.parametrize("metric", sorted(TARGETS))
def test_targets_hold(results: dict[str, Scores], split: str, metric: str) -> None:
    value = getattr(results[split], metric)
    assert value >= TARGETS[metric], f"{split} {metric} = {value:.3f}"


def test_matching_is_one_to_one_and_needs_overlap() -> None:
    predicted = ["Je sorteert de post en scant de facturen in", "Je kuist de refter"]
    expected = ["Je sorteert de post", "scant de facturen in", "Je dweilt de gang"]
    pairs = match(predicted, expected)
    assert len(pairs) == 1  # the unsplit sentence matches one duty; the other is missed
    assert pairs[0][0] == 0


def test_hours_equal_rule() -> None:
    assert hours_equal(None, None)
    assert hours_equal(6.0, 6.4)
    assert not hours_equal(6.0, 6.6)
    assert not hours_equal(None, 6.0)
    assert not hours_equal(6.0, None)
