"""Category and level of one task statement, from the lexicon, with the words that decided."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from tasks.decomposer.lexicon import (
    CATEGORIES,
    CATEGORY_TERMS,
    DEFAULT_LEVEL,
    LEVEL_TERMS,
    PARTICLES,
    Term,
)

_WORD_RE = re.compile(r"[a-zà-ÿ][a-zà-ÿ'-]*", re.IGNORECASE)
# A Dutch compound's head must leave a real first part ("verzend|label", not "s|label").
_MIN_COMPOUND_PREFIX = 3
_MIN_COMPOUND_TERM = 4
LEVEL_MIN, LEVEL_MAX = 1, 5
OUTSOURCEABLE_MAX_LEVEL = 3
MIN_CATEGORY_SCORE = 2
SKILLED_LEVEL = 4


@dataclass(frozen=True)
class Classification:
    category: str
    level: int
    category_words: tuple[str, ...]  # words of the text that pointed to the category
    level_words: tuple[str, ...]  # words that set the level; empty if the default was used
    scores: dict[str, int]

    @property
    def outsourceable(self) -> bool:
        # taxonomy.md: level 5 work is not outsourced; levels 1-3 are the social economy's.
        return self.level <= OUTSOURCEABLE_MAX_LEVEL and self.category != "other"


def words(text: str) -> list[str]:
    return [w.strip("'-").lower() for w in _WORD_RE.findall(text) if w.strip("'-")]


@lru_cache(maxsize=20_000)
def lemma(word: str, language: str) -> str:
    return simplemma.lemmatize(word, lang=language).lower()


def _verb_forms(infinitive: str) -> set[str]:
    """Present-tense forms of a Dutch infinitive: 'pakken' -> {'pak', 'pakt'}."""
    if not infinitive.endswith("en") or len(infinitive) < 5:
        return set()
    stem = infinitive[:-2]
    if len(stem) >= 2 and stem[-1] == stem[-2]:
        stem = stem[:-1]  # pakken -> pak
    elif (
        len(stem) >= 3
        and stem[-1] not in "aeiou"
        and stem[-2] in "aeiou"
        and stem[-3] not in "aeiou"
    ):
        stem = stem[:-1] + stem[-2] + stem[-1]  # maken -> maak
    stem = re.sub(r"v$", "f", re.sub(r"z$", "s", stem))  # leven -> leef, lezen -> lees
    return {stem, stem + "t", "ge" + stem + "t", "ge" + stem + "d"}


@lru_cache(maxsize=20_000)
def _forms(word: str, language: str) -> frozenset[str]:
    return frozenset({word, lemma(word, language)})


@dataclass(frozen=True)
class _Hit:
    term: Term
    word: str  # as it appears in the text
    position: int


@lru_cache(maxsize=5_000)
def dutch_verb_forms(infinitive: str) -> frozenset[str]:
    return frozenset(_verb_forms(infinitive))


@dataclass(frozen=True)
class _Index:
    """Lookup tables over one term list, so a text is scanned once rather than per term."""

    exact: dict[str, list[Term]]
    heads: dict[str, list[Term]]  # Dutch compound heads: "verzendlabel" ends in "label"
    verb_forms: dict[str, list[Term]]  # Dutch present tense: "pakt" -> "pakken"
    phrases: list[Term]
    separable: list[tuple[Term, str, str, frozenset[str]]]  # term, particle, base, base forms
    order: dict[tuple[str, str | None], int]


_INDEXES: dict[tuple[int, str], _Index] = {}


def _index(terms: list[Term], language: str) -> _Index:
    key = (id(terms), language)
    if key not in _INDEXES:
        _INDEXES[key] = _build_index(terms, language)
    return _INDEXES[key]


def _build_index(terms: list[Term], language: str) -> _Index:
    exact: dict[str, list[Term]] = defaultdict(list)
    heads: dict[str, list[Term]] = defaultdict(list)
    verb_forms: dict[str, list[Term]] = defaultdict(list)
    phrases: list[Term] = []
    separable: list[tuple[Term, str, str, frozenset[str]]] = []
    for term in terms:
        if term.is_phrase:
            phrases.append(term)
            continue
        exact[term.text].append(term)
        if language != "nl" or term.exact or len(term.text) < _MIN_COMPOUND_TERM:
            continue
        heads[term.text].append(term)
        for form in dutch_verb_forms(term.text):
            verb_forms[form].append(term)
        particle = next((p for p in PARTICLES if term.text.startswith(p)), None)
        base = term.text[len(particle) :] if particle else ""
        if particle and len(base) >= _MIN_COMPOUND_TERM:
            separable.append((term, particle, base, dutch_verb_forms(base) | {base}))
    order = {(term.text, term.category): i for i, term in enumerate(terms)}
    return _Index(dict(exact), dict(heads), dict(verb_forms), phrases, separable, order)


def _candidates(form: str, index: _Index) -> list[Term]:
    found = list(index.exact.get(form, ()))
    if index.heads:
        # Every head that leaves a first part of 3+ letters: "verzend|label", "klas|lokaal".
        for start in range(_MIN_COMPOUND_PREFIX, len(form) - _MIN_COMPOUND_TERM + 1):
            found.extend(index.heads.get(form[start:], ()))
        found.extend(index.verb_forms.get(form, ()))
    return found


def find_terms(text: str, language: str, terms: list[Term]) -> list[_Hit]:
    """Every lexicon term present in the text, each term once, in reading order."""
    index = _index(terms, language)
    tokens = words(text)
    # Keyed by category too: 'sorteren' is logistics and recycling work alike.
    hits: dict[tuple[str, str | None], _Hit] = {}
    for position, token in enumerate(tokens):
        for form in _forms(token, language):
            for term in _candidates(form, index):
                hits.setdefault((term.text, term.category), _Hit(term, token, position))
    _add_phrases(tokens, language, index, hits)
    for term, particle, base, base_forms in index.separable:
        if (term.text, term.category) not in hits:
            found = _separable_hit(term, particle, base, base_forms, tokens, language)
            if found is not None:
                hits[(term.text, term.category)] = found
    return sorted(
        hits.values(),
        key=lambda hit: (hit.position, index.order[(hit.term.text, hit.term.category)]),
    )


def _add_phrases(
    tokens: list[str], language: str, index: _Index, hits: dict[tuple[str, str | None], _Hit]
) -> None:
    joined = " " + " ".join(tokens) + " "
    joined_lemmas = " " + " ".join(lemma(token, language) for token in tokens) + " "
    for term in index.phrases:
        for haystack in (joined, joined_lemmas):
            at = haystack.find(" " + term.text + " ")
            if at >= 0:
                position = haystack[:at].count(" ")
                hits.setdefault((term.text, term.category), _Hit(term, term.text, position))


def _separable_hit(
    term: Term,
    particle: str,
    base: str,
    base_forms: frozenset[str],
    tokens: list[str],
    language: str,
) -> _Hit | None:
    """'je pakt de dozen in' or 'in te pakken' -> 'inpakken'."""
    for position, token in enumerate(tokens):
        if token not in base_forms and lemma(token, language) != base:
            continue
        after = particle in tokens[position + 1 :]
        te_infinitive = tokens[max(position - 2, 0) : position] == [particle, "te"]
        if after or te_infinitive:
            return _Hit(term, f"{token} … {particle}", position)
    return None


def classify(text: str, language: str) -> Classification:
    hits = find_terms(text, language, CATEGORY_TERMS[language])
    category, category_hits, scores = _best_category(hits)
    level, level_words = _level(text, language, category, category_hits)
    if level >= SKILLED_LEVEL and scores.get(category, 0) < MIN_CATEGORY_SCORE:
        # Planning or negotiating that only mentions an object in passing ("contracten met
        # leveranciers") is management work, not the work of that object's category.
        category, category_hits = "other", []
    return Classification(
        category=category,
        level=level,
        category_words=_unique(hit.word for hit in category_hits),
        level_words=_unique(level_words),
        scores=scores,
    )


def _best_category(hits: list[_Hit]) -> tuple[str, list[_Hit], dict[str, int]]:
    # A word counts once per category, at its strongest term: "towels" must not score for
    # both "towel" and "towels".
    strongest: dict[tuple[str, int], int] = {}
    first_seen: dict[str, int] = {}
    for hit in hits:
        category = hit.term.category or "other"
        key = (category, hit.position)
        strongest[key] = max(strongest.get(key, 0), hit.term.weight)
        first_seen.setdefault(category, hit.position)
    scores: dict[str, int] = defaultdict(int)
    for (category, _), weight in strongest.items():
        scores[category] += weight
    if not scores:
        return "other", [], {}
    # Ties go to the category named first: the verb usually leads a task statement.
    best = max(scores, key=lambda c: (scores[c], -first_seen[c], -CATEGORIES.index(c)))
    return best, [hit for hit in hits if hit.term.category == best], dict(scores)


def _level(
    text: str, language: str, category: str, category_hits: list[_Hit]
) -> tuple[int, list[str]]:
    cues = [
        (hit.term.level, hit.word)
        for hit in find_terms(text, language, LEVEL_TERMS[language])
        if hit.term.level is not None
    ]
    cues += [(hit.term.level, hit.word) for hit in category_hits if hit.term.level is not None]
    if not cues:
        return DEFAULT_LEVEL[category], []
    # The most demanding part of a task sets its level: planning the picking is planning.
    level = max(level for level, _ in cues)
    return min(max(level, LEVEL_MIN), LEVEL_MAX), [word for lvl, word in cues if lvl == level]


def has_level_cue(text: str, language: str, *, minimum: int) -> bool:
    hits = find_terms(text, language, LEVEL_TERMS[language])
    return any((hit.term.level or 0) >= minimum for hit in hits)


@lru_cache(maxsize=1)
def _single_words() -> dict[str, frozenset[str]]:
    return {
        # Weight-1 entries are mostly object nouns ("paper", "box"): no verbs for splitting.
        language: frozenset(term.text for term in terms if not term.is_phrase and term.weight >= 2)
        for language, terms in CATEGORY_TERMS.items()
    }


def lexicon_words(language: str) -> frozenset[str]:
    return _single_words()[language]


def is_lexicon_word(word: str, language: str) -> bool:
    return word in _single_words()[language] or lemma(word, language) in _single_words()[language]


def has_work_words(text: str, language: str) -> bool:
    """Does the text name work the lexicon knows (category words weighing 2 or more)?"""
    hits = find_terms(text, language, CATEGORY_TERMS[language])
    return sum(hit.term.weight for hit in hits) >= 2


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
