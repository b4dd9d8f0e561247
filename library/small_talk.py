"""Small talk a runner sends that asks for nothing: a greeting ("hi", "hallo", "hola",
"salut", "привет"), thanks ("thanks", "danke", "gracias", "merci", "спасибо") or a
goodbye ("bye", "tschüss", "adiós", "à plus", "пока"), in any of the five languages.

Only a whole message counts (give or take punctuation, emoji and "coach"), so "thanks,
left 12 right 15" is a report and "hi, how do I do humps?" a question. Codes only; the
replies are the handlers'.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache

from library.matcher import fold


class SmallTalk(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    BYE = "bye"


_SAID: dict[SmallTalk, tuple[str, ...]] = {
    SmallTalk.GREETING: (
        *("hi", "hey", "hello", "hiya", "yo", "good morning", "morning", "good evening"),
        *("good afternoon", "hi there", "hello there"),
        *("hallo", "moin", "servus", "guten morgen", "guten tag", "guten abend", "gruss dich"),
        *("gruezi", "hallochen"),
        *("hola", "buenas", "buenos dias", "buenas tardes", "buenas noches", "hola que tal"),
        *("que tal", "buen dia"),
        *("salut", "bonjour", "bonsoir", "coucou", "hello", "salut ca va", "bonjour ca va"),
        *("привет", "здравствуи", "здравствуите", "добрыи день", "доброе утро"),
        *("добрыи вечер", "приветствую", "хаи"),
    ),
    SmallTalk.THANKS: (
        *("thanks", "thank you", "thx", "ty", "cheers", "thanks a lot", "many thanks"),
        *("thank you so much", "great thanks", "perfect thanks", "ok thanks", "nice thanks"),
        *("danke", "danke schon", "vielen dank", "danke dir", "dankeschon", "super danke"),
        *("perfekt danke", "ok danke"),
        *("gracias", "muchas gracias", "mil gracias", "vale gracias", "genial gracias"),
        *("merci", "merci beaucoup", "merci bien", "super merci", "ok merci", "parfait merci"),
        *("спасибо", "спасибо большое", "большое спасибо", "спс", "благодарю", "ок спасибо"),
        *("отлично спасибо", "супер спасибо"),
    ),
    SmallTalk.BYE: (
        *("bye", "goodbye", "see you", "see ya", "good night", "night"),
        *("tschuss", "ciao", "bis dann", "bis spater", "gute nacht", "bis morgen"),
        *("adios", "hasta luego", "hasta manana", "chao", "nos vemos"),
        *("au revoir", "a plus", "a demain", "bonne nuit", "bonne soiree", "a bientot"),
        *("пока", "до свидания", "до завтра", "спокойнои ночи", "до встречи"),
    ),
}
# Said around it without changing it.
_AROUND = ("coach", "trainer", "entrenador", "тренер", "so much", "again", "!")


@cache
def _table() -> dict[str, SmallTalk]:
    return {_plain(words): kind for kind, phrases in _SAID.items() for words in phrases}


def _plain(text: str) -> str:
    """Folded, letters and spaces only, the words said around it gone."""
    said = " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())
    words = [word for word in said.split() if word not in _AROUND]
    return " ".join(words)


def small_talk(text: str) -> SmallTalk | None:
    """What a whole message of small talk is; None for anything else."""
    if len(text) > 60:
        return None
    return _table().get(_plain(text))
