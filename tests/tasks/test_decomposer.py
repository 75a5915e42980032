"""Unit tests of the decomposer: hours, segmentation, exclusion, classification, explanation."""

from __future__ import annotations

import json

import pytest

from tasks.decomposer import FORMAT, decompose, detect_language
from tasks.decomposer.hours import find_job_hours, find_task_hours, is_hours_only
from tasks.decomposer.segment import split_duties, statements
from tasks.decomposer.titles import make_title


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("Broodjes beleggen, ca. 6 uur per week", 6.0),
        ("Orders verzamelen (ongeveer 15u/week)", 15.0),
        ("Pick orders, about 12 hours a week", 12.0),
        ("Dozen vouwen, 4 à 6 uur per week", 5.0),
        ("Dozen vouwen, 4-6 uur per week", 5.0),
        ("De post sorteren: 1 uur per dag", 5.0),
        ("Archiveren, 8 uur per maand", 1.8),
        ("Ramen wassen, 2,5 uur per week", 2.5),
        ("Mowing, twelve hours a week", 12.0),
        ("Mailings, 16 uur per kwartaal", 1.2),
        ("Strijken: een halve dag per week", 3.8),
        ("Onthaal, één dag per week", 7.6),
    ],
)
def test_task_hours_forms(text: str, hours: float) -> None:
    found = find_task_hours(text)
    assert found is not None
    assert found.hours_per_week == pytest.approx(hours, abs=0.05)
    assert found.text in text


@pytest.mark.parametrize(
    "text",
    [
        "Ramen wassen, één keer per maand",
        "De werken gebeuren tussen 15.30 en 19 uur",
        "Veiligheidsschoenen maat 42",
        "We zijn open van 9 tot 17 uur",
    ],
)
def test_no_hours_without_a_per_period(text: str) -> None:
    assert find_task_hours(text) is None


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("Een contract van onbepaalde duur, 3 dagen per week.", 22.8),
        ("Een voltijdse job in dagdienst.", 38.0),
        ("Aanbod: een contract van 4/5.", 30.4),
        ("Administratief medewerker (halftijds)", 19.0),
        ("A part-time contract of 24 hours per week.", 24.0),
        ("Deeltijds 60% contract", 22.8),
    ],
)
def test_job_hours_forms(text: str, hours: float) -> None:
    found = find_job_hours(text)
    assert found is not None
    assert found.hours_per_week == pytest.approx(hours)


def test_hours_only_sentence() -> None:
    assert is_hours_only("Dat neemt zo'n 4 uur per week in beslag.")
    assert not is_hours_only("Je strijkt de schorten, 4 uur per week.")


def test_hours_sentence_after_a_task_attaches_to_it() -> None:
    result = decompose(
        "Wat ga je doen?\nJe vult de rekken aan. Dat neemt zo'n 4 uur per week in beslag.\n"
        "Je dweilt de winkelvloer.",
        language="nl",
    )
    assert [t.hours_per_week for t in result.tasks] == [4.0, None]
    assert result.tasks[0].explanation["hours_text"] == "4 uur per week"


def test_bullets_of_every_kind_become_tasks() -> None:
    text = (
        "Wat ga je doen?\n"
        "• Dozen vouwen\n"
        "- Etiketten kleven op de potten\n"
        "* Pakketten klaarmaken voor verzending\n"
        "1. Rekken aanvullen\n"
        "2) De vloer vegen\n"
        "→ Folders in enveloppen steken\n"
    )
    sources = [t.source for t in decompose(text, language="nl").tasks]
    assert sources == [
        "Dozen vouwen",
        "Etiketten kleven op de potten",
        "Pakketten klaarmaken voor verzending",
        "Rekken aanvullen",
        "De vloer vegen",
        "Folders in enveloppen steken",
    ]


def test_je_sentence_with_several_duties_is_split() -> None:
    assert split_duties(
        "Je sorteert de post, scant de facturen in en archiveert de dossiers", "nl"
    ) == [
        "Je sorteert de post",
        "scant de facturen in",
        "archiveert de dossiers",
    ]
    assert split_duties("Je dekt de tafels en je ruimt de zaal op na een feest", "nl") == [
        "Je dekt de tafels",
        "je ruimt de zaal op na een feest",
    ]
    assert split_duties("Bestellingen nakijken en de koelcel bijvullen", "nl") == [
        "Bestellingen nakijken",
        "de koelcel bijvullen",
    ]


def test_you_will_sentence_with_several_duties_is_split() -> None:
    assert split_duties("You will pick orders, pack boxes and load the trucks", "en") == [
        "You will pick orders",
        "pack boxes",
        "load the trucks",
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Groenten wassen, schillen en snijden volgens de receptfiche", "nl"),
        ("Je knipt en stript draden op maat", "nl"),
        ("Pakketten inpakken en van een verzendlabel voorzien", "nl"),
        ("Unload the delivery and check it against the delivery note", "en"),
        ("Wanneer er een levering binnenkomt, zet je de dozen in het rek", "nl"),
    ],
)
def test_verbs_sharing_one_object_stay_one_duty(text: str, language: str) -> None:
    assert split_duties(text, language) == [text]


def test_hours_for_a_whole_bullet_keep_it_one_task() -> None:
    result = decompose(
        "Takenpakket:\n- kamers opmaken en badkamers poetsen, 20 uur per week\n", language="nl"
    )
    assert len(result.tasks) == 1
    assert result.tasks[0].hours_per_week == 20.0


def test_headings_profile_offer_and_blurb_are_not_tasks() -> None:
    text = """Magazijnier (m/v/x)

Over ons
Wij zijn een familiebedrijf dat sinds 1982 bestellingen levert aan klanten in heel Vlaanderen.

Wat ga je doen?
- Je verzamelt de bestellingen met een handscanner
- Je pakt de bestellingen in dozen

Jouw profiel
- Je hebt een bachelor logistiek of ervaring in een magazijn
- Rijbewijs B
- Je bent stressbestendig en kan dozen van 20 kg heffen

Wat bieden wij?
Een voltijds contract, maaltijdcheques en korting op ons assortiment.

Interesse? Stuur je cv naar jobs@voorbeeld.be.
"""
    result = decompose(text, language="nl")
    assert [t.source for t in result.tasks] == [
        "Je verzamelt de bestellingen met een handscanner",
        "Je pakt de bestellingen in dozen",
    ]
    assert result.job_hours_per_week == 38.0


def test_inline_profile_label_and_english_requirements_are_not_tasks() -> None:
    result = decompose(
        "Your tasks\n- Clean the toilets\n\nRequirements\n- Experience with cleaning "
        "machines\n- A driving licence\n\nJouw profiel: je kan dweilen en stofzuigen.",
        language="en",
    )
    assert [t.source for t in result.tasks] == ["Clean the toilets"]


def test_prose_description_keeps_duties_and_drops_blurb() -> None:
    text = (
        "Bakkerij Peeters in Brugge bakt sinds 1952 brood volgens oude recepten. "
        "Voor twee dagen per week zoeken we iemand voor het atelier. Je snijdt het brood "
        "voor de restaurants en je brengt de bestellingen met de bestelwagen rond."
    )
    result = decompose(text, language="nl")
    assert [t.source for t in result.tasks] == [
        "Je snijdt het brood voor de restaurants",
        "je brengt de bestellingen met de bestelwagen rond.",
    ]
    assert [t.category for t in result.tasks] == ["catering", "transport"]
    assert result.job_hours_per_week == pytest.approx(15.2)


@pytest.mark.parametrize(
    ("text", "language", "category", "level"),
    [
        ("Je verzamelt orders met een handscanner", "nl", "logistics", 2),
        ("Etiketten kleven op de potten", "nl", "packaging", 1),
        ("Het weekrooster van de ploeg opstellen", "nl", "other", 4),
        ("Je onderhandelt de contracten met leveranciers", "nl", "other", 5),
        ("Je kuist de sanitaire ruimtes", "nl", "cleaning", 2),
        ("Mow the lawns with a ride-on mower", "en", "green", 2),
        ("Welcome visitors at the front desk", "en", "reception", 3),
        ("Scan invoices into the accounting software", "en", "admin", 2),
        ("Dismantle old laptops", "en", "recycling", 2),
    ],
)
def test_category_and_level(text: str, language: str, category: str, level: int) -> None:
    (task,) = decompose(f"Taken:\n- {text}", language=language).tasks
    assert (task.category, task.level) == (category, level)
    assert task.outsourceable is (level <= 3 and category != "other")


def test_explanation_names_the_words_that_decided() -> None:
    (task,) = decompose(
        "Wat ga je doen?\n- Je pakt de dozen in, ca. 6 uur per week", language="nl"
    ).tasks
    explanation = task.explanation
    assert task.category == "packaging"
    assert "pakt … in" in explanation["category_words"]
    assert explanation["category_scores"]["packaging"] >= 2
    assert explanation["hours_text"] == "6 uur per week"
    assert explanation["level_rule"] == "category default"
    (planned,) = decompose("Taken:\n- Het weekrooster opstellen", language="nl").tasks
    assert planned.explanation["level_words"] == ["weekrooster"]
    assert planned.explanation["level_rule"] == "highest level word"


def test_split_task_explains_where_it_came_from() -> None:
    tasks = decompose("Taken:\n- Je dekt de tafels en je dweilt de zaal", language="nl").tasks
    assert [t.explanation["split_from"] for t in tasks] == [
        "Je dekt de tafels en je dweilt de zaal"
    ] * 2


def test_titles_are_short_and_readable() -> None:
    tasks = decompose(
        "Taken:\n- Je dekt de tafels\n- Je pakt de dozen in\n- You will sort the incoming mail",
        language="nl",
    ).tasks
    assert [t.title for t in tasks[:2]] == ["Tafels dekken", "Dozen inpakken"]
    english = decompose("Tasks:\n- You will sort the incoming mail every morning", language="en")
    assert english.tasks[0].title == "Sort the incoming mail"


def test_output_format_matches_taxonomy() -> None:
    result = decompose("Wat ga je doen?\n- Dozen vouwen, 3 uur per week", language="nl")
    data = json.loads(json.dumps(result.to_dict()))
    assert data["format"] == FORMAT == "gewaardeerd-decomposition/1"
    assert data["language"] == "nl"
    (task,) = data["tasks"]
    assert {"title", "category", "level", "hours_per_week", "outsourceable", "source"} <= set(task)
    assert task["hours_per_week"] == 3.0
    assert isinstance(task["outsourceable"], bool)


def test_language_is_detected_and_validated() -> None:
    assert detect_language("Je pakt de dozen in en je kuist de refter.") == "nl"
    assert detect_language("You will pack the boxes and clean the canteen.") == "en"
    assert decompose("You will pack the boxes.").language == "en"
    with pytest.raises(ValueError):
        decompose("Dozen vouwen", language="fr")


def test_empty_and_taskless_text_give_no_tasks() -> None:
    assert decompose("", language="nl").tasks == ()
    assert decompose("Wij zijn een bedrijf uit Gent.\n\nInteresse? Bel ons.").tasks == ()


def test_statements_carry_their_section() -> None:
    found = statements("Wat ga je doen?\n- Dozen vouwen\nJouw profiel\n- Rijbewijs B")
    assert [(s.text, s.section, s.heading) for s in found] == [
        ("Wat ga je doen?", "tasks", True),
        ("Dozen vouwen", "tasks", False),
        ("Jouw profiel", "profile", True),
        ("Rijbewijs B", "profile", False),
    ]


def test_markdown_headings_and_pasted_word_bullets() -> None:
    text = (
        "## Wat ga je doen?\n\uf0b7 Dozen vouwen\no Rekken aanvullen\n"
        "**Jouw profiel**\n- Rijbewijs B"
    )
    result = decompose(text, language="nl")
    assert [t.source for t in result.tasks] == ["Dozen vouwen", "Rekken aanvullen"]


def test_inline_task_list_in_prose_is_split() -> None:
    result = decompose("Taken: dozen vouwen, etiketten kleven en rekken aanvullen.", language="nl")
    assert [t.category for t in result.tasks] == ["packaging", "packaging", "logistics"]


@pytest.mark.parametrize(
    ("source", "title"),
    [
        ("Je snijdt en verpakt het brood voor de restaurants", "Brood snijden en verpakken"),
        ("belt wanbetalers", "Wanbetalers bellen"),
        ("Je zet de zaal klaar: tafels en stoelen opstellen", "Zaal klaarzetten"),
        ("Daarna kleef je er een etiket op", "Etiket opkleven"),
        ("Je ruimt de zaal op na een feest", "Zaal opruimen"),
        ("De keuken dweilen (2 uur per week)", "Keuken dweilen"),
        (
            "Je bent verantwoordelijk voor het inpakken van bestellingen",
            "Inpakken van bestellingen",
        ),
    ],
)
def test_dutch_titles(source: str, title: str) -> None:
    assert make_title(source, "nl") == title
