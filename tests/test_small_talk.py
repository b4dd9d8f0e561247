"""Small talk in the five languages (library/small_talk.py): greetings, thanks and
goodbyes as whole messages; anything with a report or a question in it is not."""

from __future__ import annotations

import pytest

from library.small_talk import SmallTalk, small_talk

GREETING, THANKS, BYE = SmallTalk.GREETING, SmallTalk.THANKS, SmallTalk.BYE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hi", GREETING),
        ("Hello coach!", GREETING),
        ("Good morning", GREETING),
        ("Hallo", GREETING),
        ("Guten Morgen!", GREETING),
        ("Moin", GREETING),
        ("hola", GREETING),
        ("¡Buenos días!", GREETING),
        ("Salut !", GREETING),
        ("Bonjour", GREETING),
        ("Привет", GREETING),
        ("Здравствуйте!", GREETING),
        ("thanks", THANKS),
        ("Thank you so much!", THANKS),
        ("Danke schön", THANKS),
        ("vielen Dank!", THANKS),
        ("¡Muchas gracias!", THANKS),
        ("Merci beaucoup !", THANKS),
        ("спасибо", THANKS),
        ("Спасибо большое!", THANKS),
        ("спс", THANKS),
        ("bye", BYE),
        ("Tschüss", BYE),
        ("Hasta luego", BYE),
        ("Au revoir", BYE),
        ("À demain !", BYE),
        ("Пока!", BYE),
        ("До завтра", BYE),
    ],
)
def test_small_talk_in_every_language(text: str, expected: SmallTalk) -> None:
    assert small_talk(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "thanks, left 12 right 15",
        "hi, how do I do humps?",
        "danke, links 12 rechts 15",
        "hola, ¿cómo se hace el puente?",
        "merci pour le plan de la semaine prochaine",
        "спасибо, левая 10 правая 12",
        "later",
        "ok",
        "left 12 right 15",
        "",
    ],
)
def test_anything_more_is_not_small_talk(text: str) -> None:
    assert small_talk(text) is None
