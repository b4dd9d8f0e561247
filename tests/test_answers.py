"""Short replies to the coach's questions (library/answers.py): yes, no and later in
English, German, Spanish, French and Russian, and the messages that are no such reply."""

from __future__ import annotations

import pytest

from library.answers import (
    Answer,
    answer,
    declines,
    is_later,
    is_no,
    is_yes,
    times_vary,
    turns_off,
)
from library.languages import Language

DE, ES, FR, RU, EN = Language.DE, Language.ES, Language.FR, Language.RU, Language.EN
YES, NO, LATER = Answer.YES, Answer.NO, Answer.LATER

REPLIES: list[tuple[Language, str, Answer]] = [
    # English
    (EN, "yes", YES),
    (EN, "Yeah!", YES),
    (EN, "sure", YES),
    (EN, "no", NO),
    (EN, "No thanks.", NO),
    (EN, "cancel", NO),
    (EN, "stop", NO),
    (EN, "later", LATER),
    (EN, "skip", LATER),
    (EN, "not now", LATER),
    (EN, "maybe later, thanks", LATER),
    # German
    (DE, "ja", YES),
    (DE, "Ja!", YES),
    (DE, "klar", YES),
    (DE, "gerne", YES),
    (DE, "ja, bitte", YES),
    (DE, "okay 👍", YES),
    (DE, "nein", NO),
    (DE, "Nein, danke!", NO),
    (DE, "nee", NO),
    (DE, "nö", NO),
    (DE, "abbrechen", NO),
    (DE, "Stopp", NO),
    (DE, "lieber nicht", NO),
    (DE, "später", LATER),
    (DE, "spaeter", LATER),
    (DE, "später bitte", LATER),
    (DE, "überspringen", LATER),
    (DE, "jetzt nicht", LATER),
    (DE, "nicht jetzt", LATER),
    (DE, "vielleicht später", LATER),
    (DE, "ein andermal", LATER),
    (DE, "skip", LATER),  # English works in every language
    # Spanish
    (ES, "sí", YES),
    (ES, "si", YES),
    (ES, "¡Sí, claro!", YES),
    (ES, "vale", YES),
    (ES, "de acuerdo", YES),
    (ES, "dale", YES),
    (ES, "no", NO),
    (ES, "No, gracias.", NO),
    (ES, "cancelar", NO),
    (ES, "para", NO),
    (ES, "mejor no", NO),
    (ES, "luego", LATER),
    (ES, "más tarde", LATER),
    (ES, "mas tarde", LATER),
    (ES, "después", LATER),
    (ES, "ahora no", LATER),
    (ES, "en otro momento", LATER),
    (ES, "saltar", LATER),
    (ES, "todavía no", LATER),
    (ES, "más tarde, por favor", LATER),
    # French
    (FR, "oui", YES),
    (FR, "Ouais", YES),
    (FR, "d'accord", YES),
    (FR, "d’accord !", YES),
    (FR, "bien sûr", YES),
    (FR, "vas-y", YES),
    (FR, "non", NO),
    (FR, "Non merci.", NO),
    (FR, "annuler", NO),
    (FR, "arrête", NO),
    (FR, "pas question", NO),
    (FR, "plus tard", LATER),
    (FR, "pas maintenant", LATER),
    (FR, "passer", LATER),
    (FR, "peut-être plus tard", LATER),
    (FR, "une autre fois", LATER),
    (FR, "pas encore", LATER),
    (FR, "plus tard s'il te plaît", LATER),
    # Russian
    (RU, "да", YES),
    (RU, "Да, пожалуйста", YES),
    (RU, "конечно", YES),
    (RU, "давай", YES),
    (RU, "ок", YES),
    (RU, "нет", NO),
    (RU, "Нет, спасибо", NO),
    (RU, "отмена", NO),
    (RU, "стоп", NO),
    (RU, "не надо", NO),
    (RU, "позже", LATER),
    (RU, "потом", LATER),
    (RU, "не сейчас", LATER),
    (RU, "попозже", LATER),
    (RU, "пропустить", LATER),
    (RU, "в другой раз", LATER),
    (RU, "ещё нет", LATER),
    (RU, "еще нет", LATER),
]


@pytest.mark.parametrize(("language", "text", "expected"), REPLIES)
def test_short_replies_are_understood(language: Language, text: str, expected: Answer) -> None:
    assert answer(text, language) is expected
    assert (is_yes(text, language), is_no(text, language), is_later(text, language)) == (
        expected is YES,
        expected is NO,
        expected is LATER,
    )
    assert declines(text, language) is (expected is not YES)


NOT_REPLIES: list[tuple[Language, str]] = [
    (EN, "no pain today"),
    (EN, "later I'll run"),
    (EN, "yes 12 12"),
    (EN, "thanks"),
    (EN, "ja"),  # German words only for German runners
    (DE, "nein, links 12 rechts 15"),
    (DE, "ja 12 12"),
    (DE, "später laufe ich"),
    (DE, "keine Schmerzen heute"),
    (DE, "danke"),
    (DE, "wie mache ich hamstring humps?"),
    (DE, "Di Do 6:30"),
    (DE, "Jahr"),
    (ES, "no me duele nada hoy"),
    (ES, "sí, izquierda 10 derecha 12"),
    (ES, "luego corro a las 7"),
    (ES, "gracias"),
    (ES, "¿cómo se hace?"),
    (ES, "mar jue 6:30"),
    (ES, "sin"),
    (FR, "non, gauche 10 droite 12"),
    (FR, "oui j'ai couru"),
    (FR, "plus tard dans la semaine je cours"),
    (FR, "merci"),
    (FR, "comment faire les fentes ?"),
    (FR, "nonante"),
    (RU, "нет боли"),
    (RU, "да я бегал вчера"),
    (RU, "левая 10 правая 12"),
    (RU, "спасибо"),
    (RU, "как делать выпады?"),
    (RU, "потом побегу"),
    (RU, "данные"),
    (RU, ""),
    (DE, "nein " * 30),
]


@pytest.mark.parametrize(("language", "text"), NOT_REPLIES)
def test_other_messages_are_no_reply(language: Language, text: str) -> None:
    assert answer(text, language) is None
    assert not declines(text, language)


@pytest.mark.parametrize("language", list(Language))
def test_english_replies_work_in_every_language(language: Language) -> None:
    """The words onboarding took before (LATER_WORDS) still put a question off."""
    for text in ("later", "skip", "not now", "no", "cancel", "stop"):
        assert declines(text, language), text
    assert is_yes("yes", language)


def test_each_language_keeps_its_words_to_itself() -> None:
    """'nein' is no to a German runner only; 'да' to a Russian one only."""
    assert is_no("nein", DE)
    assert answer("nein", FR) is None
    assert is_yes("да", RU)
    assert answer("да", ES) is None
    assert is_later("plus tard", FR)
    assert answer("plus tard", DE) is None


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("off", Language.EN, True),
        ("stop", Language.EN, True),
        ("never", Language.DE, True),
        ("aus", Language.DE, True),
        ("nein", Language.DE, True),
        ("apagar", Language.ES, True),
        ("désactiver", Language.FR, True),
        ("выключить", Language.RU, True),
        ("sun", Language.EN, False),
        ("So", Language.DE, False),
        ("aus", Language.EN, False),  # German only for a German runner
    ],
)
def test_turning_off(text: str, language: Language, expected: bool) -> None:
    assert turns_off(text, language) is expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("different times on different days", Language.EN, True),
        ("it varies", Language.EN, True),
        ("not the same every day", Language.EN, True),
        ("unterschiedlich", Language.DE, True),
        ("depende del día", Language.ES, True),
        ("ça dépend", Language.FR, True),
        ("в разное время", Language.RU, True),
        ("7am", Language.EN, False),
        ("um 7", Language.DE, False),
        ("a las 7", Language.ES, False),
        ("the same every day", Language.EN, False),
    ],
)
def test_times_that_vary(text: str, language: Language, expected: bool) -> None:
    assert times_vary(text, language) is expected
