"""The languages the coach speaks, and which one a runner gets: from the language code
Telegram gives with each user (``de``, ``pt-br``, ``zh-hans``; other languages fall back
to English), or from what a runner types after ``/language`` (a code, or the language's
name in any of the five: "de", "Deutsch", "german", "alemán", "немецкий").

Codes only (``Language``); the names shown to runners are the handlers'.
"""

from __future__ import annotations

import itertools
import re
from enum import StrEnum

from library.matcher import fold


class Language(StrEnum):
    """A language the coach speaks, by its ISO 639-1 code."""

    EN = "en"
    DE = "de"
    ES = "es"
    FR = "fr"
    RU = "ru"


DEFAULT = Language.EN
# A language tag with its region (de-DE, ru-RU): its language alone.
_REGION = re.compile(r"^([A-Za-z]{2})-[A-Za-z]{2}$")

# What a runner may type for each language: its code, its own name and its name in the
# other four (folded: lower case, accents gone), and the country-ish words people use.
_SAID: dict[Language, tuple[str, ...]] = {
    Language.EN: ("en", "eng", "english", "englisch", "ingles", "anglais", "английский"),
    Language.DE: ("de", "deu", "ger", "deutsch", "german", "aleman", "allemand", "немецкий"),
    Language.ES: ("es", "esp", "spa", "espanol", "spanish", "spanisch", "espagnol", "испанский"),
    Language.FR: (
        "fr",
        "fra",
        "fre",
        "francais",
        "french",
        "franzosisch",
        "frances",
        "французский",
    ),
    Language.RU: ("ru", "rus", "русский", "russian", "russisch", "ruso", "russe", "по-русски"),
}
# How Russian names a language after a preposition or as an adverb ("на русском",
# "по-немецки"), and the flags people tap instead of typing.
_ALSO_SAID: dict[Language, tuple[str, ...]] = {
    Language.EN: ("английском", "по-английски", "🇬🇧", "🇺🇸", "🇦🇺", "🇨🇦", "🇮🇪"),
    Language.DE: ("немецком", "по-немецки", "🇩🇪", "🇦🇹", "🇨🇭"),
    Language.ES: ("испанском", "по-испански", "🇪🇸", "🇲🇽", "🇦🇷", "🇨🇴"),
    Language.FR: ("французском", "по-французски", "🇫🇷", "🇧🇪"),
    Language.RU: ("русском", "🇷🇺"),
}
_BY_WORD = {
    fold(word): language
    for table in (_SAID, _ALSO_SAID)
    for language, words in table.items()
    for word in words
}
# Words that are also a language's code: "en español", "en anglais" (Spanish and French
# for "in"). Beside another language's name they are the preposition.
_PREPOSITIONS = frozenset({"en"})


def language_for(code: str | None) -> Language:
    """The language for Telegram's ``language_code`` (an IETF tag such as ``de``,
    ``de-AT`` or ``pt-br``; None when the client sent none): its primary subtag when the
    coach speaks it, else English."""
    if not code:
        return DEFAULT
    primary = code.strip().replace("_", "-").split("-", 1)[0].casefold()
    try:
        return Language(primary)
    except ValueError:
        return DEFAULT


def parse_language(text: str) -> Language | None:
    """The language a runner named ("de", "Deutsch", "in German", "español", "русский");
    None when the text names none of the five."""
    tags = [_REGION.sub(r"\1", word) for word in text.replace("_", "-").split()]
    said = fold(" ".join(tags))
    words = [word.strip(".,!?;:()'\"") for word in said.split()]
    # Russian adverbs ("по-немецки") fold to two words: read them as one.
    words += [f"по {word}" for before, word in itertools.pairwise(words) if before == "по"]
    named = [word for word in words if word in _BY_WORD]
    names = [word for word in named if len(word) > 3]
    if names and any(word in _PREPOSITIONS for word in named):
        named = [word for word in named if word not in _PREPOSITIONS]
    found = {_BY_WORD[word] for word in named}
    return found.pop() if len(found) == 1 else None
