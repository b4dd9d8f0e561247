"""The exercise matcher against a table of realistic phrasings; accuracy printed, >= 95%."""

from __future__ import annotations

import pytest

from library.exercises import ExerciseCatalog
from library.matcher import ExerciseMatcher, MatchKind, normalize
from tests.matcher_cases import NOT_QUESTIONS, QUESTIONS

# (text, expected exercise id, or None when the text must not be taken as a question)
UNKNOWN_QUESTIONS: list[str] = [
    "how do I do copenhagen planks?",
    "explain burpees",
    "how to do a plank",
    "show me box jumps",
]


@pytest.fixture(scope="module")
def matcher(catalog: ExerciseCatalog) -> ExerciseMatcher:
    return ExerciseMatcher(catalog)


def test_table_is_big_enough() -> None:
    """The table holds at least 80 phrasings, reports and small talk included."""
    assert len(QUESTIONS) + len(NOT_QUESTIONS) >= 80


def test_matcher_accuracy_on_the_phrasing_table(matcher: ExerciseMatcher) -> None:
    """At least 95% of the table is matched to the expected exercise (or to none)."""
    misses = []
    for text, expected in QUESTIONS:
        result = matcher.match(text)
        got = result.exercise.id if result.exercise else result.kind.value
        if got != expected:
            misses.append(f"{text!r}: expected {expected}, got {got}")
    for text in NOT_QUESTIONS:
        result = matcher.match(text)
        if result.kind is not MatchKind.NOT_A_QUESTION:
            misses.append(f"{text!r}: expected no question, got {result.kind.value}")
    total = len(QUESTIONS) + len(NOT_QUESTIONS)
    accuracy = 1 - len(misses) / total
    print(f"\nmatcher accuracy: {accuracy:.1%} on {total} phrasings")
    for miss in misses:
        print("  miss:", miss)
    assert accuracy >= 0.95, misses


@pytest.mark.parametrize("text", NOT_QUESTIONS)
def test_reports_and_small_talk_are_never_questions(matcher: ExerciseMatcher, text: str) -> None:
    """Rep reports and small talk are never taken for a question about an exercise."""
    assert matcher.match(text).kind is MatchKind.NOT_A_QUESTION


@pytest.mark.parametrize("text", UNKNOWN_QUESTIONS)
def test_questions_about_other_exercises_are_unknown(matcher: ExerciseMatcher, text: str) -> None:
    """A clear question about an exercise we lack is answered as unknown, not mis-matched."""
    assert matcher.match(text).kind is MatchKind.UNKNOWN


@pytest.mark.parametrize("text", ["hops", "hamstring", "how do I do the hops?"])
def test_vague_names_ask_which(matcher: ExerciseMatcher, text: str) -> None:
    """A name several exercises share gives a short list of candidates to choose from."""
    result = matcher.match(text)
    assert result.kind is MatchKind.AMBIGUOUS
    assert 2 <= len(result.exercises) <= 4


def test_how_command_treats_any_text_as_a_name(matcher: ExerciseMatcher) -> None:
    """With asked=True (/how) an unknown name is UNKNOWN, never silently ignored."""
    assert matcher.match("zumba", asked=True).kind is MatchKind.UNKNOWN
    found = matcher.match("humps", asked=True).exercise
    assert found is not None
    assert found.id == "hamstring_humps"


def test_every_alias_finds_its_own_exercise(
    matcher: ExerciseMatcher, catalog: ExerciseCatalog
) -> None:
    """Each alias of the catalogue, asked as a question, leads to its exercise."""
    for exercise in catalog:
        for alias in (exercise.name, *exercise.aliases):
            result = matcher.match(f"how do I do {alias}?")
            assert result.exercise == exercise, (alias, result)


def test_normalize_folds_case_punctuation_and_plurals() -> None:
    """Normalisation ignores case, punctuation, accents, fillers and plural s."""
    assert normalize("How do I do the Hamstring-Humps?!") == "hamstring hump"
    assert normalize("Glute bridgés") == "glute bridge"


def test_long_input_is_cut_and_handled(matcher: ExerciseMatcher) -> None:
    """A 4,096-character message is classified without error."""
    assert matcher.match("humps " * 700).kind in set(MatchKind)


# Issue 16: asking whether to train while something hurts.
TRAINING_IN_PAIN_QUESTIONS = [
    "is it ok to do these if my hamstring is sore?",
    "should I run with a tight hamstring",
    "can I do the warm-up with a niggle",
    "Is it safe to do hops with a sore hammy?",
    "my left hammy feels tight, should I still do the humps",
    "hamstring a bit achy, run today?",
    "what if it hurts during the nordics",
    "can I do 3x10 with a sore hamstring?",
    "ok to train with doms?",
]
NOT_TRAINING_IN_PAIN = [
    ("how do I do humps", "hamstring_humps"),
    ("how do I do hammy humps?", "hamstring_humps"),
    ("left 8 8 right 10 10, right hamstring a bit sore", None),
    ("20 20, left hammy feels tight", None),
    ("hops 20 20, slight niggle left", None),
    ("right hamstring a bit sore", None),
    ("left 10 right 10 no pain", None),
    ("can I do the humps without pain?", "hamstring_humps"),
]


@pytest.mark.parametrize("text", TRAINING_IN_PAIN_QUESTIONS)
def test_questions_about_training_in_pain_get_their_own_code(
    matcher: ExerciseMatcher, text: str
) -> None:
    """A question about training while sore or in pain is neither an exercise question
    nor a report: the matcher says so, and the handler answers it with care."""
    assert matcher.match(text).kind is MatchKind.TRAINING_IN_PAIN


@pytest.mark.parametrize(("text", "expected"), NOT_TRAINING_IN_PAIN)
def test_reports_and_exercise_questions_are_not_pain_questions(
    matcher: ExerciseMatcher, text: str, expected: str | None
) -> None:
    """Exercise questions find their exercise, and reports and remarks that mention pain
    stay reports (or remarks), never questions."""
    result = matcher.match(text)
    if expected is None:
        assert result.kind is MatchKind.NOT_A_QUESTION
    else:
        assert result.exercise is not None, result
        assert result.exercise.id == expected
