"""Pain in runners' words, one word table per language: "hamstring a bit sore", "left
hammy feels tight", "slight niggle" speak of pain; "no pain", "not sore", "pain free",
"nothing tight" say there is none.

Texts are matched after ``library.matcher.fold`` (lower case, accents gone, hyphens as
spaces). Each language is a :class:`PainWords`; the patterns below join every language's
table, so a language is added by adding its table to ``LANGUAGES``.

Pain holds progression, so when in doubt a word counts: "tight" and "sore" are no injury
by themselves, but holding the targets for one session costs little, and a strain trained
through costs weeks. DOMS counts too, for the same reason: the runner cannot tell the
ache of hard work from a small strain in the first day or two, and neither can we.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PainWords:
    """One language's words, each a regular expression over folded text.

    ``pain``: a word or phrase that says something hurts. ``negators``: words before one
    that say it does not ("no", "not", "didn't"); ``fillers``: up to two words that may
    stand between ("not at all sore", "without any pain"). ``free``: words after one that
    say it is absent ("pain free"); ``none``: words that say so on their own ("painless")."""

    pain: tuple[str, ...]
    negators: tuple[str, ...]
    fillers: tuple[str, ...]
    free: tuple[str, ...]
    none: tuple[str, ...]


ENGLISH = PainWords(
    pain=(
        r"pain(?!less)\w*",  # pain, pains, painful
        r"hurt\w*",  # hurt, hurts, hurting
        r"sore(?:ness|r)?",
        r"tight(?:ness|er)?",
        r"niggl\w*",  # niggle, niggles, niggly, niggling
        r"twinge\w*",
        r"tweak\w*",
        r"pull(?:ed|ing)?(?!\s+ups?\b)",  # "pulled my hammy", not "pull ups"
        r"strain\w*",
        r"cramp\w*",
        r"ach(?:e|es|ed|ing|y|ey)",
        r"injur\w*",
        r"ouch",
        r"sharp",
        r"doms",
        r"(?:playing|acting) up",  # "hammy's playing up"
    ),
    negators=(
        r"no",
        r"not",
        r"nothing",
        r"none",
        r"never",
        r"without",
        r"zero",
        r"free of",
        r"(?:did|does|do|is|was|are|were|has|have|had)n'?t",
    ),
    fillers=(
        r"any",
        r"a",
        r"at",
        r"all",
        r"even",
        r"one",
        r"single",
        r"real",
        r"more",
        r"longer",
        r"feel",
        r"feeling",
        r"felt",
        r"been",
        r"was",
        r"is",
        r"got",
    ),
    free=(r"free",),
    none=(r"painless", r"pain(?:free|less)ly"),
)

LANGUAGES: dict[str, PainWords] = {"en": ENGLISH}


def _either(patterns: tuple[str, ...]) -> str:
    return "(?:" + "|".join(patterns) + ")"


def _negated(words: PainWords) -> str:
    pain = _either(words.pain)
    before = rf"\b{_either(words.negators)}\s+(?:{_either(words.fillers)}\s+){{0,2}}{pain}\b"
    after = rf"\b{pain}\s?{_either(words.free)}\b"
    return rf"{before}|{after}|\b{_either(words.none)}\b"


PAIN = re.compile(
    r"\b" + _either(tuple(p for words in LANGUAGES.values() for p in words.pain)) + r"\b"
)
NO_PAIN = re.compile("|".join(_negated(words) for words in LANGUAGES.values()))


def speaks_of_pain(folded: str) -> bool:
    """Whether folded text says something hurts, once negated pain ("no pain") is gone."""
    return bool(PAIN.search(NO_PAIN.sub(" ", folded)))
