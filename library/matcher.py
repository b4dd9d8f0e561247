"""Free text to the exercise it asks about: typos, nicknames, plurals, word order, question forms.

``ExerciseMatcher.match`` tells apart six cases: one exercise is meant (FOUND), a few
are equally close (AMBIGUOUS: ask with buttons), the runner asks about an exercise the
catalogue lacks (UNKNOWN), asks whether to train while something hurts (TRAINING_IN_PAIN:
"is it ok to do these if my hamstring is sore?"), asks about a piece of kit ("what's a
ViPR", "do I need a barbell": KIT), or the text is no question at all (NOT_A_QUESTION:
rep reports, small talk, plain words like "done" that other features act on).

A question about one part of an exercise ("hops cues", "easier version of humps") carries
that part as ``aspect`` (library/aspects.py); a name led by a piece of kit ("barbell
exercise", "ball exercise") means the exercises that use it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process

from library.aspects import Aspect, find_aspect
from library.exercises import Exercise, ExerciseCatalog
from library.kit import Kit, every_kit_word, kits_named
from library.kit_questions import kit_asked
from library.lazy_patterns import LazyPattern, uncompiled
from library.pain import asks_whether_to_train, speaks_of_pain
from library.plain_words import plain_command
from library.question_words import (
    EXERCISE_WORDS,
    FILLER,
    PREAMBLE,
    STRONG_OPENINGS,
    WEAK_OPENINGS,
    every,
    strip_marks,
)

FOUND_SCORE = 82.0
BARE_NAME_SCORE = 88.0
AMBIGUITY_MARGIN = 4.0
MAX_CANDIDATES = 4
MAX_INPUT = 300

# Question openings (library/question_words.py, every language's), tried at the start of
# the folded text. "Strong" ones only make sense when asking about an exercise, so an
# unknown name after them is an UNKNOWN answer; after a weak one ("what's ...", "was
# ist ...") an unknown rest is small talk.
_STRONG_OPENINGS = every(STRONG_OPENINGS)
_WEAK_OPENINGS = every(WEAK_OPENINGS)
_PREAMBLE = r"^(?:(?:" + "|".join(re.escape(word) for word in every(PREAMBLE)) + r")[,!:]?\s+)*"
_STRONG = LazyPattern(_PREAMBLE + r"(?:" + "|".join(_STRONG_OPENINGS) + r")\b")
_LEAD = LazyPattern(_PREAMBLE)
_WEAK = LazyPattern(_PREAMBLE + r"(?:" + "|".join(_WEAK_OPENINGS) + r")\b")
# A number tied to a leg, a side, "each"/"both" or "reps"/"sets" is a rep report.
_REPORT = LazyPattern(
    r"\b(?:left|right|l|r|lt|rt|each|both|per leg|reps?|sets?|x)\s*[:=\-]?\s*\d"
    r"|\d+\s*(?:x\s*\d|reps?\b|each\b|both\b|left\b|right\b|l\b|r\b|per\b"
    r"|on (?:the )?(?:left|right))"
)
# Asking whether, or how, to train: with pain words, a question about training in pain.
_TRAINING_QUESTION = (
    r"(?:is|would|will|was) it (?:be )?(?:ok|okay|alright|all right|safe|fine|bad|wise|smart"
    r"|a good idea|a bad idea)",
    r"(?:ok|okay|safe|fine|alright) to",
    r"(?:should|can|could|shall|may|must|do|am) (?:i|we)",
    r"is there",
    r"what (?:if|should|do|about|can)",
    r"how (?:do|should|can|would) i",
    r"any (?:advice|tips?|ideas?)",
)
_ASKS = LazyPattern(r"\b(?:" + "|".join(_TRAINING_QUESTION) + r")\b")
_ASKS_FIRST = LazyPattern(_PREAMBLE + r"(?:" + "|".join(_TRAINING_QUESTION) + r")\b")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+")
# A word: Latin letters and digits, or Cyrillic letters (folded, so no "й" or "ё").
_WORD = re.compile(r"[a-z0-9\u0430-\u044f]+")
# French elisions ("l'épaulé", "qu'est-ce"): the article or pronoun is a word of its own.
_ELISION = re.compile(r"(?<![a-z])(l|d|j|m|n|s|t|c|qu)'(?=[a-z])")
# Russian endings of case and number (folded: "ой" is "ои"), after at least 3 letters.
_CYRILLIC_ENDING = re.compile(
    r"(?<=[\u0430-\u044f]{3})(?:ями|ами|ого|его|ому|ему|ыми|ими|ая|яя|ое|ее|ые|ие|ыи|ии|ои|еи"
    r"|ых|их|ую|юю|ом|ем|ам|ям|ах|ях|ов|ев|ою|ею|[аяыиуюеоь])$"
)
# Words that say the runner is talking about an exercise even if we do not know it.
_EXERCISE_WORD = LazyPattern("|".join(every(EXERCISE_WORDS)))
_NUMBER_WORDS = {"forty five": "45", "ninety": "90", "one fifty": "150", "hundred fifty": "150"}


class MatchKind(Enum):
    """What the text turned out to be."""

    FOUND = "found"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"
    TRAINING_IN_PAIN = "training_in_pain"
    KIT = "kit"
    NOT_A_QUESTION = "not_a_question"


@dataclass(frozen=True, slots=True)
class ExerciseMatch:
    """The matcher's verdict; ``exercises`` holds one (FOUND) or the close ones (AMBIGUOUS).

    ``aspect`` is the part of the exercise asked about, if one was ("hops cues"); ``kit``
    the piece of kit a KIT question is about (None there: all of it, "what kit do I need").
    """

    kind: MatchKind
    exercises: tuple[Exercise, ...] = ()
    query: str = ""
    aspect: Aspect | None = None
    kit: Kit | None = None

    @property
    def exercise(self) -> Exercise | None:
        return self.exercises[0] if self.kind is MatchKind.FOUND else None


def _stem(word: str) -> str:
    """A plural "s" cut ("hops" -> "hop"); a Russian word without its case or number
    ending ("выпадах" -> "выпад", "румынскую" -> "румынск"), so forms meet."""
    if _CYRILLIC_ENDING.search(word):
        return _CYRILLIC_ENDING.sub("", word, count=1)
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


FOLDS_KEPT = 16_384
# Small words around a name, each also as _stem leaves it ("fais" -> "fai").
_FILLER = frozenset(form for word in every(FILLER) for form in (word, _stem(word)))


@lru_cache(maxsize=FOLDS_KEPT)
def fold(text: str) -> str:
    """Lower case, accents and emoji gone (Russian "й" as "и", "ё" as "е"), curly quotes
    straightened, Spanish opening marks ("¿", "¡") dropped, spaces collapsed. (Kept for
    the FOLDS_KEPT texts used last: a report's words are folded one by one, and they
    come again and again.)"""
    text = strip_marks(text[:MAX_INPUT])
    text = text.replace("\u2019", "'").replace("\u2018", "'").casefold()
    text = text.replace("°", " ").replace("&", " and ").replace("-", " ").replace("/", " ")
    text = text.replace("¿", " ").replace("¡", " ")
    return " ".join(text.split())


def asks_about_training_in_pain(folded: str) -> bool:
    """Whether folded text asks about training while something hurts: pain words and a
    question ("should I run with a tight hamstring", "hammy sore, ok to do hops?"). With
    numbers tied to legs or sets (a rep report's shape) only a text that opens as a
    question counts, so "left 10 right 10, hamstring sore" stays a report."""
    if not speaks_of_pain(folded):
        return False
    if _REPORT.search(folded):
        return bool(_ASKS_FIRST.match(folded))
    return folded.endswith("?") or bool(_ASKS.search(folded)) or asks_whether_to_train(folded)


def kit_question(folded: str) -> ExerciseMatch | None:
    """A question about the kit itself, in any language ("what's a ViPR", "brauche ich
    eine Langhantel?", "у меня нет штанги", "what kit do I need"), as a KIT match; None
    for anything else ("what's a swiss ball curl"). library/kit_questions.py has the words."""
    asked = kit_asked(folded)
    if asked is None:
        return None
    return ExerciseMatch(MatchKind.KIT, (), folded, kit=asked.kit)


def normalize(text: str) -> str:
    """The words that carry meaning, stemmed: 'How do I do Hamstring-Humps?' -> 'hamstring hump'."""
    text = fold(text)
    for spelled, digits in _NUMBER_WORDS.items():
        text = text.replace(spelled, digits)
    text = _ELISION.sub(r"\1 ", text).replace("'", "")
    words = [_stem(word) for word in _WORD.findall(text)]
    return " ".join(word for word in words if word not in _FILLER)


def _kit_led_names() -> dict[str, tuple[Kit, ...]]:
    """Every language's kit names, folded and as :func:`normalize` leaves them ("штангой"
    -> "штанг"), with the kit each means."""
    led: dict[str, tuple[Kit, ...]] = {}
    for name in every_kit_word():
        kits = kits_named(name)
        for form in (name, normalize(name)):
            if form:
                led[form] = tuple(dict.fromkeys((*led.get(form, ()), *kits)))
    return led


_KIT_LED = _kit_led_names()


def kit_named(name: str) -> tuple[Kit, ...]:
    """The kit a folded or normalised name means, in any language: one piece, both balls
    for a ball on its own ("ball", "balón", "мяч"), or none."""
    return _KIT_LED.get(name.strip(), ())


@dataclass(frozen=True, slots=True)
class NumberedName:
    """A name with a number in it ("bridge 45") as a pattern, its exercise, and the
    numbers a text must hold for the pattern to match."""

    pattern: re.Pattern[str]
    exercise: Exercise
    numbers: tuple[str, ...]

    def search(self, folded: str) -> re.Match[str] | None:
        if not all(number in folded for number in self.numbers):
            return None
        return self.pattern.search(folded)


LOOKUPS_KEPT = 4096  # names whose lookup is kept; when full, the store starts again


class ExerciseMatcher:
    """Matches text against every exercise's names and aliases in every language."""

    def __init__(self, catalog: ExerciseCatalog) -> None:
        self._catalog = catalog
        keys: dict[str, str] = {}
        for exercise in catalog:
            for alias in exercise.every_alias:
                key = normalize(alias)
                if key:
                    keys.setdefault(key, exercise.id)
        self._keys = list(keys)
        self._owners = [keys[key] for key in self._keys]
        self._exact = keys
        self._words = [set(key.split()) for key in self._keys]
        # Every word of every name, normalised: a report keeps such a word even when it
        # is noise elsewhere ("leg" in "one leg rdl").
        self.name_words = frozenset(word for words in self._words for word in words)
        self._digits = [set(_DIGIT.findall(key)) for key in self._keys]
        self._by_kit: dict[Kit, tuple[Exercise, ...]] = {
            kit: tuple(exercise for exercise in catalog if kit in exercise.needs) for kit in Kit
        }
        # lookup's answers by name: runners name the same few exercises report after
        # report, with other counts, and scoring a name against every alias three ways
        # was most of reading a report (0.35 of 0.5 ms).
        self._looked_up: dict[str, tuple[Exercise, ...]] = {}

    def preparing(self) -> Iterator[object]:
        """Build, one piece at each step, what the first messages would otherwise wait
        for: the patterns compiled at their first use (library/lazy_patterns.py, every
        module's), the numbered names and the painful names; each step yields what it
        built. For a caller with time to spare (the bot, a moment after its start),
        stepping between its other work."""
        for pattern in uncompiled():
            yield pattern.compiled
        yield self.numbered_names
        yield self._painful

    @cached_property
    def numbered_names(self) -> tuple[NumberedName, ...]:
        """Patterns for names that contain a number (see :meth:`_numbered_names`), built
        at the first report that needs them: the bot's start does not wait for them."""
        return self._numbered_names(self._catalog)

    @cached_property
    def name_numbers(self) -> frozenset[str]:
        """Every number in a name ("45", "90", "150"): a text holding none of them names
        no numbered exercise, and its report is read without trying their patterns."""
        return frozenset(number for name in self.numbered_names for number in name.numbers)

    @cached_property
    def _painful(self) -> tuple[frozenset[str], re.Pattern[str] | None]:
        """Words of names that read as pain on their own (Spanish "cargada", the clean, is
        also "loaded, tight"): the exercises they name and a pattern finding them (None
        without such words). Built at the first question that speaks of pain."""
        painful = {
            word: exercise.id
            for exercise in self._catalog
            for alias in exercise.every_alias
            for word in fold(alias).split()
            if speaks_of_pain(word)
        }
        words = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(painful, key=len)[::-1])) + r")\b")
            if painful
            else None
        )
        return frozenset(painful.values()), words

    def using(self, kit: Kit) -> tuple[Exercise, ...]:
        """The exercises that need ``kit`` (the catalogue's ``needs``), in catalogue order."""
        return self._by_kit[kit]

    def _scores(self, query: str) -> list[tuple[float, Exercise]]:
        best: dict[str, float] = {}
        exact = self._exact.get(query)
        if exact is not None:
            best[exact] = 100.0
        query_words = set(query.split())
        query_digits = set(_DIGIT.findall(query))
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio, fuzz.token_set_ratio):
            for _key, score, index in process.extract(
                query, self._keys, scorer=scorer, limit=None, score_cutoff=60
            ):
                if scorer is fuzz.token_set_ratio:
                    # A name found inside a longer text counts for less the more of the
                    # text it leaves unexplained ("romanian deadlift" in "single leg
                    # romanian deadlift reach").
                    coverage = len(query_words & self._words[index]) / len(query_words)
                    score *= 0.8 + 0.1 * coverage
                if query_digits and not query_digits <= self._digits[index]:
                    score -= 10  # "bridge at 45" is not the 90 or 150 bridge
                owner = self._owners[index]
                if score > best.get(owner, 0.0):
                    best[owner] = score
        ranked = sorted(best.items(), key=lambda item: -item[1])
        return [(score, self._catalog.get(owner)) for owner, score in ranked]

    def _verdict(self, query: str, threshold: float) -> ExerciseMatch | None:
        led = tuple(exercise for kit in kit_named(query) for exercise in self._by_kit[kit])
        if led:
            # A piece of kit on its own ("barbell exercise", "ball"): what is done with it.
            kind = MatchKind.FOUND if len(led) == 1 else MatchKind.AMBIGUOUS
            return ExerciseMatch(kind, led[:MAX_CANDIDATES], query)
        ranked = self._scores(query)
        if not ranked or ranked[0][0] < threshold:
            return None
        top = ranked[0][0]
        close = tuple(
            exercise
            for score, exercise in ranked[:MAX_CANDIDATES]
            if score >= top - AMBIGUITY_MARGIN
        )
        if top >= 100.0 or len(close) == 1:
            return ExerciseMatch(MatchKind.FOUND, (ranked[0][1],), query)
        return ExerciseMatch(MatchKind.AMBIGUOUS, close, query)

    @staticmethod
    def _numbered_names(catalog: ExerciseCatalog) -> tuple[NumberedName, ...]:
        """Patterns for names that contain a number ("bridge 45"), longest first, so a
        rep report can tell the name's number from the reps; each with the numbers a
        text must hold to match it (a cheaper test first)."""
        patterns: list[tuple[int, NumberedName]] = []
        for exercise in catalog:
            for alias in exercise.every_alias:
                folded = fold(alias)
                words = _WORD.findall(folded)
                if not any(word.isdigit() for word in words):
                    continue
                # Punctuation between two words of the name may be typed or left out
                # ("hip bridge, knees at 45 degrees").
                gaps = [
                    rf"\s*(?:{re.escape(gap.strip())})?\s*" if gap.strip() else r"\s*"
                    for gap in _WORD.split(folded)[1:-1]
                ]
                parts = [
                    rf"{word}\s*(?:degrees?\b)?" if word.isdigit() else rf"{word}s?\b"
                    for word in words
                ]
                pattern = re.compile(
                    r"\b" + "".join(p + g for p, g in zip(parts, [*gaps, ""], strict=True))
                )
                numbers = tuple(word for word in words if word.isdigit())
                patterns.append((len(words), NumberedName(pattern, exercise, numbers)))
        patterns.sort(key=lambda item: -item[0])
        return tuple(name for _, name in patterns)

    def lookup(self, name: str) -> tuple[Exercise, ...]:
        """Exercises a name (not a question) may mean: one, a few close ones, or none
        (the answer kept for the next time the name comes, LOOKUPS_KEPT names at most)."""
        query = normalize(name)
        found = self._looked_up.get(query)
        if found is None:
            verdict = self._verdict(query, FOUND_SCORE) if query else None
            found = () if verdict is None else verdict.exercises
            if len(self._looked_up) >= LOOKUPS_KEPT:
                self._looked_up.clear()
            self._looked_up[query] = found
        return found

    def match(self, text: str, *, asked: bool = False) -> ExerciseMatch:
        """Classify ``text``; ``asked=True`` when the runner said it is a question (/how)."""
        folded = fold(text)
        if asks_about_training_in_pain(folded):
            named = self._names_painful_exercise(folded, asked=asked)
            return named or ExerciseMatch(MatchKind.TRAINING_IN_PAIN, (), folded)
        return self._classify(text, folded, asked=asked)

    def _names_painful_exercise(self, folded: str, *, asked: bool) -> ExerciseMatch | None:
        """The verdict on a text whose only pain word is the name of the one exercise it
        asks about ("¿cómo se hace la cargada?"); None when it speaks of pain otherwise
        or names another exercise too."""
        owners, words = self._painful
        if words is None:
            return None
        masked = words.sub(" ", folded)
        if masked == folded or speaks_of_pain(masked):
            return None
        verdict = self._classify(folded, folded, asked=asked)
        found = verdict.exercise
        return verdict if found is not None and found.id in owners else None

    def _classify(self, text: str, folded: str, *, asked: bool) -> ExerciseMatch:
        if not folded or _REPORT.search(folded) or plain_command(folded) is not None:
            return ExerciseMatch(MatchKind.NOT_A_QUESTION)
        kit = kit_question(folded)
        if kit is not None:
            return kit
        strong = asked or bool(_STRONG.match(folded))
        aspect, rest = find_aspect(folded)
        if aspect is not None:
            rest = _LEAD.sub("", rest, count=1)  # "quick question: [form for] hops"
        question = strong or bool(_WEAK.match(rest)) or folded.endswith("?")
        weak = question or aspect is not None
        query = normalize(_STRONG.sub("", rest, count=1) if _STRONG.match(rest) else rest)
        if not query:
            return ExerciseMatch(MatchKind.NOT_A_QUESTION)
        verdict = self._verdict(query, FOUND_SCORE if weak else BARE_NAME_SCORE)
        if verdict is not None:
            if not question and not self._numbers_fit(query, verdict):
                # Numbers not part of the name ("hops 20", "bridge 15 good form") make it
                # a report, not a question.
                return ExerciseMatch(MatchKind.NOT_A_QUESTION)
            return ExerciseMatch(verdict.kind, verdict.exercises, verdict.query, aspect)
        about_exercise = strong or any(_EXERCISE_WORD.fullmatch(word) for word in query.split())
        if weak and about_exercise and (question or not _DIGIT.search(query)):
            # (Numbers with no question form are a report's: "hops 20 20 good form".)
            return ExerciseMatch(MatchKind.UNKNOWN, (), fold(text), aspect)
        return ExerciseMatch(MatchKind.NOT_A_QUESTION)

    @staticmethod
    def _numbers_fit(query: str, verdict: ExerciseMatch) -> bool:
        """Whether the query's whole numbers are those of a name, each no more often than
        in it: "bridge 15" and "hip bridge 90 90" are reports, though "bridge 150" and
        "hip bridge 90" are names."""
        numbers = Counter(_NUMBER.findall(query))
        return not numbers or any(
            numbers <= Counter(_NUMBER.findall(normalize(alias)))
            for exercise in verdict.exercises
            for alias in exercise.every_alias
        )
