"""The pre-run pain check's rules (library/pain_check.py) and what the planner and the
adaptation make of them, over histories of several sessions."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest

from library.adaptation import prescribe
from library.exercises import CatalogError, ExerciseCatalog, ExerciseKind, parse_exercise
from library.pain_check import (
    DayPlan,
    PainCheck,
    SessionCheck,
    check_of,
    checks_before,
    day_plan,
    eased,
    holds_progression,
    progression_paused,
)
from library.planner import plan_session
from library.training import ExerciseResult, Leg, merge_by_session

L, R, B = Leg.LEFT, Leg.RIGHT, Leg.BOTH
NONE, MILD, SHARP = PainCheck.NONE, PainCheck.MILD, PainCheck.SHARP
MONDAY = date(2026, 11, 2)
BALLISTIC = {
    "hamstring_hops",
    "hamstring_humps",
    "single_leg_hops_forward_back",
    "single_leg_hops_side_to_side",
    "single_leg_hops_over_shoulder",
}


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def check(session: int, answer: PainCheck, leg: Leg | None = None) -> SessionCheck:
    """Session ``session`` is sent on day ``session`` and answered ``answer``."""
    return SessionCheck(session, day(session), answer, leg)


def humps(
    session: int | None,
    reps: int,
    *,
    on: int | None = None,
    pain: bool = False,
    answer: PainCheck | None = None,
) -> ExerciseResult:
    """Humps, two sets of ``reps`` on each leg, in session ``session`` (on its day) or
    outside any session on day ``on``."""
    when = day(on if on is not None else session or 0)
    sets = {L: (reps, reps), R: (reps, reps)}
    return ExerciseResult(when, "hamstring_humps", sets, pain, session, answer)


# ------------------------------------------------------------------------ the day's plan
@pytest.mark.parametrize(
    ("answer", "plan"),
    [
        (None, DayPlan.AS_PLANNED),
        (NONE, DayPlan.AS_PLANNED),
        (MILD, DayPlan.EASIER),
        (SHARP, DayPlan.NO_EXPLOSIVE_WORK),
    ],
)
def test_the_days_plan_follows_the_answer(answer: PainCheck | None, plan: DayPlan) -> None:
    assert day_plan(answer) is plan


def test_only_the_hops_and_humps_are_ballistic(catalog: ExerciseCatalog) -> None:
    """The catalogue marks the hops and humps; everything else (RXX, the strength work)
    defaults to not ballistic."""
    assert {e.id for e in catalog if e.ballistic} == BALLISTIC


def test_ballistic_must_be_true_or_false() -> None:
    """A wrong value names the exercise and the field; left out, it is false."""
    toml = Path(__file__).parents[1] / "library" / "data" / "exercises.toml"
    raw = tomllib.loads(toml.read_text("utf-8"))["exercise"][0]
    assert parse_exercise(raw).ballistic
    with pytest.raises(CatalogError, match="'hamstring_hops', field 'ballistic'"):
        parse_exercise(raw | {"ballistic": "yes"})
    assert not parse_exercise({k: v for k, v in raw.items() if k != "ballistic"}).ballistic


@pytest.mark.parametrize(
    ("answer", "swapped"),
    [(None, set()), (NONE, set()), (MILD, BALLISTIC), (SHARP, set())],
)
def test_mild_swaps_exactly_the_ballistic_exercises(
    catalog: ExerciseCatalog, answer: PainCheck | None, swapped: set[str]
) -> None:
    assert {e.id for e in catalog if eased(e, answer)} == swapped


@pytest.mark.parametrize(
    ("pain", "answer", "held"),
    [
        (False, None, False),
        (False, NONE, False),
        (True, None, True),
        (True, NONE, True),
        (False, MILD, True),
        (False, SHARP, True),
    ],
)
def test_what_holds_progression(pain: bool, answer: PainCheck | None, held: bool) -> None:
    assert holds_progression(humps(1, 8, pain=pain, answer=answer)) is held


# ------------------------------------------------------------------------ the pause
PAUSES = [
    ("nothing answered", [], [humps(1, 8)], False),
    ("no pain", [check(1, NONE)], [], False),
    ("mild pain never pauses", [check(1, MILD, L), check(2, MILD, R)], [], False),
    ("sharp pauses", [check(1, SHARP, L)], [], True),
    ("sharp, then none", [check(1, SHARP, L), check(2, NONE)], [], False),
    ("sharp, then mild", [check(1, SHARP, L), check(2, MILD, L)], [], True),
    (
        "sharp, then a session sent but not reported",
        [check(1, SHARP, L)],
        [],
        True,
    ),
    (
        "sharp, then reps without pain in an unanswered session",
        [check(1, SHARP, B)],
        [humps(2, 8)],
        False,
    ),
    (
        "sharp, then reps with pain in an unanswered session",
        [check(1, SHARP, B)],
        [humps(2, 8, pain=True)],
        True,
    ),
    (
        "sharp, then none but a report that hurt",
        [check(1, SHARP, R), check(2, NONE)],
        [humps(2, 8, pain=True)],
        True,
    ),
    (
        "sharp, reported anyway the same session",
        [check(1, SHARP, R)],
        [humps(1, 8, answer=SHARP)],
        True,
    ),
    (
        "sharp, then a pain-free report outside a session the next day",
        [check(1, SHARP, R)],
        [humps(None, 8, on=2)],
        False,
    ),
    (
        "a pain-free report outside a session earlier on the day of the sharp check",
        [check(1, SHARP, R)],
        [humps(None, 8, on=1)],
        True,
    ),
    (
        "sharp, none, sharp again",
        [check(1, SHARP, L), check(2, NONE), check(3, SHARP, R)],
        [humps(2, 8)],
        True,
    ),
    (
        "over weeks: sharp, three quiet days, a mild one, then none",
        [check(1, SHARP, L), check(5, MILD, L), check(8, NONE)],
        [humps(5, 8, answer=MILD), humps(8, 8, answer=NONE)],
        False,
    ),
]


@pytest.mark.parametrize(
    ("checks", "history", "paused"),
    [case[1:] for case in PAUSES],
    ids=[case[0] for case in PAUSES],
)
def test_sharp_pauses_progression_until_a_pain_free_session(
    checks: list[SessionCheck], history: list[ExerciseResult], paused: bool
) -> None:
    assert progression_paused(checks, history) is paused


def test_the_check_of_a_session_and_those_before_it() -> None:
    checks = [check(1, SHARP, L), check(3, NONE), check(4, MILD, R)]
    assert checks_before(checks, 4) == checks[:2]
    assert check_of(checks, 3) == checks[1]
    assert check_of(checks, 2) is None


def test_merging_a_sessions_reports_keeps_its_check() -> None:
    """Two reports of one session, the check read with the later one: the merged
    session still carries it."""
    merged = merge_by_session([humps(1, 8), humps(1, 8, answer=MILD)])
    assert [(m.session_id, m.pain_check) for m in merged] == [(1, MILD)]


# ------------------------------------------------------------------------ adaptation
def test_a_mild_session_does_not_move_the_target(catalog: ExerciseCatalog) -> None:
    """Humps 2 x 8 reached twice: the target climbs 8 -> 9 -> 10 with no pain; a mild
    check in the second session keeps it at 9 and the next card holds it."""
    exercise = catalog.get("hamstring_humps")
    clean = [humps(1, 8, answer=NONE), humps(2, 9, answer=NONE)]
    assert prescribe(exercise, clean, day(3)).targets == {L: 10, R: 10}
    mild = [humps(1, 8, answer=NONE), humps(2, 9, answer=MILD)]
    held = prescribe(exercise, mild, day(3))
    assert held.targets == {L: 9, R: 9}
    assert held.pain_hold


def test_the_runner_answering_none_and_doing_the_card_for_eight_sessions(
    catalog: ExerciseCatalog,
) -> None:
    """'None' every time changes nothing: the humps climb one rep per session to the top
    (10), twice at the top brings the harder version, and no session is paused."""
    exercise = catalog.get("hamstring_humps")
    history: list[ExerciseResult] = []
    checks: list[SessionCheck] = []
    seen = []
    for session in range(1, 9):
        plan = plan_session(catalog, history, day(session), checks=checks)
        target = plan.item("hamstring_humps")
        assert target is not None
        assert not plan.paused
        seen.append((target.targets[L], target.harder_version))
        checks.append(check(session, NONE))
        reps = target.targets[L]
        assert reps is not None
        history.append(humps(session, reps, answer=NONE))
    assert prescribe(exercise, history, day(9)).level >= 1
    assert seen[:4] == [(8, False), (9, False), (10, False), (10, False)]
    assert seen[4] == (8, True)


# ------------------------------------------------------------------------ the planner
def test_mild_eases_the_hops_and_offers_no_harder_version(catalog: ExerciseCatalog) -> None:
    """Two sessions at the top of the hops' range earn the harder version; on a mild
    day the card offers none, and the ballistic exercises are the easier ones."""
    history = [ExerciseResult(day(n), "hamstring_hops", {B: (20, 20)}, False, n) for n in (1, 2)]
    plain = plan_session(catalog, history, day(3))
    hops = plain.item("hamstring_hops")
    assert hops is not None
    assert hops.harder_version
    mild = plan_session(catalog, history, day(3), check=check(3, MILD, L))
    assert mild.day_plan is DayPlan.EASIER
    assert (mild.pain_check, mild.pain_leg) == (MILD, L)
    assert set(mild.eased_ids) == BALLISTIC
    assert not any(item.harder_version for item in mild.items)
    assert [i.targets for i in mild.items] == [i.targets for i in plain.items]


def test_sharp_today_and_the_pause_it_leaves(catalog: ExerciseCatalog) -> None:
    """Sharp on day 1: no explosive work that day; the cards of days 2 and 3 (unanswered,
    nothing reported) are paused with the targets where they were; None on day 4 ends
    it, and that very card is no longer paused."""
    history = [humps(0, 8, answer=NONE)]
    sharp = check(1, SHARP, R)
    today = plan_session(catalog, history, day(1), checks=[check(0, NONE)], check=sharp)
    assert today.day_plan is DayPlan.NO_EXPLOSIVE_WORK
    assert today.paused
    before = plan_session(catalog, history, day(1))
    for n in (2, 3):
        later = plan_session(catalog, history, day(n), checks=[check(0, NONE), sharp])
        assert later.paused
        assert [i.targets for i in later.items] == [i.targets for i in before.items]
    back = plan_session(
        catalog, history, day(4), checks=[check(0, NONE), sharp], check=check(4, NONE)
    )
    assert not back.paused
    assert back.day_plan is DayPlan.AS_PLANNED


def test_strength_sessions_see_the_pause_too(catalog: ExerciseCatalog) -> None:
    plan = plan_session(catalog, [], day(2), ExerciseKind.STRENGTH, checks=[check(1, SHARP, B)])
    assert plan.paused
    assert plan.eased_ids == ()
