"""Hours per week as job descriptions state them, in Dutch and English.

"ca. 6 uur per week", "15u/week", "(10 uur per week)", "about 12 hours a week", "4 à 6 uur"
(a range counts as its middle), "2 uur per dag" (five working days), "8 uur per maand"
(12 months over 52 weeks), "16 uur per kwartaal" (4 over 52), and for a whole job
"3 dagen per week", "voltijds", "4/5", "halftijds". A day counts 7.6 hours: the Belgian
full-time week is 38 hours over five days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FULL_TIME_HOURS = 38.0
HOURS_PER_DAY = FULL_TIME_HOURS / 5
WORKING_DAYS = 5

_NUMBER_WORDS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "vijftien": 15, "twintig": 20,
    "anderhalve": 1.5, "anderhalf": 1.5, "halve": 0.5, "half": 0.5,
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip

_NUM = r"(?:\d+(?:[.,]\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_RANGE = rf"(?P<low>{_NUM})(?:\s*(?:-|–|à|a|tot|to)\s*(?P<high>{_NUM}))?"
_HOUR_UNIT = r"(?:uren|uur|u|h|hrs|hours|hour|hr)"
_DAY_UNIT = r"(?:dagen|dag|days|day|voormiddagen|namiddagen|halve\s+dagen)"
_PER_WEEK = (
    r"(?:per\s+week|/\s*week|/\s*w(?:k)?\b|p/?w\b|a\s+week|per\s+wk|each\s+week|every\s+week"
    r"|in\s+de\s+week|op\s+weekbasis|wekelijks|weekly|per\s+werkweek)"
)
_PER_DAY = r"(?:per\s+dag|/\s*dag|a\s+day|per\s+day|each\s+day|every\s+day|daily|dagelijks)"
_PER_MONTH = (
    r"(?:per\s+maand|/\s*maand|a\s+month|per\s+month|each\s+month|every\s+month"
    r"|maandelijks|monthly)"
)

_PER_QUARTER = r"(?:per\s+kwartaal|/\s*kwartaal|a\s+quarter|per\s+quarter|each\s+quarter)"

_HOURS_RE = re.compile(
    rf"(?<![\w/]){_RANGE}\s*{_HOUR_UNIT}\b\.?\s*(?:(?P<week>{_PER_WEEK})|(?P<day>{_PER_DAY})"
    rf"|(?P<month>{_PER_MONTH})|(?P<quarter>{_PER_QUARTER}))",
    re.IGNORECASE,
)
_DAYS_RE = re.compile(rf"(?<![\w/]){_RANGE}\s*{_DAY_UNIT}\s*(?:{_PER_WEEK})", re.IGNORECASE)
# "een halve dag per week" / "half a day a week"
_HALF_DAY_RE = re.compile(rf"(?:een\s+halve\s+dag|half\s+a\s+day)\s*(?:{_PER_WEEK})", re.IGNORECASE)
_FRACTION_RE = re.compile(r"(?<![\d/])([1-4])\s*/\s*5(?![\d/])")
_PERCENT_RE = re.compile(r"(\d{2,3})\s*%\s*(?:tewerkstelling|job|contract|deeltijds|part)", re.I)
_FULL_TIME_RE = re.compile(r"\b(?:voltijd(?:s|se)?|full[- ]time|fulltime)\b", re.IGNORECASE)
_HALF_TIME_RE = re.compile(r"\b(?:halftijd(?:s|se)?|half[- ]time)\b", re.IGNORECASE)


@dataclass(frozen=True)
class HoursMatch:
    hours_per_week: float
    text: str  # the words that said so, for the explanation
    start: int
    end: int


def _number(text: str) -> float:
    word = text.lower()
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    return float(word.replace(",", "."))


def _range_value(match: re.Match[str]) -> float:
    low = _number(match.group("low"))
    high = match.group("high")
    return (low + _number(high)) / 2 if high else low


def _rounded(value: float) -> float:
    return round(value * 10) / 10


def find_task_hours(text: str) -> HoursMatch | None:
    """Hours per week stated for a task ("ca. 6 uur per week"), or None."""
    match = _HOURS_RE.search(text)
    if match:
        value = _range_value(match)
        if match.group("day"):
            value *= WORKING_DAYS
        elif match.group("month"):
            value = value * 12 / 52
        elif match.group("quarter"):
            value = value * 4 / 52
        if 0 < value <= 60:
            return HoursMatch(_rounded(value), match.group(0).strip(), *match.span())
    days = _find_days(text)
    if days:
        return days
    return None


def _find_days(text: str) -> HoursMatch | None:
    half = _HALF_DAY_RE.search(text)
    if half:
        return HoursMatch(_rounded(HOURS_PER_DAY / 2), half.group(0), *half.span())
    match = _DAYS_RE.search(text)
    if match:
        value = _range_value(match)
        # "halve dagen" and "voormiddagen" are half days.
        if re.search(r"halve|voormiddag|namiddag", match.group(0), re.IGNORECASE):
            value /= 2
        if 0 < value <= 6:
            return HoursMatch(_rounded(value * HOURS_PER_DAY), match.group(0), *match.span())
    return None


def find_job_hours(text: str) -> HoursMatch | None:
    """Weekly hours of the whole job: explicit hours, days, a fraction or 'voltijds'."""
    found = find_task_hours(text)
    if found:
        return found
    for pattern, value in ((_FULL_TIME_RE, FULL_TIME_HOURS), (_HALF_TIME_RE, FULL_TIME_HOURS / 2)):
        match = pattern.search(text)
        if match:
            return HoursMatch(value, match.group(0), *match.span())
    fraction = _FRACTION_RE.search(text)
    if fraction:
        value = FULL_TIME_HOURS * int(fraction.group(1)) / 5
        return HoursMatch(_rounded(value), fraction.group(0), *fraction.span())
    percent = _PERCENT_RE.search(text)
    if percent and 0 < int(percent.group(1)) <= 100:
        value = FULL_TIME_HOURS * int(percent.group(1)) / 100
        return HoursMatch(_rounded(value), percent.group(0), *percent.span())
    return None


def is_hours_only(text: str) -> bool:
    """A sentence that only says how long ("Dat is zo'n 4 uur per week.") and names no work."""
    match = find_task_hours(text)
    if match is None:
        return False
    rest = (text[: match.start] + text[match.end :]).lower()
    words = re.findall(r"[a-zà-ÿ']+", rest)
    filler = {
        "dat", "dit", "het", "is", "neemt", "ongeveer", "zo'n", "zowat", "ca", "circa",
        "gemiddeld", "in", "beslag", "vraagt", "duurt", "gaat", "om", "goed", "voor", "we",
        "rekenen", "hiervoor", "daarvoor", "this", "that", "takes", "about", "around", "roughly",
        "approximately", "approx", "it", "expect", "estimate", "for", "on", "average",
        "of", "work", "werk", "tijd", "time", "en", "and", "er", "mee", "bezig", "ben", "je",
        "you", "spend", "will", "besteed", "besteedt", "some", "plus", "minus", "min", "max",
        "maximum", "minimum", "tot", "to", "up",
    }  # fmt: skip
    return all(word in filler for word in words)
