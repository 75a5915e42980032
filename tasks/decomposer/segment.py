"""Cutting a job description into statements, and statements into single duties.

A description is read line by line. Headings ("Wat ga je doen?", "Jouw profiel", "What we
offer") open a section; bullets and sentences under them become statements carrying that
section. Whether a statement is a task is decided here too (``is_task``), because it depends
on the section and on wording that marks profile requirements, the offer and company blurbs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tasks.decomposer.classify import (
    dutch_verb_forms,
    has_level_cue,
    has_work_words,
    is_lexicon_word,
    lemma,
    lexicon_words,
    words,
)
from tasks.decomposer.hours import is_hours_only

# "Wat verwachten we?" lists requirements in a vacancy but the work itself in an outsourcing
# request: statements there count as tasks only when they name work and no requirement.
ASK = "ask"
TASKS, PROFILE, OFFER, COMPANY, APPLY, INFO, NONE = (
    "tasks",
    "profile",
    "offer",
    "company",
    "apply",
    "info",
    "none",
)
NON_TASK_SECTIONS = {PROFILE, OFFER, COMPANY, APPLY, INFO}

# Bullets as typed or pasted: Word's Symbol-font bullets arrive as private-use characters
# (U+F0B7, U+F0A7) or as a lone "o".
_BULLET_RE = re.compile(
    r"^\s*(?:[-•*·–—▪●○◦►✓✔>→➢▸\uf0b7\uf0a7]|o(?=\s)|\(?\d{1,2}[.)]|\(?[a-h][.)])\s+"
)
# Markdown and e-mail emphasis around headings: "## Wat ga je doen?", "**Jouw profiel**".
_MARKUP_RE = re.compile(r"^#{1,6}\s*|^[*_]{2}|[*_]{2}$")

_SECTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (section, re.compile(pattern, re.IGNORECASE))
    for section, pattern in (
        (
            ASK,
            r"wat (?:verwachten|vragen) (?:we|wij)(?! van jou| van je)|what we (?:ask|expect)\b"
            r"(?! from you)|wat moet er gebeuren|wat willen we uitbesteden|what we need",
        ),
        (
            PROFILE,
            r"profiel|wie ben je|wie ben jij|wie zoeken we|wie zoeken wij|wat verwachten|"
            r"vereisten|wat breng je mee|wat vragen we|wat vragen wij|competenties|jij bent|"
            r"je bent|your profile|who you are|who are you|requirements|what we expect|"
            r"qualifications|what you bring|what we are looking for|what we're looking for|"
            r"skills|about you",
        ),
        (
            OFFER,
            r"wij bieden|we bieden|wat bieden|aanbod|wat krijg je|what we offer|we offer|"
            r"benefits|what you get|our offer",
        ),
        (
            COMPANY,
            r"over ons|wie zijn wij|wie zijn we|het bedrijf|ons bedrijf|about us|who we are|"
            r"the company|our company|over de organisatie",
        ),
        (
            APPLY,
            r"interesse|solliciteren|solliciteer|contact|how to apply|apply|reageren|"
            r"hoe solliciteren",
        ),
        (INFO, r"praktisch|practical|goed om te weten|good to know|planning en uren"),
        (
            TASKS,
            r"taken|takenpakket|wat ga je doen|wat doe je|wat moet er gebeuren|het gaat om|"
            r"functie|jouw job|je job|de job|opdracht|werkzaamheden|verantwoordelijkheden|"
            r"what you will do|what you'll do|what will you do|responsibilities|your tasks|"
            r"tasks|duties|the job|the role|your role|your job|what needs to be done|activiteiten",
        ),
    )
)

_PROFILE_RE = re.compile(
    r"\b(?:diploma|bachelor|master|rijbewijs|attest|ervaring|kennis van|je spreekt|"
    r"je bent\b(?! verantwoordelijk)|jij bent|je hebt|je beschikt|je kan\b|je kunt|je durft|"
    r"(?:is|zijn) een (?:plus|troef|pluspunt|must)|bereid|flexibel|stressbestendig|teamspeler|"
    r"gemotiveerd|zin voor|vlot|technisch inzicht|je werkt graag|interesse in|nederlandstalig|"
    r"degree|driving licen[cs]e|experience|you have|you are\b(?! responsible)|you can\b|fluent|"
    r"skills|is an? (?:plus|asset|must)|ability to|able to|available|motivated|team player|"
    r"knowledge of|you speak|you enjoy)\b",
    re.IGNORECASE,
)
_OFFER_RE = re.compile(
    r"\b(?:contract|loon|salaris|verloning|maaltijdcheques?|ecocheques?|vergoeding|"
    r"vakantiedagen|verlof|wij bieden|we bieden|ons aanbod|extralegale|hospitalisatie|"
    r"personeelskorting|salary|benefits|we offer|staff discount|bonus|pension|wage)\b",
    re.IGNORECASE,
)
_COMPANY_RE = re.compile(
    r"\b(?:wij zijn|we zijn|ons bedrijf|onze firma|opgericht|familiebedrijf|zoekt|zoeken we|"
    r"zoeken wij|wij zoeken|we zoeken|is een|zijn een|telt|biedt|leveren we|we leveren|"
    r"wij leveren|met \d+ (?:medewerkers|werknemers)|we are|we're|is an?|founded|since \d{4}|"
    r"sinds \d{4}|looking for|our company|employees|we want|we willen|wil|wants)\b",
    re.IGNORECASE,
)
_APPLY_RE = re.compile(
    r"(?:\bcv\b|\bsolliciteer|\bapply\b|stuur .*(?:naar|to)\b|\bbel\b|\bcall us\b|@|"
    r"\bmail\s+(?:je\s+cv|jouw\s+cv|ons|us)\b|e-?mail\s*:)",
    re.IGNORECASE,
)
_DUTY_FORM_RE = {
    "nl": re.compile(
        r"\b(?:je|jij|u|wordt|worden|moet|moeten|verantwoordelijk voor|instaan voor|"
        r"sta je in|zorg je|zorgt|taken)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(?:you|you'll|is done|are done|needs to|need to|must|responsible for|tasks|"
        r"go to|goes to)\b",
        re.IGNORECASE,
    ),
}
_ABBREVIATIONS = {
    "ca", "bv", "bvb", "vb", "o.a", "oa", "nr", "max", "min", "approx", "e.g", "i.e", "etc",
    "incl", "excl", "vs", "mr", "mrs", "dr", "st", "tel", "m.a.w", "enz", "evt", "d.w.z", "p",
}  # fmt: skip
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"')]*\s+(?=[A-ZÀ-Ý0-9\"'(•])")


@dataclass(frozen=True)
class Statement:
    text: str
    section: str
    bullet: bool
    heading: bool
    line: int  # 0-based line of the description, for ordering and debugging


def statements(text: str) -> list[Statement]:
    """Every heading, bullet and sentence of the description, with the section it is in."""
    section = NONE
    result: list[Statement] = []
    lines = text.replace("\r\n", "\n").split("\n")
    had_bullets = after_blank = False
    for number, raw in enumerate(lines):
        line = _MARKUP_RE.sub("", raw.strip()).strip()
        if not line:
            after_blank = True
            continue
        bullet_match = _BULLET_RE.match(line)
        if bullet_match:
            had_bullets = True
        elif had_bullets and after_blank and section in (TASKS, ASK):
            # Prose after a blank line below a list of tasks is a remark, not a new task.
            section = NONE
        after_blank = False
        body = line[bullet_match.end() :].strip() if bullet_match else line
        if not bullet_match:
            heading = _heading_section(body)
            if heading is not None and _looks_like_heading(body):
                section = heading if heading != "unknown" else section_after_title(section)
                had_bullets = False
                result.append(Statement(body, section, False, True, number))
                continue
            inline = _inline_label(body)
            if inline is not None:
                section, body = inline
        for sentence in split_sentences(body):
            sentence_section = section
            own = _heading_section(sentence)
            if own not in (None, "unknown") and _looks_like_heading(sentence):
                section = sentence_section = own
                result.append(Statement(sentence, own, False, True, number))
                continue
            result.append(Statement(sentence, sentence_section, bool(bullet_match), False, number))
    return result


def section_after_title(current: str) -> str:
    # A heading we cannot place (a job title, "Schoonmaak basisschool") resets to neutral.
    return NONE if current != TASKS else current


def _looks_like_heading(text: str) -> bool:
    stripped = text.strip()
    if stripped.endswith((":", "?")):
        return len(stripped.split()) <= 10
    if stripped.endswith((".", "!", ";", ",")):
        return False
    return len(stripped.split()) <= 10


def _heading_section(text: str) -> str | None:
    """The section a heading opens; 'unknown' for a heading-like line of no known section."""
    if not _looks_like_heading(text):
        return None
    lowered = text.lower()
    for section, pattern in _SECTION_PATTERNS:
        if pattern.search(lowered):
            return section
    return "unknown"


def _inline_label(text: str) -> tuple[str, str] | None:
    """'Jouw profiel: vriendelijk, ...' or 'Aanbod: een contract ...'."""
    label, colon, rest = text.partition(":")
    if not colon or not rest.strip() or len(label.split()) > 4:
        return None
    section = _heading_section(label + ":")
    if section in (None, "unknown"):
        return None
    return section, rest.strip()


def split_sentences(text: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        before = text[start : match.start()].split()
        last_word = before[-1].lower().strip("(.") if before else ""
        if last_word in _ABBREVIATIONS or re.fullmatch(r"\d+|[a-z]", last_word):
            continue
        parts.append(text[start : match.end()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def is_task(statement: Statement, language: str) -> bool:
    """Is this statement a duty of the job (and not a heading, requirement, offer or blurb)?"""
    text = statement.text
    if statement.heading and not (statement.section == TASKS and _is_list_item(statement)):
        return False
    if statement.section in NON_TASK_SECTIONS:
        return False
    if statement.section == ASK and not (statement.bullet or _is_plain_sentence(statement)):
        return False
    if _PROFILE_RE.search(text) or _OFFER_RE.search(text) or _APPLY_RE.search(text):
        return False
    if is_hours_only(text):
        return False
    if not has_work_words(text, language):
        # Planning or steering work names no category word but is work all the same.
        return statement.section in (TASKS, ASK) and has_level_cue(text, language, minimum=4)
    duty_form = bool(_DUTY_FORM_RE[language].search(text))
    if _COMPANY_RE.search(text) and not _starts_with_duty(text, language):
        return False
    return statement.section in (TASKS, ASK) or statement.bullet or duty_form


def _is_plain_sentence(statement: Statement) -> bool:
    return not statement.heading


def _is_list_item(statement: Statement) -> bool:
    return not statement.text.rstrip().endswith((":", "?"))


def _starts_with_duty(text: str, language: str) -> bool:
    first = words(text)[:2]
    if language == "nl":
        return bool(first) and first[0] in {"je", "jij", "u"}
    return bool(first) and first[0] == "you"


# --- one statement, several duties -------------------------------------------------------

_SPLIT_RE = {
    "nl": re.compile(r"\s*;\s*|,\s+(?:en\s+)?|\s+en\s+(?:daarnaast\s+|ook\s+)?|\s+&\s+"),
    "en": re.compile(r"\s*;\s*|,\s+(?:and\s+)?|\s+and\s+(?:also\s+)?|\s+&\s+"),
}
_SUBJECTS = {"nl": {"je", "jij", "u", "we", "wij"}, "en": {"you", "you'll", "we"}}
_DETERMINERS = {
    "nl": {"de", "het", "een", "alle", "onze", "ons", "hun", "die", "dat", "deze", "elke"},
    "en": {"the", "a", "an", "all", "our", "their", "each", "every"},
}
_OBJECT_PRONOUNS = {
    "nl": {"ze", "hen", "dit", "dat", "deze", "die"},
    "en": {"it", "them", "this", "these"},
}
# A relative clause ("kledij die niet meer verkocht kan worden") is no new duty of its own.
_RELATIVES = {"nl": {"die", "dat", "waar", "wat", "welke"}, "en": {"that", "which", "who", "where"}}
_SUBORDINATORS = {
    "nl": {"wanneer", "als", "indien", "zodra", "nadat", "voordat", "terwijl", "omdat"},
    "en": {"when", "if", "once", "after", "before", "while", "because"},
}
_AUXILIARIES_EN = {"will", "also", "then", "regularly", "sometimes", "often", "help"}
_GENERIC_VERBS = {
    "nl": {
        "maken", "zetten", "leggen", "brengen", "houden", "voorzien", "doen", "nemen", "geven",
        "halen", "steken", "helpen", "zorgen", "opstellen", "klaarzetten", "bijhouden",
        "nakijken", "controleren", "opvolgen", "vervangen", "ophalen", "opmaken",
    },
    "en": {
        "make", "keep", "take", "put", "check", "prepare", "do", "bring", "help", "set", "get",
        "handle", "process", "update", "answer", "fill", "load", "log", "follow", "receive",
        "remove", "replace", "empty", "open", "sort", "refill", "wipe", "unload", "deliver",
        "collect", "show", "book", "welcome", "clean", "run", "serve", "enter", "order", "name",
        "write", "note", "print", "measure", "weigh", "cut",
    },
}  # fmt: skip
_NOUNS_LIKE_VERBS_NL = {
    "keuken", "wagen", "laken", "teken", "kussen", "deken", "examen", "toren", "regen",
    "tuinen", "lokalen", "vloeren", "ramen", "open", "boven", "beneden", "buiten", "binnen",
    "hagen", "retouren", "goederen", "bladeren", "flessen", "rekken", "lakens", "keukens",
    "samen", "zeven", "negen", "tegen", "alleen",
}  # fmt: skip


def is_verb(token: str, language: str) -> bool:
    """A rough part-of-speech test, enough to see where a new duty starts."""
    token = token.lower()
    if token in _GENERIC_VERBS[language]:
        return True
    base = lemma(token, language)
    if language == "nl":
        if token in _NOUNS_LIKE_VERBS_NL:
            return False
        if base.endswith("en") and base != token and re.search(r"(?:t|d)$", token):
            return True  # finite form or participle: sorteert, gesorteerd
        if base.endswith("en") and token in dutch_verb_forms(base):
            return True  # inverted order: "daarna verpak je"
        # An infinitive: the lexicon lists verbs as infinitives (simplemma sometimes
        # lemmatises them to a noun: "vouwen" -> "vouw").
        if len(token) < 5 or not token.endswith("en"):
            return False  # also keeps out "een", "en", "tien"
        return token in lexicon_words(language) or base == token
    return base in _GENERIC_VERBS[language] or (
        base == token and is_lexicon_word(token, language) and not token.endswith("s")
    )


def split_duties(text: str, language: str) -> list[str]:
    """'Je sorteert de post en scant facturen in' -> two duties; 'wassen, schillen en
    snijden van groenten' stays one (the verbs share one object)."""
    pieces = _pieces(text, language)
    duties: list[str] = []
    current = pieces[0][0]
    for index in range(1, len(pieces)):
        right, separator = pieces[index]
        right_rest = right
        if _starts_new_duty(current, right_rest, language, separator):
            duties.append(current)
            current = right
        else:
            current = current + separator + right
    duties.append(current)
    return [_clean_duty(duty) for duty in duties if _clean_duty(duty)]


def _pieces(text: str, language: str) -> list[tuple[str, str]]:
    """The text cut at every possible coordination point: (piece, separator before it)."""
    pieces: list[tuple[str, str]] = []
    last = 0
    separator = ""
    for match in _SPLIT_RE[language].finditer(text):
        pieces.append((text[last : match.start()], separator))
        separator = match.group(0)
        last = match.end()
    pieces.append((text[last:], separator))
    return [(piece, sep) for piece, sep in pieces if piece.strip()] or [(text, "")]


def _starts_new_duty(left: str, right: str, language: str, separator: str) -> bool:
    left_words = words(left)
    right_words = _before_relative(words(right), language)
    if len(left_words) < 2 or len(right_words) < 2:
        return False
    if not any(is_verb(word, language) for word in left_words):
        return False
    if len([w for w in left_words if w not in _SUBJECTS[language]]) < 2:
        return False  # "je knipt en stript draden": the verbs share the object that follows
    if separator.strip() == ";":
        return True
    if left_words[0] in _SUBORDINATORS[language]:
        return False  # "Wanneer er een levering binnenkomt, zet je ..." is one duty
    if right_words[0] in _SUBJECTS[language]:
        return len(right_words) >= 3
    if language == "en":
        head = [w for w in right_words if w not in _AUXILIARIES_EN][:2]
        return (
            len(head) == 2
            and is_verb(head[0], language)
            and head[1] not in _OBJECT_PRONOUNS[language]
        )
    # Dutch: a conjunct that begins with its own object ("de koelcel bijvullen", "scant
    # facturen in") is a new duty; one that begins with a bare infinitive shares the object.
    first = right_words[0]
    if is_verb(first, language):
        finite = not first.endswith("en")  # "scant" starts a clause; "snijden" shares one
        return finite and right_words[1] not in _OBJECT_PRONOUNS[language]
    if any(word in _SUBJECTS[language] for word in left_words):
        return False  # "Je zet de zaal klaar: tafels en stoelen opstellen" shares its verb
    if not any(word.endswith("en") and is_verb(word, language) for word in left_words):
        return False  # the left part must be an infinitive clause of its own
    if first in _DETERMINERS[language] or not _is_preposition(first):
        return any(is_verb(word, language) for word in right_words[1:])
    return False


def _before_relative(tokens: list[str], language: str) -> list[str]:
    for index, token in enumerate(tokens[1:], start=1):
        if token in _RELATIVES[language]:
            return tokens[:index]
    return tokens


_PREPOSITIONS_NL = {
    "van", "voor", "met", "op", "in", "aan", "naar", "bij", "uit", "door", "over", "tot",
    "tegen", "zonder", "volgens", "per", "om", "onder", "tussen", "na", "rond", "ca", "zo'n",
    "ongeveer", "gemiddeld", "waar", "wanneer", "als", "indien", "zodat", "zoals", "of",
}  # fmt: skip


def _is_preposition(word: str) -> bool:
    return word in _PREPOSITIONS_NL


_LEADING_JUNK_RE = re.compile(
    r"^(?:[,;:\s]+|(?:en|and|ook|also|daarnaast|verder|tenslotte|finally)\b[\s,]*)+",
    re.IGNORECASE,
)


def _clean_duty(text: str) -> str:
    text = _LEADING_JUNK_RE.sub("", text.strip())
    return text.strip().strip(",;").strip()
