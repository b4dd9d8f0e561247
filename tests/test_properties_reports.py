"""Property-based tests of the rep-report parser: any text, long runs, generated reports."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import example, given
from hypothesis import strategies as st

from library.exercises import Exercise
from library.matcher import MatchKind, fold
from library.number_words import with_digits
from library.reports import (
    MAX_REPS,
    MAX_SETS,
    ParsedReport,
    ReportProblem,
    check_report,
    looks_like_report,
    parse_report,
    resolve_exercise,
    sets_for,
)
from library.training import PER_LEG, Leg
from tests.strategies import (
    ANY_TEXT,
    CATALOG,
    CLASSIC_RUNS,
    LONG_RUNS,
    MATCHER,
    PROPERTIES,
    extra_spaces,
    mixed_case,
)

L, R, B = Leg.LEFT, Leg.RIGHT, Leg.BOTH
Sets = dict[Leg, tuple[int, ...]]
EXERCISES = tuple(CATALOG)
PER_LEG_EXERCISES = tuple(e for e in EXERCISES if e.per_leg)
TWO_FOOTED_EXERCISES = tuple(e for e in EXERCISES if not e.per_leg)

# The leg words of reports.py, and the ways runners glue them to their numbers.
LEG_WORDS = {L: ("left", "l", "lt", "lft", "links"), R: ("right", "r", "rt", "rgt")}
MARKER_JOINERS = (" ", "", ": ", ":", "=", " = ")
NUMBER_JOINERS = (" ", "")
NUMBER_SEPARATORS = (" ", ", ", ",", "/", " / ", "-", " , ")
LEG_SEPARATORS = (" ", ", ", "; ", " and ", " | ", ". ", " / ")
EACH_AFTER = (
    " each",
    " each side",
    " each leg",
    " per leg",
    " per side",
    " on both sides",
    " both",
    " apiece",
)
EACH_BEFORE = ("each ", "both ", "both legs ")
NAME_JOINERS = (" ", ": ", ", ")
# (words after the numbers, whether they report pain). A clause about pain without
# numbers names no exercise and no leg.
PAIN_SUFFIXES = (
    ("", False),
    (", left hamstring hurts", True),
    (" but a twinge in my right knee", True),
    (", bit of pain behind the knee", True),
    ("! ouch, sharp pain", True),
    (", no pain", False),
    (", no pain in my left leg", False),
    (". pain-free today", False),
    (", didn't hurt at all", False),
    (", right hamstring a bit sore", True),
    (", left hammy feels tight", True),
    (", slight niggle left", True),
    (", not sore", False),
    (", nothing tight", False),
)
NOISE_BEFORE = ("", "did ", "today: ", "ok so ", "logged ")
NOISE_AFTER = ("", " today", " done", " reps", " total")
# The numbers in catalogue names: right after "bridge" they are read as the name
# ("bridge 45"), so reports of a bridge exercise here avoid them as reps.
NAME_NUMBERS = frozenset({45, 90, 150})


@dataclass(frozen=True)
class Generated:
    """A report text and what it says."""

    text: str
    sets: Sets
    exercise_id: str | None  # an id, not the Exercise: failures print short
    pain: bool

    @property
    def exercise(self) -> Exercise | None:
        return None if self.exercise_id is None else CATALOG.get(self.exercise_id)


def _numbers(draw: st.DrawFn, avoid: frozenset[int]) -> tuple[int, ...]:
    reps = st.integers(min_value=0, max_value=MAX_REPS).filter(lambda n: n not in avoid)
    return tuple(draw(st.lists(reps, min_size=1, max_size=MAX_SETS)))


def _joined(draw: st.DrawFn, numbers: tuple[int, ...]) -> str:
    return draw(st.sampled_from(NUMBER_SEPARATORS)).join(str(n) for n in numbers)


def _per_leg_body(draw: st.DrawFn, avoid: frozenset[int]) -> tuple[str, Sets]:
    """'left 12 11 right 15', 'R15 L12', '12 left / 15 right', '12L 15R'."""
    legs = draw(st.permutations(PER_LEG))
    sets = {leg: _numbers(draw, avoid) for leg in legs}
    numbers_first = draw(st.booleans())
    parts = []
    for leg in legs:
        marker = draw(st.sampled_from(LEG_WORDS[leg]))
        numbers = _joined(draw, sets[leg])
        if numbers_first:
            parts.append(numbers + draw(st.sampled_from(NUMBER_JOINERS)) + marker)
        else:
            parts.append(marker + draw(st.sampled_from(MARKER_JOINERS)) + numbers)
    return draw(st.sampled_from(LEG_SEPARATORS)).join(parts), sets


def _same_sets_body(draw: st.DrawFn, avoid: frozenset[int]) -> tuple[str, tuple[int, ...]]:
    """The same sets on both legs or on both feet: '15 15 15', '3x15', '3 sets of 15'."""
    if draw(st.booleans()):
        numbers = _numbers(draw, avoid)
        return _joined(draw, numbers), numbers
    count = draw(st.integers(min_value=1, max_value=MAX_SETS))
    each = draw(st.integers(min_value=0, max_value=MAX_REPS).filter(lambda n: n not in avoid))
    times = draw(st.sampled_from(("x", " x ", "X", "×", " × ", "*")))
    sets_of = "set of" if count == 1 else draw(st.sampled_from(("sets of", "sets")))
    form = draw(st.sampled_from((f"{count}{times}{each}", f"{count} {sets_of} {each}")))
    return form, (each,) * count


def _each_body(draw: st.DrawFn, avoid: frozenset[int]) -> tuple[str, Sets]:
    """'12 each', '3x15 each side', '15 per leg', 'both 12'."""
    body, numbers = _same_sets_body(draw, avoid)
    if draw(st.booleans()):
        body = draw(st.sampled_from(EACH_BEFORE)) + body
    else:
        body += draw(st.sampled_from(EACH_AFTER))
    return body, {L: numbers, R: numbers}


@st.composite
def reports(draw: st.DrawFn) -> Generated:
    """A report in one of the documented forms, maybe with an exercise name first, noise
    words, a pain remark, any letter case and extra spaces."""
    form = draw(st.sampled_from(("per_leg", "each", "two_footed")))
    pool = {
        "per_leg": PER_LEG_EXERCISES,
        "each": EXERCISES,
        "two_footed": TWO_FOOTED_EXERCISES,
    }[form]
    exercise = draw(st.none() | st.sampled_from(pool))
    name = ""
    avoid: frozenset[int] = frozenset()
    if exercise is not None:
        name = draw(st.sampled_from((exercise.name, *exercise.aliases)))
        name += draw(st.sampled_from(NAME_JOINERS))
        if "bridge" in name.casefold():
            avoid = NAME_NUMBERS
    sets: Sets
    if form == "per_leg":
        body, sets = _per_leg_body(draw, avoid)
    elif form == "each":
        body, sets = _each_body(draw, avoid)
    else:
        body, numbers = _same_sets_body(draw, avoid)
        sets = {B: numbers}
    # Half the reports are bare: the plainest forms are the likeliest to be mistaken.
    pain_text, pain = draw(st.just(PAIN_SUFFIXES[0]) | st.sampled_from(PAIN_SUFFIXES))
    before = draw(st.just("") | st.sampled_from(NOISE_BEFORE))
    after = draw(st.just("") | st.sampled_from(NOISE_AFTER))
    text = before + name + body + after + pain_text
    exercise_id = None if exercise is None else exercise.id
    return Generated(extra_spaces(draw, mixed_case(draw, text)), sets, exercise_id, pain)


def expected_stored(sets: Sets, exercise: Exercise) -> Sets:
    if exercise.per_leg:
        return {leg: sets[leg] for leg in PER_LEG}
    return {B: sets.get(B, sets.get(L, ()))}


def assert_well_formed(report: ParsedReport) -> None:
    """What every parsed report holds, whatever the text."""
    assert report.sets, "a report lists at least one leg"
    legs = set(report.sets)
    assert legs == {B} or legs <= set(PER_LEG)
    for reps in report.sets.values():
        assert reps, "no leg is listed with no sets"
        assert all(isinstance(n, int) and n >= 0 for n in reps)
    if any(n > MAX_REPS for reps in report.sets.values() for n in reps):
        # Refused: as out of range, unless a decimal was found first ("4.20 300").
        assert report.problem in (ReportProblem.OUT_OF_RANGE, ReportProblem.NOT_WHOLE)
    if any(len(reps) > MAX_SETS for reps in report.sets.values()):
        assert report.problem is not None
    assert report.has_legs == (legs != {B})
    assert len(set(report.named)) == len(report.named) <= 4
    assert all(exercise in EXERCISES for exercise in report.named)
    if report.named:
        assert report.leftover_words == ()
    assert all(re.fullmatch(r"[^\W\d_]+", word) for word in report.leftover_words)
    assert isinstance(looks_like_report(report), bool)


def assert_stored_sets_are_sane(report: ParsedReport) -> None:
    """Whatever is let through for storage is within 0-200 reps and 1-10 sets per leg."""
    for exercise in EXERCISES:
        if check_report(report, exercise) is not None:
            continue
        stored = sets_for(report, exercise)
        assert set(stored) == (set(PER_LEG) if exercise.per_leg else {B})
        for reps in stored.values():
            assert 1 <= len(reps) <= MAX_SETS
            assert all(0 <= n <= MAX_REPS for n in reps)


def assert_resolves(report: ParsedReport) -> None:
    """An exercise named in the report wins; else the prompted one."""
    resolved = resolve_exercise(report, prompted=None, session_order=EXERCISES, reported_ids=set())
    assert set(resolved) <= set(EXERCISES)
    if report.named:
        assert resolved
        assert set(resolved) <= set(report.named)
    else:
        prompted = EXERCISES[0]
        assert resolve_exercise(
            report, prompted=prompted, session_order=(), reported_ids=set()
        ) == (prompted,)


@PROPERTIES
@given(ANY_TEXT)
@example("")
@example("\x00left\x0012\x00right\x0015")
@example("\u202eleft 12 right 15\u202c")
@example("יָמִין 12 שְׂמֹאל 15")
@example("٣x١٢ each")
@example("left 1" + "0" * 400 + " right 5")
def test_any_text_parses_to_none_or_a_well_formed_report(text: str) -> None:
    """Any text gives None (no number in it, in digits or in words) or a report whose
    sets are well formed."""
    report = parse_report(text, MATCHER)
    if not re.search(r"\d", fold(with_digits(text))):
        assert report is None
    if report is None:
        return
    assert_well_formed(report)
    assert_stored_sets_are_sane(report)
    assert_resolves(report)
    assert isinstance(report.pain, bool)


@PROPERTIES
@given(LONG_RUNS)
def test_long_runs_parse_within_the_deadline(text: str) -> None:
    """Runs of digits, spaces and words up to 4,096 characters parse quickly and well."""
    report = parse_report(text, MATCHER)
    if report is not None:
        assert_well_formed(report)
        assert_stored_sets_are_sane(report)


def test_a_decimal_is_the_first_problem_even_beside_a_number_out_of_range() -> None:
    """Found by the long-runs property: '⒋20' folds to '4.20'. The decimal is found
    before the 300, so the reply asks for whole reps; either way nothing is stored."""
    for text in ("⒋20 300", "4.20 300"):
        report = parse_report(text, MATCHER)
        assert report is not None
        assert report.problem is ReportProblem.NOT_WHOLE
        assert all(check_report(report, exercise) is not None for exercise in EXERCISES)


def test_classic_runs_parse() -> None:
    """The classic backtracking runs (4,096 digits, spaces, 'left ', ...) all parse."""
    for text in CLASSIC_RUNS:
        report = parse_report(text, MATCHER)
        if report is not None:
            assert_well_formed(report)


@PROPERTIES
@given(reports())
@example(Generated("L8 R9", {L: (8,), R: (9,)}, None, False))
@example(Generated("left 8 9 10 right 9 9", {L: (8, 9, 10), R: (9, 9)}, None, False))
@example(
    Generated(
        "Hip bridge, knees at 45 degrees 15 15 15",
        {B: (15, 15, 15)},
        "hip_bridge_45",
        False,
    )
)
@example(Generated("one leg rdl left 8 right 9", {L: (8,), R: (9,)}, "single_leg_rdl_reach", False))
@example(Generated("20 20, no pain", {B: (20, 20)}, None, False))
@example(Generated("hops 20 20, left calf hurts", {B: (20, 20)}, "hamstring_hops", True))
def test_generated_reports_parse_to_what_they_say(report: Generated) -> None:
    """A report in a documented form gives back its sets, its exercise and its pain."""
    parsed = parse_report(report.text, MATCHER)
    assert parsed is not None
    assert parsed.problem is None
    assert dict(parsed.sets) == report.sets
    assert parsed.pain is report.pain
    assert looks_like_report(parsed)
    if report.exercise is None:
        assert parsed.named == ()
        return
    assert report.exercise in parsed.named
    resolved = resolve_exercise(parsed, prompted=None, session_order=(), reported_ids=set())
    assert report.exercise in resolved
    assert check_report(parsed, report.exercise) is None
    assert sets_for(parsed, report.exercise) == expected_stored(report.sets, report.exercise)


@PROPERTIES
@given(reports())
def test_generated_reports_are_not_questions(report: Generated) -> None:
    """The question matcher leaves every generated report to the report handler."""
    assert MATCHER.match(report.text).kind is MatchKind.NOT_A_QUESTION


@st.composite
def named_counts(draw: st.DrawFn) -> tuple[str, str, tuple[int, ...]]:
    """A catalogue name or alias followed by plain rep counts: 'hops 20', 'bridge 15 15'."""
    exercise = draw(st.sampled_from(EXERCISES))
    name = draw(st.sampled_from((exercise.name, *exercise.aliases)))
    avoid = NAME_NUMBERS if "bridge" in name.casefold() else frozenset()
    return exercise.id, name, _numbers(draw, avoid)


@PROPERTIES
@given(named_counts())
@example(("hip_bridge_90", "bridge", (15,)))
@example(("hip_bridge_90", "glute bridge", (10,)))
@example(("hip_bridge_90", "hip bridge 90", (90, 90)))
@example(("hamstring_hops", "hops", (20,)))
@example(("hip_bridge_45", "Hip bridge, knees at 45 degrees", (15, 15)))
@example(("single_leg_rdl_reach", "one leg rdl", (8,)))
def test_a_name_with_rep_counts_is_a_report(named: tuple[str, str, tuple[int, ...]]) -> None:
    """'<exercise> <reps>...' is a report of those reps for it, never a question."""
    exercise_id, name, numbers = named
    text = f"{name} {' '.join(map(str, numbers))}"
    assert MATCHER.match(text).kind is MatchKind.NOT_A_QUESTION
    parsed = parse_report(text, MATCHER)
    assert parsed is not None
    assert dict(parsed.sets) == {B: numbers}
    assert CATALOG.get(exercise_id) in parsed.named


_NUMBER_TEXT = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=0, max_value=MAX_REPS).map(str),
    st.tuples(st.integers(0, 300), st.integers(1, 99)).map(lambda p: f"{p[0]}.{p[1]}"),
)


@PROPERTIES
@given(
    left=st.lists(_NUMBER_TEXT, min_size=1, max_size=MAX_SETS + 3),
    right=st.lists(_NUMBER_TEXT, min_size=1, max_size=MAX_SETS + 3),
)
@example(left=["-3"], right=["4"])
@example(left=["250"], right=["10"])
@example(left=["12.5"], right=["3"])
@example(left=["1"] * 11, right=["1"])
@example(left=["9" * 30], right=["-" + "9" * 30])
def test_bad_numbers_are_flagged_never_stored(left: list[str], right: list[str]) -> None:
    """Negative, decimal, huge (> 200) numbers and more than 10 sets are each a problem."""
    parsed = parse_report(f"left {' '.join(left)} right {' '.join(right)}", MATCHER)
    assert parsed is not None
    numbers = left + right
    negative = any(n.startswith("-") for n in numbers)
    decimal = any("." in n for n in numbers)
    huge = any(n.isdigit() and int(n) > MAX_REPS for n in numbers)
    too_many = max(len(left), len(right)) > MAX_SETS
    if negative:
        assert parsed.problem is ReportProblem.OUT_OF_RANGE
    elif decimal:
        assert parsed.problem is ReportProblem.NOT_WHOLE
    elif huge:
        assert parsed.problem is ReportProblem.OUT_OF_RANGE
    elif too_many:
        assert parsed.problem is ReportProblem.TOO_MANY_SETS
    else:
        assert parsed.problem is None
        assert dict(parsed.sets) == {L: tuple(map(int, left)), R: tuple(map(int, right))}
    humps = CATALOG.get("hamstring_humps")
    assert (check_report(parsed, humps) is None) == (parsed.problem is None)


# Regressions the properties above found.


def test_a_pain_remark_names_no_leg() -> None:
    """'hops 20 20, left calf hurts': the leg word says where it hurts, not which leg."""
    parsed = parse_report("hops 20 20, left calf hurts", MATCHER)
    assert parsed is not None
    assert dict(parsed.sets) == {B: (20, 20)}
    assert parsed.pain
    assert check_report(parsed, CATALOG.get("hamstring_hops")) is None


def test_a_negated_pain_remark_leaves_no_words_over() -> None:
    """'20 20, no pain' is a report: 'no pain' is about pain, not an unknown exercise."""
    parsed = parse_report("20 20, no pain", MATCHER)
    assert parsed is not None
    assert parsed.leftover_words == ()
    assert looks_like_report(parsed)
    assert not parsed.pain


def test_a_noise_word_inside_a_name_is_kept() -> None:
    """'one leg rdl' is the single-leg RDL reach, not the two-footed dumbbell RDL."""
    parsed = parse_report("one leg rdl 10 each", MATCHER)
    assert parsed is not None
    assert parsed.named == (CATALOG.get("single_leg_rdl_reach"),)
    unchanged = parse_report("Left leg 12, right leg 15", MATCHER)
    assert unchanged is not None
    assert unchanged.named == ()


def test_the_full_name_with_its_comma_is_a_numbered_name() -> None:
    """'Hip bridge, knees at 45 degrees 15 15' is the 45° bridge with two sets of 15."""
    parsed = parse_report("Hip bridge, knees at 45 degrees 15 15", MATCHER)
    assert parsed is not None
    assert parsed.named == (CATALOG.get("hip_bridge_45"),)
    assert dict(parsed.sets) == {B: (15, 15)}


def test_a_bridge_name_with_reps_is_no_question() -> None:
    """'bridge 15' reports 15 bridges; 'bridge 150' alone still asks about the 150° bridge."""
    assert MATCHER.match("bridge 15").kind is MatchKind.NOT_A_QUESTION
    assert MATCHER.match("hip bridge 90 90").kind is MatchKind.NOT_A_QUESTION
    asked = MATCHER.match("bridge 150").exercise
    assert asked is not None
    assert asked.id == "hip_bridge_150"


# Pain in runners' words (issue 16): where it is, and how it feels; and ways of saying
# there is none.
PAIN_PLACES = ("hamstring", "left hammy", "right hamstring", "hammies", "calf", "knee", "")
PAIN_FEELINGS = (
    "sore",
    "a bit sore",
    "soreness",
    "tight",
    "tightness",
    "niggle",
    "niggly",
    "twinge",
    "tweaked",
    "pull",
    "pulled",
    "strain",
    "strained",
    "cramp",
    "cramping",
    "ache",
    "achy",
    "hurt",
    "hurts",
    "painful",
    "doms",
)
PAIN_SHAPES = ("{place} {feeling}", "{feeling} {place}", "{place} feels {feeling}")
NO_PAIN_REMARKS = (
    "no pain",
    "not sore",
    "not at all sore",
    "wasn't sore",
    "no soreness",
    "nothing tight",
    "no tightness",
    "no niggles",
    "pain free",
    "pain-free",
    "painless",
    "didn't hurt",
    "doesn't ache",
    "no doms",
    "without any pain",
)
REPORT_TEXTS = ("left 12 right 15", "20 20", "hops 20 20", "L8 8 R10 10")


@PROPERTIES
@given(
    st.sampled_from(REPORT_TEXTS),
    st.sampled_from((", ", " but ", ". ", "; ", "! ")),
    st.sampled_from(PAIN_SHAPES),
    st.sampled_from(PAIN_PLACES),
    st.sampled_from(PAIN_FEELINGS),
)
@example("left 12 right 15", ", ", "{place} {feeling}", "right hamstring", "a bit sore")
@example("left 12 right 15", ", ", "{place} feels {feeling}", "left hammy", "tight")
@example("20 20", ", ", "{feeling} {place}", "left", "niggle")
def test_pain_in_runners_words_is_noticed(
    report: str, joiner: str, shape: str, place: str, feeling: str
) -> None:
    """Any runners' word for pain, wherever the place goes, flags the report and leaves
    its numbers as they were."""
    remark = " ".join(shape.format(place=place, feeling=feeling).split())
    plain = parse_report(report, MATCHER)
    parsed = parse_report(report + joiner + remark, MATCHER)
    assert plain is not None
    assert parsed is not None
    assert parsed.pain, remark
    assert dict(parsed.sets) == dict(plain.sets)
    assert parsed.named == plain.named
    assert MATCHER.match(report + joiner + remark).kind is MatchKind.NOT_A_QUESTION


@PROPERTIES
@given(
    st.sampled_from(REPORT_TEXTS),
    st.sampled_from((", ", ". ", " ")),
    st.sampled_from(NO_PAIN_REMARKS),
    st.sampled_from(("", " today", " at all")),
)
def test_negated_pain_is_no_pain(report: str, joiner: str, remark: str, tail: str) -> None:
    """Saying there is no pain ("not sore", "nothing tight") flags nothing and leaves the
    report a report."""
    text = report + joiner + remark + tail
    parsed = parse_report(text, MATCHER)
    assert parsed is not None
    assert not parsed.pain, text
    assert looks_like_report(parsed)
    assert MATCHER.match(text).kind is MatchKind.NOT_A_QUESTION
