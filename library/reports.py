"""Rep reports in free text: "left 12 right 15", "L12 R15", "12 each", "rxx L 6 6 6 6 R 6 6 6 6".

``parse_report`` reads the numbers per leg (one per set), an exercise name if the text
has one, and whether it mentions pain. ``resolve_exercise`` decides which exercise the
report is about; ``check_report`` says what is wrong with it for that exercise, if
anything, so the caller can reply and store nothing.

Reports in German, Spanish, French and Russian read the same way ("links 12 rechts 15",
"12 cada pierna", "3 séries de 10", "левой 10 правой 12"): the words are
library/report_words.py's, every language's in every text, so no language is passed in.
Numbers written as words ("left twelve right fifteen", "zwölf jeweils") read as digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from library.exercises import Exercise
from library.matcher import ExerciseMatcher, fold
from library.number_words import with_digits
from library.pain import NO_PAIN, PAIN, speaks_of_pain
from library.report_words import WORDS, ReportWords
from library.training import PER_LEG, Leg

MAX_REPS = 200
MAX_SETS = 10

_EACH = "each"
_LETTERS = r"[^\W\d_]+"


def _folded(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(fold(word) for word in words)


def _marker_table(words: ReportWords) -> dict[str, Leg | str]:
    """One language's leg and "each" words, folded: ("links", LEFT), ("cada", "each")."""
    table: dict[str, Leg | str] = dict.fromkeys(_folded(words.each), _EACH)
    table.update(dict.fromkeys(_folded(words.left), Leg.LEFT))
    table.update(dict.fromkeys(_folded(words.right), Leg.RIGHT))
    return table


def _alternatives(patterns: Iterable[str]) -> str:
    """Regular-expression alternatives, the longest first (so "on both" beats "both")."""
    return "|".join(sorted(set(patterns), key=len, reverse=True))


def _phrases(words: Iterable[str]) -> str:
    return _alternatives(r"\s+".join(map(re.escape, word.split())) for word in _folded(words))


_TABLES = tuple(WORDS.values())
# Every language's leg words, less the short forms that count only beside their pair.
_MARKERS: dict[str, Leg | str] = {
    word: marker
    for words in _TABLES
    for word, marker in _marker_table(words).items()
    if word not in _folded(words.paired)
}
# Per language: its paired short forms, and all its words for the left and for the right.
_PAIRED: tuple[tuple[dict[str, Leg | str], frozenset[str], frozenset[str]], ...] = tuple(
    (
        {
            word: marker
            for word, marker in _marker_table(words).items()
            if word in _folded(words.paired)
        },
        frozenset(_folded(words.left)),
        frozenset(_folded(words.right)),
    )
    for words in _TABLES
    if words.paired
)
# Words that may surround numbers without making the text about something else.
_NOISE = frozenset(word for words in _TABLES for word in _folded(words.noise))
# Pain words, and negated ones ("no pain"), of every language library/pain.py knows.
_PAIN = PAIN
_NO_PAIN = NO_PAIN
_EACH_SIDE = re.compile(
    r"\b(?:"
    + "|".join(
        f"(?:{_phrases(words.each_leads)})\\s+(?:{_phrases(words.sides)})"
        for words in _TABLES
        if words.each_leads
    )
    + r")\b"
)
_NEGATIVE = re.compile(r"(?:^|[\s:=,(/])-\s*\d")
_CLAUSE = re.compile(
    r"[,.;!?]|\b(?:" + _phrases(word for words in _TABLES for word in words.but) + r")\b"
)
_NUMBERS = re.compile(r"\d+")
_WORDS = re.compile(_LETTERS)
_LEADING_WORD = re.compile(r"\s*(" + _LETTERS + r")\b")
_WORD_AFTER_NUMBER = re.compile(r"\d\s*(" + _LETTERS + r")\b")
# "x" between a set count and its reps: a sign, or a word ("3 mal 10", Russian "3х10").
_TIMES = _alternatives(
    [
        r"x|×|\*",
        *(
            re.escape(word) + (r"\b" if len(word) > 1 else "")
            for words in _TABLES
            for word in _folded(words.times)
        ),
    ]
)
_SETS_OF = _alternatives(pattern for words in _TABLES for pattern in words.sets)
_SET_LABELS = _phrases(word for words in _TABLES for word in words.set_labels)
_TOKEN = re.compile(
    rf"(?P<setsx>\b(?P<count>\d{{1,2}})\s*(?:{_TIMES})\s*(?P<each>\d{{1,4}})\b)"
    rf"|(?P<setsof>\b(?P<count2>\d{{1,2}})\s+(?:{_SETS_OF})(?P<each2>\d{{1,4}})\b)"
    rf"|(?P<label>\b(?:{_SET_LABELS})\s*#?\s*\d{{1,2}}\b)"
    r"|(?P<decimal>\d+\.\d+)"
    r"|(?P<negative>(?:^|(?<=[\s:=,(]))-\s*\d+)"
    r"|(?P<number>\d+)"
    # A word, with any elision glued to it ("d'abord", "i'd"): such a word is no leg.
    rf"|(?P<word>{_LETTERS}(?:'{_LETTERS})*'?)"
)


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
    """Read a report; None when the text has no numbers at all (so it is no report).
    Numbers may be words, in any language the bot speaks ("left twelve right fifteen",
    "doce cada pierna"): library/number_words.py makes them digits first."""
    text = with_digits(text)
    folded = _EACH_SIDE.sub(f" {_EACH} ", fold(text))
    markers = _markers_in(folded)
    named_by_number, folded = _numbered_name(folded, matcher)
    tokens, number_problem = _tokens(_without_pain_remarks(folded, markers), markers)
    numbers = [value for kind, value in tokens if kind == "number"]
    if not numbers:
        return None
    sets = _assign(tokens)
    name_text = _name_text(folded)
    name_words, trailing = _name_words(name_text, matcher, markers)
    named = named_by_number or _lookup(matcher, trailing, name_words)
    # Words the parser does not know, in any script ("يسار 12 يمين 15"), are words too.
    leftover = () if named else tuple(name_words)
    return ParsedReport(
        sets=sets,
        named=named,
        pain=mentions_pain(text),
        problem=_first_problem(text, number_problem, numbers, sets),
        leftover_words=leftover,
    )


def _markers_in(folded: str) -> dict[str, Leg | str]:
    """The leg words ``folded`` may use: every language's, and a paired short form
    ("der", "d", "л") when the text has a word of its language for the other leg."""
    words = set(_WORDS.findall(folded))
    markers = dict(_MARKERS)
    for paired, lefts, rights in _PAIRED:
        for word, leg in paired.items():
            if word in words and not words.isdisjoint(rights if leg is Leg.LEFT else lefts):
                markers[word] = leg
    return markers


def _numbered_name(folded: str, matcher: ExerciseMatcher) -> tuple[tuple[Exercise, ...], str]:
    """The exercise whose name has a number in it ("bridge 45") if the text names one,
    and the text without that name, so the name's number is not taken for reps."""
    if not any(number in folded for number in matcher.name_numbers):
        return (), folded
    for name in matcher.numbered_names:
        found = name.search(folded)
        if found:
            return (name.exercise,), folded[: found.start()] + " " + folded[found.end() :]
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


def _tokens(
    text: str, markers: Mapping[str, Leg | str]
) -> tuple[list[tuple[str, object]], ReportProblem | None]:
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
            marker = markers.get(word)
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


def _without_pain_remarks(folded: str, markers: Mapping[str, Leg | str]) -> str:
    """``folded`` less its pain remarks: the clauses that speak of pain and hold no
    number, and the words after a clause's last number when they do. Their leg words say
    where it hurts ("20 20, left calf hurts", "20 20 j'ai mal à l'ischio"), not which
    leg did the sets."""
    pieces: list[str] = []
    start = 0
    for found in _CLAUSE.finditer(folded):
        pieces += [_blank_pain_remark(folded[start : found.start()], markers), found.group()]
        start = found.end()
    pieces.append(_blank_pain_remark(folded[start:], markers))
    return "".join(pieces)


def _blank_pain_remark(clause: str, markers: Mapping[str, Leg | str]) -> str:
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
        and marker.group(1) in markers
        and (
            markers[marker.group(1)] == _EACH
            or any(word.group(1) in markers for word in _WORD_AFTER_NUMBER.finditer(clause, 0, end))
        )
    ):
        end = marker.end()
    return clause[:end] + " "


def _name_words(
    name_text: str, matcher: ExerciseMatcher, markers: Mapping[str, Leg | str]
) -> tuple[list[str], list[str]]:
    """The words that may name an exercise: no leg words, no noise, except a noise word
    inside a name ("one leg rdl", "two foot hops") between two words that are not noise;
    and the same with the name's words among the noise after such a word ("peso muerto
    a una pierna", "rdl une jambe"), which may end a name or be only noise."""
    words = re.findall(_LETTERS, name_text)

    def meaningful(index: int) -> bool:
        word = words[index] if 0 <= index < len(words) else ""
        return word not in markers and word not in _NOISE

    inside: list[str] = []
    trailing: list[str] = []
    after_name = False  # only noise since the last meaningful word
    for index, word in enumerate(words):
        if meaningful(index):
            inside.append(word)
            trailing.append(word)
            after_name = True
        elif word in _NOISE and word in matcher.name_words and after_name:
            trailing.append(word)
            if meaningful(index + 1) and meaningful(index - 1):
                inside.append(word)
        elif word not in _NOISE:
            after_name = False
    return inside, trailing


def _lookup(
    matcher: ExerciseMatcher, trailing: Sequence[str], inside: Sequence[str]
) -> tuple[Exercise, ...]:
    """The exercises the name words mean: with the name's words after them if that names
    one ("peso muerto a una pierna"), else without ("hops, no pain at all")."""
    for words in (trailing, inside) if trailing != inside else (inside,):
        named = matcher.lookup(" ".join(words)) if words else ()
        if named:
            return named
    return ()


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
