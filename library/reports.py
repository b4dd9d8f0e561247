"""Rep reports in free text: "left 12 right 15", "L12 R15", "12 each", "rxx L 6 6 6 6 R 6 6 6 6".

``parse_report`` reads the numbers per leg (one per set), an exercise name if the text
has one, and whether it mentions pain. ``resolve_exercise`` decides which exercise the
report is about; ``check_report`` says what is wrong with it for that exercise, if
anything, so the caller can reply and store nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from library.exercises import Exercise
from library.matcher import ExerciseMatcher, fold
from library.pain import NO_PAIN, PAIN, speaks_of_pain
from library.training import PER_LEG, Leg

MAX_REPS = 200
MAX_SETS = 10

_EACH = "each"
_MARKERS: dict[str, Leg | str] = {
    "left": Leg.LEFT,
    "l": Leg.LEFT,
    "lt": Leg.LEFT,
    "lft": Leg.LEFT,
    "links": Leg.LEFT,
    "right": Leg.RIGHT,
    "r": Leg.RIGHT,
    "rt": Leg.RIGHT,
    "rgt": Leg.RIGHT,
    "rechts": Leg.RIGHT,  # the pair of "links" (more words per language: issue 18)
    "each": _EACH,
    "both": _EACH,
    "per": _EACH,
    "apiece": _EACH,
}
# Words that may surround numbers without making the text about something else.
_NOISE = frozenset(
    {
        "rep",
        "reps",
        "set",
        "sets",
        "x",
        "of",
        "on",
        "the",
        "and",
        "leg",
        "legs",
        "foot",
        "feet",
        "did",
        "done",
        "i",
        "got",
        "managed",
        "today",
        "then",
        "a",
        "an",
        "with",
        "my",
        "for",
        "at",
        "was",
        "were",
        "it",
        "just",
        "only",
        "all",
        "total",
        "times",
        "round",
        "rounds",
        "first",
        "second",
        "third",
        "fourth",
        "last",
        "log",
        "logged",
        "me",
        "so",
        "ok",
        "okay",
        "also",
        "plus",
        "in",
        "to",
    }
)
# Pain words, and negated ones ("no pain"), of every language library/pain.py knows.
_PAIN = PAIN
_NO_PAIN = NO_PAIN
_EACH_SIDE = re.compile(r"\b(?:each|per|both|on both)\s+(?:sides?|legs?|feet|foot)\b")
_NEGATIVE = re.compile(r"(?:^|[\s:=,(/])-\s*\d")
_CLAUSE = re.compile(r"[,.;!?]|\bbut\b")
_NUMBERS = re.compile(r"\d+")
_LEADING_WORD = re.compile(r"\s*([a-z]+)\b")
_MARKER_AFTER_NUMBER = re.compile(r"\d\s*(?:" + "|".join(_MARKERS) + r")\b")
_TOKEN = re.compile(
    r"(?P<setsx>\b(?P<count>\d{1,2})\s*(?:x|×|\*)\s*(?P<each>\d{1,4})\b)"
    r"|(?P<setsof>\b(?P<count2>\d{1,2})\s+(?:sets\s+(?:of\s+)?|set\s+of\s+)(?P<each2>\d{1,4})\b)"
    r"|(?P<label>\bset\s*#?\s*\d{1,2}\b)"
    r"|(?P<decimal>\d+\.\d+)"
    r"|(?P<negative>(?:^|(?<=[\s:=,(]))-\s*\d+)"
    r"|(?P<number>\d+)"
    r"|(?P<word>[a-z]+)"
)


# Letters outside a-z after folding: a word of another script (Arabic, Hebrew, Cyrillic ...).
_OTHER_SCRIPT_WORD = re.compile(r"[^\W\d_a-z]+")


class ReportProblem(Enum):
    """Why a report cannot be stored as it is."""

    OUT_OF_RANGE = "out_of_range"
    NOT_WHOLE = "not_whole"
    MISSING_LEG = "missing_leg"
    LEGS_ON_TWO_FOOTED = "legs_on_two_footed"
    TOO_MANY_SETS = "too_many_sets"


@dataclass(frozen=True, slots=True)
class ParsedReport:
    """What the text says: reps per leg (LEFT/RIGHT, or BOTH when no leg was named)."""

    sets: Mapping[Leg, tuple[int, ...]]
    named: tuple[Exercise, ...] = ()
    pain: bool = False
    problem: ReportProblem | None = None
    leftover_words: tuple[str, ...] = field(default=())

    @property
    def has_legs(self) -> bool:
        return any(leg in self.sets for leg in PER_LEG)


def mentions_pain(text: str) -> bool:
    """Whether the text says something hurts, in runners' words ("hammy feels tight"),
    not counting negated pain ("no pain", "not sore", "nothing tight")."""
    return speaks_of_pain(fold(text))


def _expand(match: re.Match[str]) -> list[int]:
    count = int(match.group("count") or match.group("count2"))
    each = int(match.group("each") or match.group("each2"))
    return [each] * count if 1 <= count <= MAX_SETS else [each]


def parse_report(text: str, matcher: ExerciseMatcher) -> ParsedReport | None:
    """Read a report; None when the text has no numbers at all (so it is no report)."""
    folded = _EACH_SIDE.sub(" each ", fold(text))
    named_by_number, folded = _numbered_name(folded, matcher)
    tokens, number_problem = _tokens(_without_pain_remarks(folded))
    numbers = [value for kind, value in tokens if kind == "number"]
    if not numbers:
        return None
    sets = _assign(tokens)
    name_text = _name_text(folded)
    name_words = _name_words(name_text, matcher)
    named = named_by_number or (matcher.lookup(" ".join(name_words)) if name_words else ())
    leftover: tuple[str, ...] = ()
    if not named:
        # Words in other scripts ("يسار 12 يمين 15") are words too, not noise to skip.
        leftover = (*name_words, *_OTHER_SCRIPT_WORD.findall(name_text))
    return ParsedReport(
        sets=sets,
        named=named,
        pain=mentions_pain(text),
        problem=_first_problem(text, number_problem, numbers, sets),
        leftover_words=leftover,
    )


def _numbered_name(folded: str, matcher: ExerciseMatcher) -> tuple[tuple[Exercise, ...], str]:
    """The exercise whose name has a number in it ("bridge 45") if the text names one,
    and the text without that name, so the name's number is not taken for reps."""
    for pattern, exercise in matcher.numbered_names:
        found = pattern.search(folded)
        if found:
            return (exercise,), folded[: found.start()] + " " + folded[found.end() :]
    return (), folded


def _name_text(folded: str) -> str:
    """The words that may name the exercise: the text less its pain remarks. A pain
    remark is a run of words between clause marks and numbers that mentions pain: it
    describes the pain ("left hamstring hurts"), not the exercise, while the words
    before the numbers still name it ("humps 8 8 a bit tight" is about humps). Negated
    pain ("no pain") and idioms ("kept it tight") are no name either."""
    runs = (
        run for clause in _CLAUSE.split(folded) for run in _NUMBERS.split(_NO_PAIN.sub(" ", clause))
    )
    return " ".join(run for run in runs if not _PAIN.search(run))


# Numbers a report cannot hold: each stands as 0 reps and makes the report a problem.
_BAD_NUMBERS = {"decimal": ReportProblem.NOT_WHOLE, "negative": ReportProblem.OUT_OF_RANGE}


def _tokens(text: str) -> tuple[list[tuple[str, object]], ReportProblem | None]:
    """The text as ("number", reps), ("marker", leg or each) and ("word", word) tokens,
    "3x10" as three numbers; and the problem of the first decimal or negative number."""
    tokens: list[tuple[str, object]] = []
    problem: ReportProblem | None = None
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("setsx", "setsof"):
            tokens.extend(("number", n) for n in _expand(match))
        elif kind in _BAD_NUMBERS:
            problem = problem or _BAD_NUMBERS[kind]
            tokens.append(("number", 0))
        elif kind == "number":
            tokens.append(("number", int(match.group())))
        elif kind == "word":
            word = match.group()
            marker = _MARKERS.get(word)
            tokens.append(("marker", marker) if marker is not None else ("word", word))
    return tokens, problem


def _first_problem(
    text: str,
    number_problem: ReportProblem | None,
    numbers: Sequence[object],
    sets: Mapping[Leg, tuple[int, ...]],
) -> ReportProblem | None:
    """What is wrong with the numbers, the first found of: a minus sign before a number
    anywhere in the text, a decimal or negative number, more than MAX_REPS reps, more
    than MAX_SETS sets for a leg."""
    if _NEGATIVE.search(text.casefold()):
        return ReportProblem.OUT_OF_RANGE
    if number_problem is not None:
        return number_problem
    if any(isinstance(n, int) and n > MAX_REPS for n in numbers):
        return ReportProblem.OUT_OF_RANGE
    if any(len(reps) > MAX_SETS for reps in sets.values()):
        return ReportProblem.TOO_MANY_SETS
    return None


def _without_pain_remarks(folded: str) -> str:
    """``folded`` less its pain remarks: the clauses that speak of pain and hold no
    number, and the words after a clause's last number when they do. Their leg words say
    where it hurts ("20 20, left calf hurts", "20 20 j'ai mal à l'ischio"), not which
    leg did the sets."""
    pieces: list[str] = []
    start = 0
    for found in _CLAUSE.finditer(folded):
        pieces += [_blank_pain_remark(folded[start : found.start()]), found.group()]
        start = found.end()
    pieces.append(_blank_pain_remark(folded[start:]))
    return "".join(pieces)


def _blank_pain_remark(clause: str) -> str:
    """The clause less its pain remark, if it has one (see :func:`_without_pain_remarks`).
    A leg word right after the last number stays with it ("8 each a bit tight", "12 left
    15 right sore") when it is "each" or the clause already puts leg words after numbers;
    otherwise it says where it hurts ("20 20 left calf tight")."""
    numbers = list(_NUMBERS.finditer(clause))
    if not numbers:
        return " " if _PAIN.search(clause) else clause
    end = numbers[-1].end()
    if not _PAIN.search(clause[end:]):
        return clause
    marker = _LEADING_WORD.match(clause, end)
    if (
        marker is not None
        and marker.group(1) in _MARKERS
        and (_MARKERS[marker.group(1)] == _EACH or _MARKER_AFTER_NUMBER.search(clause, 0, end))
    ):
        end = marker.end()
    return clause[:end] + " "


def _name_words(name_text: str, matcher: ExerciseMatcher) -> list[str]:
    """The words that may name an exercise: no leg words, no noise, except a noise word
    inside a name ("one leg rdl", "two foot hops") between two words that are not noise."""
    words = re.findall(r"[a-z]+|\d+", name_text)

    def meaningful(index: int) -> bool:
        word = words[index] if 0 <= index < len(words) else ""
        return word.isalpha() and word not in _MARKERS and word not in _NOISE

    return [
        word
        for index, word in enumerate(words)
        if meaningful(index)
        or (
            word in _NOISE
            and word in matcher.name_words
            and meaningful(index - 1)
            and meaningful(index + 1)
        )
    ]


def _assign(tokens: Sequence[tuple[str, object]]) -> dict[Leg, tuple[int, ...]]:
    """Numbers to legs: after their marker ("left 12") or before it ("12 left"), as the
    text starts; every number to BOTH when no leg is named."""
    first_number = next((i for i, (k, _) in enumerate(tokens) if k == "number"), None)
    first_marker = next((i for i, (k, _) in enumerate(tokens) if k == "marker"), None)
    if first_marker is None:
        return {Leg.BOTH: tuple(int(v) for k, v in tokens if k == "number")}  # type: ignore[call-overload]
    if first_number is not None and first_number < first_marker:
        collected = _numbers_before_markers(tokens)
    else:
        collected = _numbers_after_markers(tokens)
    return {leg: tuple(reps) for leg, reps in collected.items() if reps}


def _numbers_before_markers(tokens: Sequence[tuple[str, object]]) -> dict[Leg, list[int]]:
    """ "12 12 left 15 15 right": the numbers since the last marker go to the next one;
    numbers after the last marker go nowhere."""
    collected: dict[Leg, list[int]] = {}
    pending: list[int] = []
    for kind, value in tokens:
        if kind == "number":
            assert isinstance(value, int)
            pending.append(value)
        elif kind == "marker" and pending:
            _give(collected, value, pending)
            pending = []
    return collected


def _numbers_after_markers(tokens: Sequence[tuple[str, object]]) -> dict[Leg, list[int]]:
    """ "left 12 12 right 15 15": each number goes to the last marker before it."""
    collected: dict[Leg, list[int]] = {}
    current: object = None
    for kind, value in tokens:
        if kind == "number":
            assert isinstance(value, int)
            if current is not None:
                _give(collected, current, [value])
        elif kind == "marker":
            current = value
    return collected


def _give(collected: dict[Leg, list[int]], marker: object, numbers: list[int]) -> None:
    """Add ``numbers`` to the leg ``marker`` names, or to both legs for "each"."""
    legs = PER_LEG if marker == _EACH else (marker,)
    for leg in legs:
        assert isinstance(leg, Leg)
        collected.setdefault(leg, []).extend(numbers)


def resolve_exercise(
    report: ParsedReport,
    *,
    prompted: Exercise | None,
    session_order: Sequence[Exercise],
    reported_ids: set[str],
) -> tuple[Exercise, ...]:
    """The exercise the report is about: named in the text, else the one the runner was
    prompted for, else the next unreported exercise of the session. More than one entry
    means the caller should ask; none means it cannot tell."""
    if report.named:
        fitting = [e for e in report.named if e.per_leg == report.has_legs] or list(report.named)
        in_session = [e for e in fitting if e in session_order]
        candidates = in_session or fitting
        return tuple(candidates) if len(candidates) > 1 else (candidates[0],)
    if prompted is not None:
        return (prompted,)
    unreported = [e for e in session_order if e.id not in reported_ids]
    if report.has_legs:
        # Left and right counts belong to a per-leg exercise: skip two-footed ones the
        # runner did not report.
        unreported = [e for e in unreported if e.per_leg]
    return (unreported[0],) if unreported else ()


def check_report(report: ParsedReport, exercise: Exercise) -> ReportProblem | None:
    """What stops this report being stored for ``exercise``; None when it is fine."""
    if report.problem is not None:
        return report.problem
    if exercise.per_leg:
        if not all(report.sets.get(leg) for leg in PER_LEG):
            return ReportProblem.MISSING_LEG
    elif report.has_legs:
        left, right = report.sets.get(Leg.LEFT, ()), report.sets.get(Leg.RIGHT, ())
        if left != right:
            return ReportProblem.LEGS_ON_TWO_FOOTED
    return None


def sets_for(report: ParsedReport, exercise: Exercise) -> dict[Leg, tuple[int, ...]]:
    """The sets to store: per leg for per-leg exercises, BOTH for two-footed ones."""
    if exercise.per_leg:
        return {leg: report.sets[leg] for leg in PER_LEG}
    if Leg.BOTH in report.sets:
        return {Leg.BOTH: report.sets[Leg.BOTH]}
    return {Leg.BOTH: report.sets.get(Leg.LEFT, ())}


def looks_like_report(report: ParsedReport) -> bool:
    """Numbers with leg words, an exercise name, or nothing else: a report.
    Numbers among other words ("ran 5k in 30 minutes") are not."""
    return report.has_legs or bool(report.named) or not report.leftover_words
