"""Scoring the decomposer against the labelled job descriptions in tests/data/jobs/.

Matching: a predicted task matches an expected one when their sources share enough words
(Dice coefficient of their content-word sets >= MATCH_THRESHOLD). Pairs are formed greedily,
best overlap first, each task used at most once, so an unsplit sentence holding two duties
matches one of them and the other counts as missed.

- precision = matched / predicted, recall = matched / expected, F1 their harmonic mean;
- category accuracy and exact-level accuracy are over matched pairs;
- hours accuracy is over matched pairs: right when both are null, or both given and within
  HOURS_TOLERANCE hours;
- job-hours accuracy is over descriptions, the same rule.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tasks.decomposer import Decomposition, decompose

MATCH_THRESHOLD = 0.5
HOURS_TOLERANCE = 0.5
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "jobs"
_STOP_TEXT = (
    "de het een en je jij van voor met op in te is the a an and you your of for with on in to "
    "will ook also"
)
_STOP = set(_STOP_TEXT.split())


@dataclass(frozen=True)
class Example:
    id: str
    language: str
    split: str
    text: str
    expected_tasks: list[dict[str, Any]]
    expected_job_hours: float | None
    # Held-out descriptions written after the lexicons stopped changing: a blind test.
    written_after_tuning: bool = False


@dataclass
class Scores:
    predicted: int = 0
    expected: int = 0
    matched: int = 0
    category_right: int = 0
    level_right: int = 0
    hours_right: int = 0
    descriptions: int = 0
    job_hours_right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def _of_matched(self, count: int) -> float:
        return count / self.matched if self.matched else 0.0

    @property
    def category_accuracy(self) -> float:
        return self._of_matched(self.category_right)

    @property
    def level_accuracy(self) -> float:
        return self._of_matched(self.level_right)

    @property
    def hours_accuracy(self) -> float:
        return self._of_matched(self.hours_right)

    @property
    def job_hours_accuracy(self) -> float:
        return self.job_hours_right / self.descriptions if self.descriptions else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "descriptions": self.descriptions,
            "expected": self.expected,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "category_accuracy": round(self.category_accuracy, 3),
            "level_exact_accuracy": round(self.level_accuracy, 3),
            "hours_accuracy": round(self.hours_accuracy, 3),
            "job_hours_accuracy": round(self.job_hours_accuracy, 3),
        }


def load_examples(directory: Path = DEFAULT_DATA_DIR) -> list[Example]:
    examples = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        examples.append(
            Example(
                id=data["id"],
                language=data["language"],
                split=data["split"],
                text=data["text"],
                expected_tasks=data["expected_tasks"],
                expected_job_hours=data.get("expected_job_hours"),
                written_after_tuning=data.get("written_after_tuning", False),
            )
        )
    return examples


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-zà-ÿ0-9]+", text.lower()) if w not in _STOP}


def overlap(a: str, b: str) -> float:
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return 2 * len(wa & wb) / (len(wa) + len(wb))


def match(predicted: list[str], expected: list[str]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (predicted index, expected index), best overlap first."""
    candidates = sorted(
        (
            (overlap(p, e), i, j)
            for i, p in enumerate(predicted)
            for j, e in enumerate(expected)
            if overlap(p, e) >= MATCH_THRESHOLD
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_e: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_e:
            used_p.add(i)
            used_e.add(j)
            pairs.append((i, j))
    return pairs


def hours_equal(predicted: float | None, expected: float | None) -> bool:
    if predicted is None or expected is None:
        return predicted is None and expected is None
    return abs(predicted - expected) <= HOURS_TOLERANCE


def score_example(example: Example, result: Decomposition, scores: Scores) -> None:
    predicted = [task.source for task in result.tasks]
    expected = [task["source"] for task in example.expected_tasks]
    pairs = match(predicted, expected)
    scores.descriptions += 1
    scores.predicted += len(predicted)
    scores.expected += len(expected)
    scores.matched += len(pairs)
    scores.job_hours_right += hours_equal(result.job_hours_per_week, example.expected_job_hours)
    for i, j in pairs:
        got, want = result.tasks[i], example.expected_tasks[j]
        scores.category_right += got.category == want["category"]
        scores.level_right += got.level == want["level"]
        scores.hours_right += hours_equal(got.hours_per_week, want["hours_per_week"])
        if got.category != want["category"] or got.level != want["level"]:
            scores.misses.append(
                f"{example.id}: {want['source']!r} got {got.category}/{got.level} "
                f"want {want['category']}/{want['level']}"
            )
    matched_p = {i for i, _ in pairs}
    matched_e = {j for _, j in pairs}
    scores.misses += [
        f"{example.id}: extra {p!r}" for i, p in enumerate(predicted) if i not in matched_p
    ]
    scores.misses += [
        f"{example.id}: missed {e!r}" for j, e in enumerate(expected) if j not in matched_e
    ]


def evaluate(examples: Iterable[Example]) -> Scores:
    scores = Scores()
    for example in examples:
        result = decompose(example.text, language=None)
        score_example(example, result, scores)
    return scores


def evaluate_splits(directory: Path = DEFAULT_DATA_DIR) -> dict[str, Scores]:
    """Scores for 'train', 'heldout' and its blind subset 'heldout_fresh'."""
    examples = load_examples(directory)
    results = {
        split: evaluate(e for e in examples if e.split == split) for split in ("train", "heldout")
    }
    fresh = [e for e in examples if e.split == "heldout" and e.written_after_tuning]
    if fresh:
        results["heldout_fresh"] = evaluate(fresh)
    return results
