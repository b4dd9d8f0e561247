"""Property-based tests of the exercise matcher: any text, long runs, questions and typos."""

from __future__ import annotations

import string

from hypothesis import assume, example, given
from hypothesis import strategies as st

from library.matcher import (
    BARE_NAME_SCORE,
    MAX_CANDIDATES,
    ExerciseMatch,
    MatchKind,
    normalize,
)
from tests.strategies import (
    ANY_TEXT,
    CATALOG,
    CLASSIC_RUNS,
    LONG_RUNS,
    MATCHER,
    PROPERTIES,
    TRICKY_CHARS,
    extra_spaces,
    mixed_case,
)

EXERCISES = tuple(CATALOG)
# (exercise id, name or alias) for every name in the catalogue.
NAMES = tuple((e.id, name) for e in EXERCISES for name in (e.name, *e.aliases))
# Openings that always make a question about an exercise ("strong" ones in matcher.py).
OPENINGS = (
    "how do I do ",
    "how do you do ",
    "how should I perform ",
    "how to do ",
    "how to ",
    "how 2 ",
    "can you explain ",
    "could you show me how to do ",
    "explain ",
    "explain to me how to do ",
    "describe ",
    "show me ",
    "show me how to do ",
    "teach me ",
    "remind me how to do ",
    "tips for ",
    "tips on ",
    "form for ",
    "technique for ",
    "cues for ",
    "help me with ",
    "tell me about ",
    "what's the right form for ",
    "i don't get ",
)
PREAMBLES = ("", "hey ", "hi coach, ", "ok so ", "quick question: ", "please ")
ARTICLES = ("", "the ", "a ", "an ")
ENDINGS = ("", "?", "??", "!", " please?", " 🙏", "? 💪")
# A slip of one letter keeps a name of 10+ characters within an edit ratio of 90 of
# itself, above the bare-name threshold (BARE_NAME_SCORE, 88); in a word of 5+ letters
# it does not turn the word into another name's word (a slip in "hop" can make "how").
MIN_NAME_LENGTH = 10
MIN_WORD_LENGTH = 5
assert 100 * (1 - 1 / MIN_NAME_LENGTH) >= BARE_NAME_SCORE


def assert_well_formed(result: ExerciseMatch) -> None:
    """What every verdict holds: one exercise when found, 2-4 when ambiguous, else none."""
    exercises = result.exercises
    assert len(set(exercises)) == len(exercises)
    assert all(exercise in EXERCISES for exercise in exercises)
    if result.kind is MatchKind.FOUND:
        assert len(exercises) == 1
        assert result.exercise is exercises[0]
    elif result.kind is MatchKind.AMBIGUOUS:
        assert 2 <= len(exercises) <= MAX_CANDIDATES
        assert result.exercise is None
    else:
        assert exercises == ()
        assert result.exercise is None


@PROPERTIES
@given(ANY_TEXT)
@example("")
@example("\x00" * 50)
@example("\u202ehow do I do \u202chamstring humps?")
@example("كيف أقوم بتمرين 12؟")
@example("how do I do " + "ﷺ" * 300)
def test_any_text_gets_a_well_formed_verdict(text: str) -> None:
    """Any text, asked or not, gets a verdict of the documented shape; lookups too."""
    assert_well_formed(MATCHER.match(text))
    assert_well_formed(MATCHER.match(text, asked=True))
    found = MATCHER.lookup(text)
    assert len(set(found)) == len(found) <= MAX_CANDIDATES
    assert all(exercise in EXERCISES for exercise in found)


@PROPERTIES
@given(LONG_RUNS)
def test_long_runs_are_classified_within_the_deadline(text: str) -> None:
    """Runs of digits, spaces and words up to 4,096 characters are classified quickly."""
    assert_well_formed(MATCHER.match(text))
    assert_well_formed(MATCHER.match(text, asked=True))


def test_classic_runs_are_classified() -> None:
    """The classic backtracking runs (4,096 digits, spaces, 'so so ... how') all classify."""
    for text in CLASSIC_RUNS:
        assert_well_formed(MATCHER.match(text))


def _flip_ascii_case(text: str, flips: list[bool]) -> str:
    return "".join(
        ch.swapcase() if flip and ch.isascii() else ch for ch, flip in zip(text, flips, strict=True)
    )


@PROPERTIES
@given(st.data(), st.text(st.one_of(st.characters(codec="utf-8"), TRICKY_CHARS), max_size=100))
def test_case_and_spacing_never_change_the_verdict(data: st.DataObject, text: str) -> None:
    """The same words in other letter case, with wider spaces, get the same verdict."""
    flips = data.draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    widened = _flip_ascii_case(text, flips).replace(" ", " \t ")
    assert MATCHER.match(widened) == MATCHER.match(text)


@st.composite
def asked_names(draw: st.DrawFn) -> tuple[str, str]:
    """(exercise id, a question about it): any opening, name, case, spacing and ending."""
    exercise_id, name = draw(st.sampled_from(NAMES))
    text = (
        draw(st.sampled_from(PREAMBLES))
        + draw(st.sampled_from(OPENINGS))
        + draw(st.sampled_from(ARTICLES))
        + name
        + draw(st.sampled_from(ENDINGS))
    )
    return exercise_id, extra_spaces(draw, mixed_case(draw, text))


@PROPERTIES
@given(asked_names())
@example(("hamstring_humps", "Hey coach, how do I do the Hamstring Humps? 🙏"))
@example(("hip_bridge_45", "tips for the hip bridge, knees at 45 degrees"))
def test_every_name_asked_any_way_finds_its_exercise(asked: tuple[str, str]) -> None:
    """A question about a catalogue name or alias, phrased any documented way, finds it."""
    exercise_id, text = asked
    result = MATCHER.match(text)
    assert result.kind is MatchKind.FOUND, result
    assert result.exercise == CATALOG.get(exercise_id)


# The keys as the matcher sees them (normalised), long enough to forgive a slip.
TYPO_NAMES = tuple(
    sorted(
        {
            (exercise_id, normalize(name))
            for exercise_id, name in NAMES
            if len(normalize(name)) >= MIN_NAME_LENGTH
            and any(len(w) >= MIN_WORD_LENGTH and w.isalpha() for w in normalize(name).split())
        }
    )
)


@st.composite
def typos(draw: st.DrawFn) -> tuple[str, str, str]:
    """(exercise id, the name, the name with one letter missing, extra, wrong or swapped)."""
    exercise_id, key = draw(st.sampled_from(TYPO_NAMES))
    words = key.split()
    long_words = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= MIN_WORD_LENGTH]
    index = draw(st.sampled_from(long_words))
    word = words[index]
    at = draw(st.integers(min_value=0, max_value=len(word) - 1))
    letter = draw(st.sampled_from(string.ascii_lowercase))
    slip = draw(st.sampled_from(("missing", "extra", "wrong", "swapped")))
    if slip == "missing":
        word = word[:at] + word[at + 1 :]
    elif slip == "extra":
        word = word[:at] + letter + word[at:]
    elif slip == "wrong":
        word = word[:at] + letter + word[at + 1 :]
    else:
        at = min(at, len(word) - 2)
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    words[index] = word
    return exercise_id, key, " ".join(words)


@PROPERTIES
@given(typos(), st.sampled_from(("how do I do {}?", "{}", "explain the {}", "{} form?")))
@example(("hamstring_humps", "hamstring hump", "hamstirng hump"), "how do i do {}")
@example(("swiss_ball_hamstring_curl", "swiss ball curl", "swis ball curl"), "{}")
@example(("dumbbell_rdl", "romanian deadlift", "romainan deadlift"), "{}")
@example(("medicine_ball_lunge", "medicine ball lunge", "medecine ball lunge"), "{}")
def test_a_one_letter_slip_still_finds_the_exercise(
    typo: tuple[str, str, str], template: str
) -> None:
    """A slip of one letter in a long word of a long name still finds that exercise,
    asked as a question or typed on its own."""
    exercise_id, _, slipped = typo
    result = MATCHER.match(template.format(slipped))
    assert result.kind is MatchKind.FOUND, result
    assert result.exercise == CATALOG.get(exercise_id)


GIBBERISH = st.text(st.sampled_from("bcdfghjklmnpqrstvwxz"), min_size=4, max_size=12)


@PROPERTIES
@given(GIBBERISH, st.sampled_from(OPENINGS))
@example("zumba", "how do I do ")
def test_a_clear_question_is_always_answered(word: str, opening: str) -> None:
    """'how do I do <anything>?' or /how <anything> is never dropped as small talk."""
    assume(normalize(word) == word)  # not a filler word, not a plural
    assert MATCHER.match(f"{opening}{word}?").kind is not MatchKind.NOT_A_QUESTION
    assert MATCHER.match(word, asked=True).kind is not MatchKind.NOT_A_QUESTION


PAIN_ASKS = (
    "is it ok to {} if {}?",
    "should I {} with {}",
    "can I {} with {}",
    "{1}, ok to {0}?",
    "{1}: should I still {0}?",
)
PAIN_ACTIVITIES = ("run", "do these", "do the warm-up", "do the hops", "train", "do humps")
PAIN_STATES = (
    "my hamstring is sore",
    "a tight hamstring",
    "a niggle",
    "left hammy feels tight",
    "a twinge in my calf",
    "a pulled hamstring",
    "an achy knee",
    "doms",
    "it hurts",
)


@PROPERTIES
@given(st.sampled_from(PAIN_ASKS), st.sampled_from(PAIN_ACTIVITIES), st.sampled_from(PAIN_STATES))
def test_training_in_pain_is_asked_in_many_ways(ask: str, activity: str, state: str) -> None:
    """Whatever the exercise or the pain word, a question about training in pain gets
    the training-in-pain code, in any letter case."""
    text = ask.format(activity, state)
    assert MATCHER.match(text).kind is MatchKind.TRAINING_IN_PAIN, text
    assert MATCHER.match(text.upper()).kind is MatchKind.TRAINING_IN_PAIN, text


@PROPERTIES
@given(st.sampled_from(NAMES), st.sampled_from(OPENINGS))
def test_exercise_questions_are_no_pain_questions(name: tuple[str, str], opening: str) -> None:
    """No question about an exercise, by any of its names, is taken for one about pain."""
    assert MATCHER.match(f"{opening}{name[1]}?").kind is not MatchKind.TRAINING_IN_PAIN
