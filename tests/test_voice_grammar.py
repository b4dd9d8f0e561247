"""The voice grammar (library/voice.py): numbers and names as spoken words, pronunciations
of spelled words, and that what the grammar lets a runner say reads as the report meant."""

from __future__ import annotations

import re

import pytest

from library.exercises import ExerciseCatalog
from library.matcher import ExerciseMatcher
from library.reports import parse_report
from library.training import Leg
from library.voice import (
    Heard,
    HeardProblem,
    grammar,
    grammar_words,
    heard_text,
    number_words,
    pronunciation,
    spoken_words,
)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "zero"),
        (7, "seven"),
        (13, "thirteen"),
        (20, "twenty"),
        (45, "forty five"),
        (99, "ninety nine"),
        (100, "one hundred"),
        (150, "one hundred fifty"),
        (200, "two hundred"),
    ],
)
def test_numbers_are_said_in_words(value: int, words: str) -> None:
    assert number_words(value) == words


def test_a_name_is_said_without_punctuation_and_with_its_digits_in_words() -> None:
    assert spoken_words("Hip bridge, knees at 45 degrees") == (
        *("hip", "bridge", "knees", "at", "forty", "five", "degrees"),
    )
    assert spoken_words("Single-leg hops: forward and back") == (
        *("single", "leg", "hops", "forward", "and", "back"),
    )


def test_spelled_words_get_letter_names_and_nicknames_their_spoken_form() -> None:
    assert pronunciation("rdl") == ("AA R D IY EH L",)
    assert pronunciation("db") == ("D IY B IY",)
    assert pronunciation("vipr") == ("V AY P ER",)
    assert "AA R D AH B AH L EH K S" in pronunciation("rxx")  # "R double X"


def test_the_grammar_holds_every_english_name_and_the_report_words(
    catalog: ExerciseCatalog,
) -> None:
    text = grammar(catalog)
    assert text.startswith("#JSGF V1.0;")
    assert "public <report>" in text
    for exercise in catalog:
        for name in (exercise.name, *exercise.aliases):
            assert " ".join(spoken_words(name)) in text
    words = grammar_words(catalog)
    assert {"left", "right", "each", "per", "leg", "sets", "dozen", "vipr", "rxx"} <= words
    assert {"twelve", "twenty", "hundred", "eighty"} <= words
    assert not {"public", "grammar", "report", "jsgf"} & words
    assert all(re.fullmatch(r"[a-z']+", word) for word in words)


def test_no_other_language_is_in_the_grammar(catalog: ExerciseCatalog) -> None:
    words = grammar_words(catalog)
    assert not {"links", "rechts", "izquierda", "gauche", "jeweils"} & words
    assert all(word.isascii() for word in words)


def test_only_counts_up_to_thirty_come_before_each(catalog: ExerciseCatalog) -> None:
    # "eight each" was heard as "eighty each" before this rule.
    text = grammar(catalog)
    assert "<few> <both>" in text
    few = next(line for line in text.splitlines() if line.startswith("<few> ="))
    assert "<number>" not in few
    common = next(line for line in text.splitlines() if line.startswith("<common> ="))
    assert "forty" not in common
    assert "eighty" not in common


def test_the_decoders_words_become_the_text_of_a_report() -> None:
    words = ["<sil>", "(NULL)", "left", "twelve(2)", "[NOISE]", "right", "fifteen", "</s>"]
    assert heard_text(words) == "left twelve right fifteen"
    assert heard_text(["<sil>", "[SPEECH]"]) == ""


def test_heard_carries_a_problem_or_words() -> None:
    heard = Heard(None, HeardProblem.TOO_LONG, 42.0)
    assert heard.text is None
    assert heard.problem is HeardProblem.TOO_LONG
    assert HeardProblem("unreadable") is HeardProblem.UNREADABLE
    assert Heard("twelve each").seconds == 0.0


# What the grammar lets a runner say, and the report it must read as: (text, exercise
# id or "" for none named, sets per leg).
SAYINGS = [
    ("left twelve right fifteen", "", {Leg.LEFT: (12,), Leg.RIGHT: (15,)}),
    ("right nine and left eleven", "", {Leg.LEFT: (11,), Leg.RIGHT: (9,)}),
    ("twelve each", "", {Leg.LEFT: (12,), Leg.RIGHT: (12,)}),
    ("ten per leg", "", {Leg.LEFT: (10,), Leg.RIGHT: (10,)}),
    ("eight on both legs", "", {Leg.LEFT: (8,), Leg.RIGHT: (8,)}),
    ("a dozen each", "", {Leg.LEFT: (12,), Leg.RIGHT: (12,)}),
    ("three sets of ten", "", {Leg.BOTH: (10, 10, 10)}),
    ("twenty twenty", "", {Leg.BOTH: (20, 20)}),
    ("left one hundred right ninety nine", "", {Leg.LEFT: (100,), Leg.RIGHT: (99,)}),
    (
        "vipr hops left eight right eleven",
        "single_leg_hops_forward_back",
        {Leg.LEFT: (8,), Leg.RIGHT: (11,)},
    ),
    (
        "hamstring humps left ten ten right twelve twelve",
        "hamstring_humps",
        {Leg.LEFT: (10, 10), Leg.RIGHT: (12, 12)},
    ),
    ("rxx clean two each", "rxx_clean", {Leg.LEFT: (2,), Leg.RIGHT: (2,)}),
    ("hip bridge forty five twelve each", "hip_bridge_45", {Leg.LEFT: (12,), Leg.RIGHT: (12,)}),
    (
        "one hundred fifty degree bridge left ten right ten",
        "hip_bridge_150",
        {Leg.LEFT: (10,), Leg.RIGHT: (10,)},
    ),
    ("rdl three sets of ten", "dumbbell_rdl", {Leg.BOTH: (10, 10, 10)}),
    ("nordics five five reps", "nordic_hamstring_curl", {Leg.BOTH: (5, 5)}),
    ("cleans six each", "rxx_clean", {Leg.LEFT: (6,), Leg.RIGHT: (6,)}),
]


def test_a_short_name_is_heard_and_read_as_typed(catalog: ExerciseCatalog) -> None:
    """ "hops twenty twenty" as typed: the hops it may be, the two-footed ones among them
    (the report desk picks by the counts and the session, as for typed text)."""
    assert "hops" in grammar_words(catalog)
    report = parse_report("hops twenty twenty", ExerciseMatcher(catalog))
    assert report is not None
    assert dict(report.sets) == {Leg.BOTH: (20, 20)}
    assert "hamstring_hops" in [named.id for named in report.named]


@pytest.mark.parametrize(("text", "exercise", "sets"), SAYINGS)
def test_what_the_grammar_says_reads_as_the_report(
    catalog: ExerciseCatalog, text: str, exercise: str, sets: dict[Leg, tuple[int, ...]]
) -> None:
    words = grammar_words(catalog)
    assert set(text.split()) <= words, set(text.split()) - words
    report = parse_report(text, ExerciseMatcher(catalog))
    assert report is not None
    assert dict(report.sets) == sets
    assert report.problem is None
    assert [named.id for named in report.named] == ([exercise] if exercise else [])


def test_every_english_name_said_before_counts_names_its_exercise(
    catalog: ExerciseCatalog,
) -> None:
    matcher = ExerciseMatcher(catalog)
    for exercise in catalog:
        for name in (exercise.name, *exercise.aliases):
            said = " ".join(spoken_words(name))
            report = parse_report(f"{said} left twelve right fifteen", matcher)
            assert report is not None, said
            assert exercise in report.named, (said, [named.id for named in report.named])
            assert dict(report.sets) == {Leg.LEFT: (12,), Leg.RIGHT: (15,)}, said
