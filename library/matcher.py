"""Free text to the exercise it asks about: typos, nicknames, plurals, word order, question forms.

``ExerciseMatcher.match`` tells apart five cases: one exercise is meant (FOUND), a few
are equally close (AMBIGUOUS: ask with buttons), the runner asks about an exercise the
catalogue lacks (UNKNOWN), asks whether to train while something hurts (TRAINING_IN_PAIN:
"is it ok to do these if my hamstring is sore?"), or the text is no question at all
(NOT_A_QUESTION: rep reports, small talk), which other features then handle.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from enum import Enum

from rapidfuzz import fuzz, process

from library.exercises import Exercise, ExerciseCatalog
from library.pain import speaks_of_pain

FOUND_SCORE = 82.0
BARE_NAME_SCORE = 88.0
AMBIGUITY_MARGIN = 4.0
MAX_CANDIDATES = 4
MAX_INPUT = 300

# Question openings, tried at the start of the lower-cased text. "Strong" ones only make
# sense when asking about an exercise, so an unknown name after them is an UNKNOWN answer;
# after a weak one ("what's ...", "how is ...") an unknown rest is small talk.
_STRONG_OPENINGS = (
    r"how (?:do|should|would|can|could|shall) (?:i|you|we|one) (?:do|perform|execute|complete"
    r"|make)",
    r"how (?:to|2)(?: do| perform)?",
    r"(?:can|could) you (?:explain|show me|describe)(?: how to do| how to)?",
    r"explain(?: to me)?(?: how to do| how to)?",
    r"describe",
    r"show me(?: how to do| how to)?",
    r"teach me(?: how to do| how to)?",
    r"remind me(?: how to do| how to| of)?",
    r"tips? (?:for|on)",
    r"(?:form|technique|cues?|instructions?) (?:for|on|of)",
    r"help(?: me)? with",
    r"tell me about",
    r"what(?:'s| is) the (?:right )?(?:form|technique) (?:for|on|of)",
    r"i (?:don'?t|do not|dont) (?:get|understand|know how to do)",
)
_WEAK_OPENINGS = (
    r"what(?:'s|s| is| are| r)",
    r"how (?:is|are|does|do)",
    r"how (?:many|much|long|often)",
    r"what about",
    r"how about",
    r"where(?:'s| is)",
)
_PREAMBLE = r"^(?:(?:hey|hi|hello|coach|so|ok|okay|um|umm|please|quick question|and|but)[,!:]?\s+)*"
_STRONG = re.compile(_PREAMBLE + r"(?:" + "|".join(_STRONG_OPENINGS) + r")\b")
_WEAK = re.compile(_PREAMBLE + r"(?:" + "|".join(_WEAK_OPENINGS) + r")\b")
# A number tied to a leg, a side, "each"/"both" or "reps"/"sets" is a rep report.
_REPORT = re.compile(
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
_ASKS = re.compile(r"\b(?:" + "|".join(_TRAINING_QUESTION) + r")\b")
_ASKS_FIRST = re.compile(_PREAMBLE + r"(?:" + "|".join(_TRAINING_QUESTION) + r")\b")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[a-z0-9]+")
_FILLER = frozenset(
    {
        "a",
        "an",
        "the",
        "do",
        "does",
        "i",
        "you",
        "we",
        "one's",
        "my",
        "me",
        "to",
        "of",
        "for",
        "with",
        "and",
        "properly",
        "correctly",
        "right",
        "please",
        "pls",
        "plz",
        "exercise",
        "exercises",
        "thing",
        "things",
        "move",
        "moves",
        "again",
        "that",
        "this",
        "those",
        "these",
        "it",
        "is",
        "are",
        "version",
        "exactly",
        "supposed",
        "be",
        "should",
        "hey",
        "coach",
        "so",
        "ok",
        "okay",
        "one",
        "ones",
        "called",
        "drill",
        "s",
        "about",
        "on",
        "in",
        "way",
        "form",
        "technique",
        "tips",
        "tip",
        "how",
        "what",
        "whats",
        "explain",
        "show",
        "tell",
        "teach",
        "many",
        "much",
        "long",
        "often",
        "doing",
        "perform",
        "them",
        "some",
        "any",
        "your",
        "good",
    }
)
# Words that say the runner is talking about an exercise even if we do not know it.
_EXERCISE_WORDS = frozenset(
    {
        "hop",
        "hump",
        "bridge",
        "curl",
        "lunge",
        "deadlift",
        "rdl",
        "clean",
        "squat",
        "plank",
        "nordic",
        "stretch",
        "raise",
        "press",
        "jump",
        "bound",
        "skip",
        "drill",
        "swing",
        "burpee",
        "kick",
        "thrust",
        "step",
        "pushup",
        "pullup",
        "row",
        "crunch",
        "situp",
    }
)
_NUMBER_WORDS = {"forty five": "45", "ninety": "90", "one fifty": "150", "hundred fifty": "150"}


class MatchKind(Enum):
    """What the text turned out to be."""

    FOUND = "found"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"
    TRAINING_IN_PAIN = "training_in_pain"
    NOT_A_QUESTION = "not_a_question"


@dataclass(frozen=True, slots=True)
class ExerciseMatch:
    """The matcher's verdict; ``exercises`` holds one (FOUND) or the close ones (AMBIGUOUS)."""

    kind: MatchKind
    exercises: tuple[Exercise, ...] = ()
    query: str = ""

    @property
    def exercise(self) -> Exercise | None:
        return self.exercises[0] if self.kind is MatchKind.FOUND else None


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def fold(text: str) -> str:
    """Lower case, accents and emoji gone, curly quotes straightened, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text[:MAX_INPUT])
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").casefold()
    text = text.replace("°", " ").replace("&", " and ").replace("-", " ").replace("/", " ")
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
    return folded.endswith("?") or bool(_ASKS.search(folded))


def normalize(text: str) -> str:
    """The words that carry meaning, stemmed: 'How do I do Hamstring-Humps?' -> 'hamstring hump'."""
    text = fold(text)
    for spelled, digits in _NUMBER_WORDS.items():
        text = text.replace(spelled, digits)
    words = [_stem(word) for word in _WORD.findall(text.replace("'", ""))]
    return " ".join(word for word in words if word not in _FILLER)


class ExerciseMatcher:
    """Matches text against every exercise's name and aliases."""

    def __init__(self, catalog: ExerciseCatalog) -> None:
        self._catalog = catalog
        keys: dict[str, str] = {}
        for exercise in catalog:
            for alias in (exercise.name, *exercise.aliases):
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
        self.numbered_names = self._numbered_names(catalog)
        self._digits = [set(_DIGIT.findall(key)) for key in self._keys]

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
    def _numbered_names(catalog: ExerciseCatalog) -> tuple[tuple[re.Pattern[str], Exercise], ...]:
        """Patterns for names that contain a number ("bridge 45"), longest first, so a
        rep report can tell the name's number from the reps."""
        patterns: list[tuple[int, re.Pattern[str], Exercise]] = []
        for exercise in catalog:
            for alias in (exercise.name, *exercise.aliases):
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
                patterns.append((len(words), pattern, exercise))
        patterns.sort(key=lambda item: -item[0])
        return tuple((pattern, exercise) for _, pattern, exercise in patterns)

    def lookup(self, name: str) -> tuple[Exercise, ...]:
        """Exercises a name (not a question) may mean: one, a few close ones, or none."""
        query = normalize(name)
        verdict = self._verdict(query, FOUND_SCORE) if query else None
        return () if verdict is None else verdict.exercises

    def match(self, text: str, *, asked: bool = False) -> ExerciseMatch:
        """Classify ``text``; ``asked=True`` when the runner said it is a question (/how)."""
        folded = fold(text)
        if asks_about_training_in_pain(folded):
            return ExerciseMatch(MatchKind.TRAINING_IN_PAIN, (), folded)
        if not folded or _REPORT.search(folded):
            return ExerciseMatch(MatchKind.NOT_A_QUESTION)
        strong = asked or bool(_STRONG.match(folded))
        weak = strong or bool(_WEAK.match(folded)) or folded.endswith("?")
        query = normalize(_STRONG.sub("", folded, count=1) if strong else folded)
        if not query:
            return ExerciseMatch(MatchKind.NOT_A_QUESTION)
        if not weak:
            # A bare text: an exercise name on its own, or anything else. Numbers not part
            # of the name ("hops 20") make it a report, not a question.
            verdict = self._verdict(query, BARE_NAME_SCORE)
            if verdict is None:
                return ExerciseMatch(MatchKind.NOT_A_QUESTION)
            # Whole numbers, each no more often than in one name: "bridge 15" and
            # "hip bridge 90 90" are reports, though "bridge 150" and "hip bridge 90" are names.
            numbers = Counter(_NUMBER.findall(query))
            if numbers and not any(
                numbers <= Counter(_NUMBER.findall(normalize(alias)))
                for exercise in verdict.exercises
                for alias in (exercise.name, *exercise.aliases)
            ):
                return ExerciseMatch(MatchKind.NOT_A_QUESTION)
            return verdict
        verdict = self._verdict(query, FOUND_SCORE)
        if verdict is not None:
            return verdict
        about_exercise = strong or any(word in _EXERCISE_WORDS for word in query.split())
        if about_exercise:
            return ExerciseMatch(MatchKind.UNKNOWN, (), fold(text))
        return ExerciseMatch(MatchKind.NOT_A_QUESTION)
