"""The exercise matcher against a table of realistic phrasings; accuracy printed, >= 95%."""

from __future__ import annotations

import pytest

from library.aspects import Aspect, find_aspect, landing_lines
from library.exercises import ExerciseCatalog
from library.kit import Kit
from library.matcher import ExerciseMatch, ExerciseMatcher, MatchKind, fold, normalize
from library.plain_words import PlainCommand, plain_command
from tests.matcher_cases import (
    ASPECT_QUESTIONS,
    EQUIPMENT_LED,
    KIT_QUESTIONS,
    NOT_COMMANDS,
    NOT_QUESTIONS,
    PLAIN_COMMANDS,
    QUESTIONS,
)

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


# Issue 16: equipment-led names, questions about one aspect, kit questions, plain words.
def _verdict(result: ExerciseMatch) -> str:
    if result.kind is MatchKind.AMBIGUOUS:
        return "ambiguous"
    return result.exercise.id if result.exercise is not None else result.kind.value


@pytest.mark.parametrize(("text", "expected"), EQUIPMENT_LED)
def test_names_led_by_their_kit_find_the_exercise(
    matcher: ExerciseMatcher, text: str, expected: str
) -> None:
    """'barbell exercise' is the RXX clean; 'ball exercise' could be either ball's."""
    assert _verdict(matcher.match(text)) == expected


def test_ball_on_its_own_offers_both_ball_exercises(matcher: ExerciseMatcher) -> None:
    result = matcher.match("ball exercise")
    assert {exercise.id for exercise in result.exercises} == {
        "swiss_ball_hamstring_curl",
        "medicine_ball_lunge",
    }


@pytest.mark.parametrize(("text", "expected", "aspect"), ASPECT_QUESTIONS)
def test_questions_about_one_aspect_carry_its_code(
    matcher: ExerciseMatcher, text: str, expected: str, aspect: str
) -> None:
    """The exercise is found as before, and the aspect asked about comes with it."""
    result = matcher.match(text)
    assert _verdict(result) == expected, result
    assert result.aspect is Aspect(aspect)


def test_an_aspect_question_about_an_unknown_exercise_is_unknown(
    matcher: ExerciseMatcher,
) -> None:
    """'plank form' is about an exercise we lack, with the aspect kept."""
    result = matcher.match("plank form")
    assert result.kind is MatchKind.UNKNOWN
    assert result.aspect is Aspect.FORM


def test_a_plain_question_has_no_aspect(matcher: ExerciseMatcher) -> None:
    assert matcher.match("how do I do hamstring humps?").aspect is None


@pytest.mark.parametrize(("text", "kit"), KIT_QUESTIONS)
def test_kit_questions_name_the_kit(matcher: ExerciseMatcher, text: str, kit: str | None) -> None:
    """A question about a piece of kit (or all of it) is a KIT question, not an exercise."""
    result = matcher.match(text)
    assert result.kind is MatchKind.KIT
    assert result.kit == (None if kit is None else Kit(kit))


@pytest.mark.parametrize(
    "text", ["what's a swiss ball curl", "what are vipr hops", "what's a barbell clean"]
)
def test_a_kit_named_in_an_exercise_is_the_exercise(matcher: ExerciseMatcher, text: str) -> None:
    assert matcher.match(text).kind is MatchKind.FOUND


@pytest.mark.parametrize(("text", "command"), PLAIN_COMMANDS)
def test_plain_words_name_their_command_and_are_no_question(
    matcher: ExerciseMatcher, text: str, command: str
) -> None:
    """'done', 'skip', 'warmup' and friends are commands for the plain-words handler,
    never questions about an exercise."""
    assert plain_command(fold(text)) is PlainCommand(command)
    assert matcher.match(text).kind is MatchKind.NOT_A_QUESTION


@pytest.mark.parametrize("text", NOT_COMMANDS)
def test_near_misses_are_neither_commands_nor_questions(
    matcher: ExerciseMatcher, text: str
) -> None:
    """Small talk, remarks and reports that share a word with a command or an aspect."""
    assert plain_command(fold(text)) is None
    assert matcher.match(text).kind is MatchKind.NOT_A_QUESTION


def test_issue_16_adds_at_least_40_phrasings() -> None:
    tables = (EQUIPMENT_LED, ASPECT_QUESTIONS, KIT_QUESTIONS, PLAIN_COMMANDS, NOT_COMMANDS)
    assert sum(len(table) for table in tables) >= 40


def test_landing_lines_come_from_the_exercise_and_only_where_it_lands(
    catalog: ExerciseCatalog,
) -> None:
    """The hops' landing lines are their own steps and cues about landing, and apart from
    them the mistakes about landing (never mixed in as instructions); a bridge has none."""
    hops = catalog.get("hamstring_hops")
    do, avoid = landing_lines(hops)
    assert "Come down on the balls of your feet." in do
    assert "Landing flat-footed or on the heels" in avoid
    assert set(do) <= {*hops.steps, *hops.cues}
    assert set(avoid) <= set(hops.mistakes)
    assert hops.setup not in do
    assert landing_lines(catalog.get("hip_bridge_90")) == ((), ())


def test_find_aspect_cuts_the_phrase_out() -> None:
    assert find_aspect("common mistakes with the bridge") == (Aspect.MISTAKES, "the bridge")
    assert find_aspect("how do i make humps harder") == (Aspect.HARDER, "how do i humps")
    assert find_aspect("how do i do humps") == (None, "how do i do humps")


def test_a_name_looked_up_again_is_answered_from_what_was_kept(
    catalog: ExerciseCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reports name the same exercises again and again: each name is scored once, its
    answer kept (also none), and the store starts again when full."""
    fresh = ExerciseMatcher(catalog)
    scored: list[str] = []
    real = fresh._verdict

    def counted(query: str, threshold: float) -> ExerciseMatch | None:
        scored.append(query)
        return real(query, threshold)

    monkeypatch.setattr(fresh, "_verdict", counted)
    humps = fresh.lookup("humps")
    assert [e.id for e in humps] == ["hamstring_humps"]
    assert fresh.lookup("Humps") == humps  # the same name once normalised
    assert fresh.lookup("humps") == humps
    assert fresh.lookup("xyzzy") == ()
    assert fresh.lookup("xyzzy") == ()
    assert scored == [normalize("humps"), "xyzzy"]
    monkeypatch.setattr("library.matcher.LOOKUPS_KEPT", 2)
    fresh.lookup("hops")  # a third name: the store starts again
    assert fresh.lookup("humps") == humps
    assert scored == [normalize(n) for n in ("humps", "xyzzy", "hops", "humps")]
