"""The exercise matcher against a table of realistic phrasings; accuracy printed, >= 95%."""

from __future__ import annotations

import pytest

from library.exercises import ExerciseCatalog
from library.matcher import ExerciseMatcher, MatchKind, normalize

# (text, expected exercise id, or None when the text must not be taken as a question)
QUESTIONS: list[tuple[str, str]] = [
    ("how do I do hamstring humps?", "hamstring_humps"),
    ("How do I do hamstring humps", "hamstring_humps"),
    ("how do i do hamstirng humps", "hamstring_humps"),
    ("hamstring humsp", "hamstring_humps"),
    ("humps", "hamstring_humps"),
    ("Humps?", "hamstring_humps"),
    ("how to do humps", "hamstring_humps"),
    ("whats a hamstring hump", "hamstring_humps"),
    ("explain humps pls", "hamstring_humps"),
    ("humps hamstring", "hamstring_humps"),
    ("hammy humps??", "hamstring_humps"),
    ("hamstring hops", "hamstring_hops"),
    ("how do you do hamstring hops?", "hamstring_hops"),
    ("hamstring hopps", "hamstring_hops"),
    ("Hamstring Hop", "hamstring_hops"),
    ("show me the hamstring hops", "hamstring_hops"),
    ("what are pogo hops", "hamstring_hops"),
    ("tips for hamstrng hops", "hamstring_hops"),
    ("vipr hops", "single_leg_hops_forward_back"),
    ("how do i do the ViPR hops?", "single_leg_hops_forward_back"),
    ("single leg hops", "single_leg_hops_forward_back"),
    ("single-leg hops forward and back", "single_leg_hops_forward_back"),
    ("explain sl hops", "single_leg_hops_forward_back"),
    ("vipr hops side to side", "single_leg_hops_side_to_side"),
    ("how to do lateral hops", "single_leg_hops_side_to_side"),
    ("side to side hops?", "single_leg_hops_side_to_side"),
    ("single leg hop side-to-side", "single_leg_hops_side_to_side"),
    ("vipr hops over the shoulder", "single_leg_hops_over_shoulder"),
    ("over shoulder hops", "single_leg_hops_over_shoulder"),
    ("how do i do the over-the-shoulder hops", "single_leg_hops_over_shoulder"),
    ("RXX clean", "rxx_clean"),
    ("how do I do an rxx clean?", "rxx_clean"),
    ("rxx", "rxx_clean"),
    ("explain the rxx cleans", "rxx_clean"),
    ("rx clean", "rxx_clean"),
    ("what's an RXX clean", "rxx_clean"),
    ("split squat clean how to", "rxx_clean"),
    ("swiss ball hamstring curl", "swiss_ball_hamstring_curl"),
    ("swiss ball curl", "swiss_ball_hamstring_curl"),
    ("how to do swiss ball curls", "swiss_ball_hamstring_curl"),
    ("swis ball curl", "swiss_ball_hamstring_curl"),
    ("stability ball leg curls?", "swiss_ball_hamstring_curl"),
    ("tips on the swiss ball thing", "swiss_ball_hamstring_curl"),
    ("hamstring curl", "swiss_ball_hamstring_curl"),
    ("curl on the ball, how?", "swiss_ball_hamstring_curl"),
    ("glute bridge", "hip_bridge_90"),
    ("hip bridges", "hip_bridge_90"),
    ("how do I do a glute bridge?", "hip_bridge_90"),
    ("gluet bridge", "hip_bridge_90"),
    ("bridge 90", "hip_bridge_90"),
    ("hip bridge 90 degrees", "hip_bridge_90"),
    ("hip bridge 45", "hip_bridge_45"),
    ("45 degree bridge", "hip_bridge_45"),
    ("how to do the 45° hip bridge", "hip_bridge_45"),
    ("bridge with knees at 45", "hip_bridge_45"),
    ("hip bridge 150", "hip_bridge_150"),
    ("explain the 150 degree bridge", "hip_bridge_150"),
    ("150 bridge?", "hip_bridge_150"),
    ("SL RDL", "single_leg_rdl_reach"),
    ("single leg rdl", "single_leg_rdl_reach"),
    ("how do i do single leg deadlifts", "single_leg_rdl_reach"),
    ("single leg romanian deadlift reach", "single_leg_rdl_reach"),
    ("rdl reach", "single_leg_rdl_reach"),
    ("one-leg RDL?", "single_leg_rdl_reach"),
    ("RDL", "dumbbell_rdl"),
    ("how do I do RDLs?", "dumbbell_rdl"),
    ("romanian deadlift", "dumbbell_rdl"),
    ("romainan deadlifts", "dumbbell_rdl"),
    ("dumbbell RDL", "dumbbell_rdl"),
    ("db rdl form", "dumbbell_rdl"),
    ("medicine ball lunge", "medicine_ball_lunge"),
    ("lunges", "medicine_ball_lunge"),
    ("how to do med ball lunges", "medicine_ball_lunge"),
    ("medecine ball lunge", "medicine_ball_lunge"),
    ("teach me the lunge", "medicine_ball_lunge"),
    ("🏃 how do I do hamstring humps? 🙏", "hamstring_humps"),
    ("Hey coach, how do I do the RXX clean?", "rxx_clean"),
    ("can you explain the swiss ball curl", "swiss_ball_hamstring_curl"),
    ("Glute Bridge!!!", "hip_bridge_90"),
    ("remind me how to do humps", "hamstring_humps"),
]

NOT_QUESTIONS: list[str] = [
    "left 12 right 15",
    "L12 R15",
    "12 left / 15 right",
    "left: 12, 11, 10 right: 15, 14, 13",
    "vipr hops left 8 right 10",
    "rxx L 6 6 6 6 R 6 6 6 6",
    "12 each",
    "both 12",
    "hops 20",
    "humps 10 10",
    "bridge 45 15 15 15",
    "Did 15 reps each side 💪",
    "left 10, right 9",
    "lunges 15 each leg",
    "thanks!",
    "thank you coach",
    "good morning",
    "ok",
    "cool 👍",
    "how are you?",
    "what's up",
    "I'm tired today",
    "see you tomorrow",
    "lol",
    "nice",
    "done",
    "I did my warm-up",
    "my legs feel great",
    "yes",
    "no",
]

UNKNOWN_QUESTIONS: list[str] = [
    "how do I do nordic curls?",
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
