"""A short title for a task statement: 'Je dekt de tafels' -> 'Tafels dekken'."""

from __future__ import annotations

import re

from tasks.decomposer.classify import lemma
from tasks.decomposer.lexicon import PARTICLES

MAX_TITLE_CHARS = 60
_PREPOSITIONS = {
    "nl": {
        "van", "voor", "met", "op", "in", "aan", "naar", "bij", "uit", "door", "over", "tot",
        "volgens", "per", "onder", "tussen", "na", "rond", "tijdens", "zodat", "wanneer", "als",
    },
    "en": {
        "with", "for", "in", "on", "at", "to", "from", "by", "according", "every", "each",
        "during", "when", "after", "before", "per", "into",
    },
}  # fmt: skip
_LEADING_DETERMINERS = {"de", "het", "een", "the", "a", "an", "alle", "all"}
_SUBJECT_NL = {"je", "jij", "u"}
_HOURS_RE = re.compile(
    r"[,(]?\s*(?:ca\.?|ongeveer|zo'n|gemiddeld|about|around|roughly|approx\.?|approximately)?\s*\d+(?:[.,]\d+)?\s*"
    r"(?:à\s*\d+\s*)?(?:uur|u|uren|h|hours?|dagen|days?)\b.*$",
    re.IGNORECASE,
)
_WORD_SPLIT_RE = re.compile(r"\s+")


def make_title(source: str, language: str) -> str:
    text = _strip_noise(source)
    tokens = _WORD_SPLIT_RE.split(text)
    title = _dutch_title(tokens) if language == "nl" else _english_title(tokens)
    return _shorten(_capitalise(title or text))


def _strip_noise(text: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", text)
    text = _HOURS_RE.sub("", text)
    return text.strip(" .,;:-–").strip()


_FILLERS_NL = {"ook", "dan", "steeds", "telkens", "er", "zelf", "mee"}


def _dutch_title(tokens: list[str]) -> str | None:
    lowered = [t.lower().strip(",.;:") for t in tokens]
    for marker in ("verantwoordelijk", "instaan", "zorgen", "zorgt"):
        if marker in lowered and "voor" in lowered[lowered.index(marker) :]:
            after = lowered.index("voor", lowered.index(marker)) + 1
            return " ".join(_drop_determiner(tokens[after:]))
    verb_at, rest_from = _dutch_verb_slot(lowered)
    if verb_at is None:
        # Already a title-like phrase ("Groenten wassen en snijden"): drop a leading article.
        return " ".join(_drop_determiner(tokens))
    verbs = [lowered[verb_at]]
    rest_tokens = _to_clause_end(tokens[rest_from:])
    rest = [t.lower().strip(",.;:") for t in rest_tokens]
    rest = [t for t in rest if t not in _FILLERS_NL]
    # "je snijdt en verpakt het brood": both verbs go into the title.
    while len(rest) > 1 and rest[0] == "en" and _finite_nl(rest[1]):
        verbs.append(rest[1])
        rest = rest[2:]
    infinitives = [_infinitive(verb) for verb in verbs]
    particle = _separable_particle(rest)
    if particle is not None:
        rest.remove(particle)
        infinitives[-1] = particle + infinitives[-1]
    object_words = _until_preposition(rest, "nl")
    return " ".join([*_drop_determiner(object_words), " en ".join(infinitives)])


def _dutch_verb_slot(lowered: list[str]) -> tuple[int | None, int]:
    """Index of the finite verb and where the rest of the clause starts."""
    subject = next((i for i, word in enumerate(lowered) if word in _SUBJECT_NL), None)
    if subject == 0 and len(lowered) > 1:
        return 1, 2  # "je sorteert de post"
    if subject is not None and subject > 0:
        return subject - 1, subject + 1  # "daarnaast plak je ...", "als medewerker monteer je"
    if lowered and _finite_nl(lowered[0]):
        return 0, 1  # a duty split off a "je" sentence: "belt wanbetalers"
    return None, 0


def _finite_nl(word: str) -> bool:
    base = lemma(word, "nl")
    return word.endswith(("t", "d")) and base != word and base.endswith("en")


def _to_clause_end(tokens: list[str]) -> list[str]:
    """The tokens up to the first that ends a clause ("klaar:", "dozen,")."""
    for index, token in enumerate(tokens):
        if token.endswith((",", ":", ";")):
            return tokens[: index + 1]
    return tokens


def _separable_particle(tokens: list[str]) -> str | None:
    """'je pakt dozen in' -> 'in'; not the 'uit' of 'uit de rekken' (a preposition there)."""
    for index, token in enumerate(tokens):
        if token not in PARTICLES:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None or following in _PREPOSITIONS["nl"]:
            return token
    return None


def _infinitive(verb: str) -> str:
    """'pakt' -> 'pakken', 'kuist' -> 'kuisen', 'maakt' -> 'maken' (lemma first)."""
    base = lemma(verb, "nl")
    if base.endswith("en") or len(base) < 3:
        return base
    stem = verb[:-1] if verb.endswith("t") and not base.endswith("t") else base
    if re.search(r"([aeou])\1[^aeiou]$", stem):
        return stem[:-2] + re.sub("s$", "z", re.sub("f$", "v", stem[-1])) + "en"
    if re.search(r"[^aeiou][aeiou][^aeiouwy]$", stem):
        return stem + stem[-1] + "en"
    return stem + "en"


def _english_title(tokens: list[str]) -> str | None:
    lowered = [t.lower() for t in tokens]
    start = 0
    while start < len(lowered) and lowered[start] in {"you", "you'll", "will", "also", "then"}:
        start += 1
    if start == 0:
        return None
    verb = lemma(lowered[start].strip(",."), "en") if start < len(lowered) else ""
    rest = _until_preposition(lowered[start + 1 :], "en")
    return " ".join([verb, *rest])


def _until_preposition(tokens: list[str], language: str) -> list[str]:
    """The object of the verb: words up to the first preposition or conjunction."""
    kept: list[str] = []
    for token in tokens:
        if kept and (token in _PREPOSITIONS[language] or token in {"en", "and", "of", "or"}):
            break
        kept.append(token.strip(",.;:"))
        if token.endswith(","):
            break
    return kept


def _drop_determiner(tokens: list[str]) -> list[str]:
    while tokens and tokens[0].lower() in _LEADING_DETERMINERS:
        tokens = tokens[1:]
    return tokens


def _capitalise(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def _shorten(text: str) -> str:
    if len(text) <= MAX_TITLE_CHARS:
        return text
    cut = text[:MAX_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
