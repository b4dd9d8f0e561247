"""What a voice note was heard to say, and the grammar the recognizer listens with.

A voice note between sets is a rep report ("vipr hops left eight right eleven", "twelve
each"), so the recognizer (``bot/speech.py``, PocketSphinx) does not listen for free
speech: it fits the audio to a JSGF grammar built here from the catalogue's English names
and nicknames, English leg words the parser reads (``library/report_words.ENGLISH``) and
the numbers as words from zero to two hundred, counts up to thirty weighed as likelier.
Whatever it hears is therefore text that ``library.reports.parse_report`` reads as a
report (tests/test_voice_grammar.py checks the shapes and every name).

Words of the grammar that a general English dictionary lacks (letter names such as
"rxx", "rdl", "sl"; "vipr") get pronunciations from :func:`pronunciation`: the table of
spoken forms below, else the word spelled out letter by letter. Pure: no audio, no
files; the recognizer loads the model and checks which words its dictionary lacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from library.exercises import ExerciseCatalog


class HeardProblem(StrEnum):
    """Why nothing usable was heard."""

    SILENCE = "silence"  # (near) silence, or too short to hold a report
    UNCLEAR = "unclear"  # sound, but not a report the grammar fits well
    TOO_LONG = "too_long"  # longer than the limit (not decoded at all)
    UNREADABLE = "unreadable"  # the bytes are not audio soundfile can decode


@dataclass(frozen=True, slots=True)
class Heard:
    """The words heard in a voice note (lower case), or why there are none."""

    text: str | None
    problem: HeardProblem | None = None
    seconds: float = 0.0  # the audio's length


# CMU phones of each letter's name, for words said letter by letter ("rdl", "sl", "db").
LETTERS: dict[str, str] = {
    "a": "ey",
    "b": "b iy",
    "c": "s iy",
    "d": "d iy",
    "e": "iy",
    "f": "eh f",
    "g": "jh iy",
    "h": "ey ch",
    "i": "ay",
    "j": "jh ey",
    "k": "k ey",
    "l": "eh l",
    "m": "eh m",
    "n": "eh n",
    "o": "ow",
    "p": "p iy",
    "q": "k y uw",
    "r": "aa r",
    "s": "eh s",
    "t": "t iy",
    "u": "y uw",
    "v": "v iy",
    "w": "d ah b ah l y uw",
    "x": "eh k s",
    "y": "w ay",
    "z": "z iy",
}

# Words of the catalogue said as words rather than spelled, with their CMU phones (in
# lower case); a word may have several ways of saying it.
SPOKEN: dict[str, tuple[str, ...]] = {
    "vipr": ("v ay p er",),
    "rxx": ("aa r eh k s eh k s", "aa r d ah b ah l eh k s"),
    "rdls": ("aa r d iy eh l z",),
    "pogos": ("p ow g ow z",),
    "pogo": ("p ow g ow",),
    "medball": ("m eh d b ao l",),
    "hammy": ("hh ae m iy",),
    "nordics": ("n ao r d ih k s",),
    "deadlift": ("d eh d l ih f t",),
    "deadlifts": ("d eh d l ih f t s",),
    "glute": ("g l uw t",),
    "humps": ("hh ah m p s",),
}

UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = (
    *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
    *("seventeen", "eighteen", "nineteen"),
)
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

COMMON_WEIGHT = 40  # how much likelier a count up to thirty is than a larger one

_NOT_A_WORD = re.compile(r"[^a-z0-9']+")


def number_words(value: int) -> str:
    """``value`` (0 to 999) in English words: 45 → "forty five", 120 → "one hundred twenty"."""
    if not 0 <= value <= 999:
        raise ValueError(value)
    if value < 10:
        return UNITS[value]
    if value < 20:
        return TEENS[value - 10]
    if value < 100:
        tens, unit = divmod(value, 10)
        return TENS[tens - 2] + (f" {UNITS[unit]}" if unit else "")
    hundreds, rest = divmod(value, 100)
    return f"{UNITS[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")


def spoken_words(name: str) -> tuple[str, ...]:
    """An exercise name or nickname as the words it is said with: lower case, no
    punctuation, digits as words ("Hip bridge, knees at 45 degrees" → "hip bridge knees
    at forty five degrees")."""
    words: list[str] = []
    for word in _NOT_A_WORD.sub(" ", name.casefold()).split():
        words += number_words(int(word)).split() if word.isdigit() else [word.strip("'")]
    return tuple(word for word in words if word)


def pronunciation(word: str) -> tuple[str, ...]:
    """CMU phones for a grammar word a general dictionary may lack: its spoken forms, or
    the word spelled letter by letter ("rdl" → "AA R D IY EH L")."""
    if word in SPOKEN:
        return tuple(phones.upper() for phones in SPOKEN[word])
    return (" ".join(LETTERS[letter] for letter in word if letter in LETTERS).upper(),)


# A name's last word alone, as runners say it ("hops twenty twenty", "cleans six each"):
# the report reader takes it as it takes it typed (hops are the hamstring hops; a word
# two exercises share, such as "curl", gets "which exercise was that?").
SHORT_NAMES = ("hops", "hop", "clean", "cleans", "curl", "curls", "deadlift", "deadlifts")


def _names(catalog: ExerciseCatalog) -> tuple[tuple[str, ...], ...]:
    """Every English name and nickname of the catalogue, as spoken words, and the short
    names, without repeats."""
    names: dict[tuple[str, ...], None] = {(word,): None for word in SHORT_NAMES}
    for exercise in catalog:
        english = exercise.in_language("en")
        for name in (english.name, *english.aliases):
            words = spoken_words(name)
            if words:
                names[words] = None
    return tuple(names)


def _alternatives(options: Iterable[str]) -> str:
    return " | ".join(options)


def grammar(catalog: ExerciseCatalog) -> str:
    """The JSGF grammar of a spoken rep report: an optional exercise name, then the
    counts: per leg in either order ("left twelve right fifteen", "right ten ten and
    left twelve twelve"), for both ("twelve each", "ten per leg", "eight on both legs"),
    sets of a count ("three sets of ten"), or bare ("twenty twenty")."""
    names = _alternatives(" ".join(words) for words in _names(catalog))
    return "\n".join(
        (
            "#JSGF V1.0;",
            "grammar report;",
            "public <report> = [<exercise>] <counts> [reps];",
            f"<exercise> = {names};",
            "<counts> = <sided> [[and] <sided>] | <some> | <few> <both>"
            " | <number> sets of <some> [<both>];",
            "<sided> = (left | right) <some>;",
            "<some> = (<count> [reps])+;",
            "<count> = <number> | <dozen>;",
            "<dozen> = a dozen;",
            # Before "each" only counts up to thirty: "eight each", never "eighty each".
            "<few> = (<common> [reps] | <dozen>)+;",
            "<both> = each [leg | side] | per (leg | side) | [on] both (legs | sides) | both;",
            # Sets are rarely over thirty reps: the counts up to thirty are likelier,
            # so that "eight each" is not heard as "eighty each".
            f"<number> = /{COMMON_WEIGHT}/ <common> | /1/ <rare>;",
            "<common> = <unit> | <teen> | twenty [<unit>] | thirty;",
            f"<rare> = zero | thirty <unit> | ({_alternatives(TENS[2:])}) [<unit>]"
            " | one hundred [[and] <below_hundred>] | two hundred;",
            "<below_hundred> = <unit> | <teen> | <tens> [<unit>];",
            f"<unit> = {_alternatives(UNITS[1:])};",
            f"<teen> = {_alternatives(TEENS)};",
            f"<tens> = {_alternatives(TENS)};",
            "",
        )
    )


def grammar_words(catalog: ExerciseCatalog) -> frozenset[str]:
    """Every word :func:`grammar` may produce (for the recognizer's dictionary)."""
    text = grammar(catalog)
    body = text.split("grammar report;", 1)[1]
    return frozenset(re.findall(r"(?<![<\w])[a-z][a-z']*(?![\w>])", body)) - {"public"}


def heard_text(words: Iterable[str]) -> str:
    """The decoder's words as the text of a report: lower case, alternative-pronunciation
    marks ("ten(2)") and non-speech tokens ("<sil>", "[NOISE]", "(NULL)") dropped."""
    kept = []
    for word in words:
        if word.startswith(("<", "[", "+", "(")):
            continue
        kept.append(re.sub(r"\(\d+\)$", "", word).casefold())
    return " ".join(kept)
