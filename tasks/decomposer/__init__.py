"""The job-description decomposer: text in, suggested tasks out (``gewaardeerd-decomposition/1``).

Everything is offline and explainable: statements are cut by rules (segment.py), classified
with hand-written Dutch and English word lists and simplemma lemmas (lexicon.py,
classify.py), and each task carries the words that led to its category and level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tasks.decomposer.classify import classify, words
from tasks.decomposer.hours import find_job_hours, find_task_hours, is_hours_only
from tasks.decomposer.segment import NON_TASK_SECTIONS, Statement, is_task, split_duties, statements
from tasks.decomposer.titles import make_title

FORMAT = "gewaardeerd-decomposition/1"
LANGUAGES = ("nl", "en")

__all__ = ["FORMAT", "LANGUAGES", "Decomposition", "Task", "decompose", "detect_language"]


@dataclass(frozen=True)
class Task:
    title: str
    category: str
    level: int
    hours_per_week: float | None
    outsourceable: bool
    source: str
    explanation: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "category": self.category,
            "level": self.level,
            "hours_per_week": self.hours_per_week,
            "outsourceable": self.outsourceable,
            "source": self.source,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class Decomposition:
    language: str
    tasks: tuple[Task, ...]
    # Weekly hours of the whole job when the text says so ("3 dagen per week", "voltijds").
    job_hours_per_week: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "language": self.language,
            "tasks": [task.to_dict() for task in self.tasks],
            "job_hours_per_week": self.job_hours_per_week,
        }


_STOPWORDS_TEXT = {
    "nl": "de het een en je jij van voor met op in te is zijn wij we ons onze bij naar "
    "aan als ook of die dat wat wie per uur week dagen",
    "en": "the a an and you your of for with on in to is are we our us at as also or "
    "that what who per hours week days will",
}
_STOPWORDS = {language: set(text.split()) for language, text in _STOPWORDS_TEXT.items()}


def detect_language(text: str) -> str:
    """'nl' or 'en' by counting common words; Dutch, the platform's default, wins ties."""
    counts = {language: 0 for language in LANGUAGES}
    for word in words(text):
        for language in LANGUAGES:
            if word in _STOPWORDS[language]:
                counts[language] += 1
    return "en" if counts["en"] > counts["nl"] else "nl"


def decompose(text: str, *, language: str | None = None) -> Decomposition:
    """Suggest the tasks of a job description. ``language`` is 'nl', 'en' or None (detect)."""
    if language is None:
        language = detect_language(text)
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    tasks: list[Task] = []
    job_hours = None
    previous_was_task = False
    for statement in statements(text):
        if is_task(statement, language):
            tasks.extend(_tasks_of(statement, language))
            previous_was_task = True
            continue
        if previous_was_task and _adds_hours_to_previous(statement, tasks):
            tasks[-1] = _with_hours(tasks[-1], statement.text)
        elif job_hours is None:
            found = find_job_hours(statement.text)
            job_hours = found.hours_per_week if found else None
        previous_was_task = False
    return Decomposition(language=language, tasks=tuple(tasks), job_hours_per_week=job_hours)


def _tasks_of(statement: Statement, language: str) -> list[Task]:
    duties = split_duties(statement.text, language)
    hours = find_task_hours(statement.text)
    if hours and len(duties) > 1 and hours.text in duties[-1]:
        # Hours stated at the end hold for the whole statement and cannot be divided over its
        # parts, so it stays one task; hours stated mid-way belong to the part holding them.
        duties = [statement.text]
    return [_task(duty, statement, language, split=len(duties) > 1) for duty in duties]


def _task(source: str, statement: Statement, language: str, *, split: bool) -> Task:
    found = classify(source, language)
    hours = find_task_hours(source)
    explanation: dict[str, Any] = {
        "statement": "bullet" if statement.bullet else "sentence",
        "split_from": statement.text if split else None,
        "section": statement.section,
        "category_words": list(found.category_words),
        "category_scores": found.scores,
        "level_words": list(found.level_words),
        "level_rule": "highest level word" if found.level_words else "category default",
        "hours_text": hours.text if hours else None,
        "outsourceable_rule": "level 1-3 and a known category",
    }
    return Task(
        title=make_title(source, language),
        category=found.category,
        level=found.level,
        hours_per_week=hours.hours_per_week if hours else None,
        outsourceable=found.outsourceable,
        source=source,
        explanation=explanation,
    )


def _adds_hours_to_previous(statement: Statement, tasks: list[Task]) -> bool:
    # "Dat neemt zo'n 4 uur per week in beslag." right after a task belongs to that task.
    return (
        bool(tasks)
        and tasks[-1].hours_per_week is None
        and statement.section not in NON_TASK_SECTIONS
        and not statement.heading
        and is_hours_only(statement.text)
    )


def _with_hours(task: Task, text: str) -> Task:
    found = find_task_hours(text)
    if found is None:  # pragma: no cover - guarded by is_hours_only
        return task
    explanation = {**task.explanation, "hours_text": found.text, "hours_from_next": text}
    return Task(
        title=task.title,
        category=task.category,
        level=task.level,
        hours_per_week=found.hours_per_week,
        outsourceable=task.outsourceable,
        source=task.source,
        explanation=explanation,
    )
