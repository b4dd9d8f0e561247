"""Adaptation scenarios over weeks of history, and the session planner."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from handlers.session_view import plan_text
from handlers.wording import reply_lines
from library.adaptation import (
    Change,
    ChangeKind,
    SymmetryLevel,
    break_factor,
    limb_symmetry_index,
    prescribe,
    what_changes,
)
from library.exercises import ExerciseCatalog, ExerciseKind
from library.planner import plan_session
from library.replies import decide_reply, latest_session
from library.training import ExerciseResult, Leg

L, R, B = Leg.LEFT, Leg.RIGHT, Leg.BOTH
MONDAY = date(2026, 11, 2)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def per_leg(
    n: int, exercise: str, left: tuple[int, ...], right: tuple[int, ...], pain: bool = False
) -> ExerciseResult:
    return ExerciseResult(day(n), exercise, {L: left, R: right}, pain)


def both(n: int, exercise: str, reps: tuple[int, ...], pain: bool = False) -> ExerciseResult:
    return ExerciseResult(day(n), exercise, {B: reps}, pain)


def test_first_session_uses_the_bottom_of_the_range(catalog: ExerciseCatalog) -> None:
    """With no history: the post's dose, left then right, no weaker leg yet."""
    humps = prescribe(catalog.get("hamstring_humps"), [], day(0))
    assert humps.targets == {L: 8, R: 8}
    assert humps.order == (L, R)
    assert humps.weaker is None
    hops = prescribe(catalog.get("single_leg_hops_forward_back"), [], day(0))
    assert hops.targets == {L: None, R: None}


def test_weaker_leg_goes_first_and_the_stronger_matches_it(catalog: ExerciseCatalog) -> None:
    """Right weaker last time (RXX 4 x 6, right 6 5 5 4): right first at its target, and
    left matches what right does today, up to the same 6, never a lower number."""
    rxx = catalog.get("rxx_clean")
    history = [per_leg(0, "rxx_clean", (6, 6, 6, 6), (6, 5, 5, 4))]
    p = prescribe(rxx, history, day(2))
    assert p.order == (R, L)
    assert p.weaker is R
    assert p.targets == {R: 6, L: 6}
    assert p.sets_for(R) == 4  # one session is no pattern yet: no extra set


def test_persisting_asymmetry_over_two_weeks(catalog: ExerciseCatalog) -> None:
    """Left under 90% two sessions running: a gentle note and an extra set for the left."""
    humps = catalog.get("hamstring_humps")
    history = [
        per_leg(0, "hamstring_humps", (8, 8), (10, 9)),
        per_leg(3, "hamstring_humps", (8, 7), (9, 9)),
        per_leg(7, "hamstring_humps", (8, 8), (10, 10)),
    ]
    p = prescribe(humps, history, day(9))
    assert p.weaker is L
    assert p.order == (L, R)
    assert p.lsi == 80.0
    assert p.symmetry is not None
    assert p.symmetry.level is SymmetryLevel.WATCH
    assert p.extra_set_leg is L
    assert p.sets_for(L) == 3
    assert p.sets_for(R) == 2
    assert p.targets[R] == p.targets[L]  # right matches the left, up to the same target


def test_extra_set_keeps_the_weaker_leg_weaker(catalog: ExerciseCatalog) -> None:
    """Left did its extra set (3 x 8 against 2 x 10): left is still the weaker leg."""
    humps = catalog.get("hamstring_humps")
    history = [
        per_leg(0, "hamstring_humps", (8, 8), (10, 10)),
        per_leg(3, "hamstring_humps", (8, 8), (10, 10)),
        per_leg(7, "hamstring_humps", (8, 8, 8), (10, 10)),
    ]
    p = prescribe(humps, history, day(9))
    assert p.weaker is L
    assert p.lsi == 80.0
    assert p.extra_set_leg is L
    assert p.targets[R] == p.targets[L]


def test_one_session_is_a_baseline_two_that_agree_suggest_a_physio(
    catalog: ExerciseCatalog,
) -> None:
    """A first session at 67% is a baseline, not a finding; a second below 80% with the
    same leg weaker suggests a physio."""
    rdl = catalog.get("single_leg_rdl_reach")
    first = [per_leg(0, rdl.id, (10, 10, 10), (15, 15, 15))]
    p = prescribe(rdl, first, day(2))
    assert p.symmetry is None
    assert what_changes(prescribe(rdl, [], day(0)), p)[-1].kind is ChangeKind.BASELINE
    second = [*first, per_leg(2, rdl.id, (11, 11, 11), (15, 15, 15))]
    p = prescribe(rdl, second, day(4))
    assert p.symmetry is not None
    assert p.symmetry.level is SymmetryLevel.PHYSIO
    assert p.symmetry.weaker is L
    assert p.symmetry.lsi == pytest.approx(73.3)


def test_a_sharp_drop_below_the_runners_own_baseline_suggests_a_physio(
    catalog: ExerciseCatalog,
) -> None:
    """Even sessions, then one at 60%: a drop of 20 points or more below the runner's own
    first session is enough."""
    rdl = catalog.get("single_leg_rdl_reach")
    history = [
        per_leg(0, rdl.id, (15, 15, 15), (15, 15, 15)),
        per_leg(2, rdl.id, (9, 9, 9), (15, 15, 15)),
    ]
    p = prescribe(rdl, history, day(4))
    assert p.symmetry is not None
    assert p.symmetry.level is SymmetryLevel.PHYSIO


def test_one_off_asymmetry_with_a_swapped_side_is_not_flagged(catalog: ExerciseCatalog) -> None:
    """Sessions that disagree about the weaker leg give no 'persisting' note (Cuthbert 2021)."""
    history = [
        per_leg(0, "hamstring_humps", (8, 8), (9, 10)),
        per_leg(3, "hamstring_humps", (10, 9), (8, 8)),
    ]
    p = prescribe(catalog.get("hamstring_humps"), history, day(5))
    assert p.weaker is R
    assert p.symmetry is None
    assert p.extra_set_leg is None


def test_legs_level_again_keeps_the_order_and_a_flip_needs_evidence(
    catalog: ExerciseCatalog,
) -> None:
    """When the right matched the left (as the card asked) the left stays first; only the
    left doing more than the right makes the right the weaker leg."""
    history = [
        per_leg(0, "hamstring_humps", (8, 8), (10, 10)),
        per_leg(3, "hamstring_humps", (8, 8), (10, 10)),
        per_leg(7, "hamstring_humps", (9, 9), (9, 9)),
    ]
    p = prescribe(catalog.get("hamstring_humps"), history, day(9))
    assert p.weaker is L
    assert p.order == (L, R)
    assert p.symmetry is None
    assert p.targets[L] == p.targets[R] == 10
    assert p.lsi == 100.0
    flipped = [*history, per_leg(9, "hamstring_humps", (10, 10), (9, 9))]
    assert prescribe(catalog.get("hamstring_humps"), flipped, day(11)).weaker is R


def test_double_progression_through_the_range(catalog: ExerciseCatalog) -> None:
    """15-20 reps: +1 each session both... sets hit the target; two at the top earn the
    harder version and reps go back to the bottom."""
    curl = catalog.get("swiss_ball_hamstring_curl")
    history: list[ExerciseResult] = []
    targets = []
    for n in range(8):
        p = prescribe(curl, history, day(2 * n))
        targets.append(p.targets[B])
        reps = p.targets[B]
        assert reps is not None
        history.append(both(2 * n, curl.id, (reps, reps, reps)))
    assert targets == [15, 16, 17, 18, 19, 20, 20, 15]
    final = prescribe(curl, history, day(16))
    assert final.harder_version
    assert final.level == 1


def test_both_legs_must_reach_the_top(catalog: ExerciseCatalog) -> None:
    """A per-leg exercise only progresses when the weaker leg also hits the target."""
    history = [
        per_leg(0, "hamstring_humps", (8, 8), (10, 10)),
        per_leg(2, "hamstring_humps", (9, 8), (10, 10)),
    ]
    p = prescribe(catalog.get("hamstring_humps"), history, day(4))
    assert p.progression_target == 9  # 8 met once (-> 9), then 8 < 9 missed


def test_missing_leg_counts_as_a_miss(catalog: ExerciseCatalog) -> None:
    """A session with only one leg reported does not move the target."""
    history = [ExerciseResult(day(0), "hamstring_humps", {L: (10, 10)})]
    assert prescribe(catalog.get("hamstring_humps"), history, day(1)).progression_target == 8


def test_fixed_dose_two_sessions_at_target_levels_up(catalog: ExerciseCatalog) -> None:
    """4x6 RXX: two full sessions on both legs suggest the harder version."""
    full = (6, 6, 6, 6)
    history = [per_leg(0, "rxx_clean", full, full), per_leg(2, "rxx_clean", full, full)]
    p = prescribe(catalog.get("rxx_clean"), history, day(4))
    assert p.harder_version
    assert p.targets == {L: 6, R: 6}


def test_three_misses_deload_about_ten_percent(catalog: ExerciseCatalog) -> None:
    """Missing the target three sessions running drops it to about 90%."""
    hops = catalog.get("hamstring_hops")
    history = [both(n, hops.id, (17, 16)) for n in (0, 2, 4)]
    assert prescribe(hops, history, day(5)).targets[B] == 18


@pytest.mark.parametrize(
    ("days_off", "expected"), [(3, 20), (6, 20), (7, 18), (14, 18), (15, 16), (40, 16)]
)
def test_softer_restart_after_a_break(
    catalog: ExerciseCatalog, days_off: int, expected: int
) -> None:
    """Up to a week: repeat; 7-14 days off: about 10% less; longer: about 20% less."""
    hops = catalog.get("hamstring_hops")
    p = prescribe(hops, [both(0, hops.id, (20, 20))], day(days_off))
    assert p.targets[B] == expected
    assert p.days_off == days_off


def test_break_factor_values() -> None:
    """The break rule as numbers."""
    assert [break_factor(d) for d in (None, 0, 6, 7, 14, 15)] == [1.0, 1.0, 1.0, 0.9, 0.9, 0.8]


def test_pain_stops_progression(catalog: ExerciseCatalog) -> None:
    """A report mentioning pain holds the targets and advises rest or a professional."""
    curl = catalog.get("swiss_ball_hamstring_curl")
    before = prescribe(curl, [both(0, curl.id, (15, 15, 15))], day(2))
    history = [both(0, curl.id, (15, 15, 15)), both(2, curl.id, (16, 16, 16), pain=True)]
    after = prescribe(curl, history, day(2))
    assert after.pain_hold
    assert after.targets == before.targets == {B: 16}
    changes = what_changes(before, after)
    assert [change.kind for change in changes] == [ChangeKind.PAIN_HOLD]
    session = latest_session(curl.id, history)
    assert session is not None
    lines = reply_lines(decide_reply(before, after, session, pain=True))
    assert "pain" in lines[0]
    assert "physio" in lines[1]


def test_until_form_falters_leaves_the_weaker_leg_uncapped(catalog: ExerciseCatalog) -> None:
    """The weaker leg goes until its form falters (last time's count only for reference);
    the stronger leg does no more than the weaker one does today. No target at all."""
    hops = catalog.get("single_leg_hops_forward_back")
    first = [per_leg(0, hops.id, (7,), (13,))]
    p = prescribe(hops, first, day(2))
    assert p.order == (L, R)
    assert p.targets == {L: None, R: None}
    assert p.reference == 7
    assert p.progression_target is None
    second = [*first, per_leg(2, hops.id, (9,), (9,))]
    p = prescribe(hops, second, day(4))
    assert (p.order, p.reference, p.targets) == ((L, R), 9, {L: None, R: None})


def test_limb_symmetry_index() -> None:
    """LSI = weaker / stronger reps per set x 100; None without reps."""
    assert limb_symmetry_index(per_leg(0, "x", (9, 9), (10, 10))) == 90.0
    # the weaker leg's extra set does not make it look stronger
    assert limb_symmetry_index(per_leg(0, "x", (8, 8, 8), (10, 10))) == 80.0
    assert limb_symmetry_index(per_leg(0, "x", (12,), (12,))) == 100.0
    assert limb_symmetry_index(ExerciseResult(day(0), "x", {})) is None


def test_what_changes_explains_in_two_lines(catalog: ExerciseCatalog) -> None:
    """After a report the reply says what changes next time and why: the step, the leg
    order (the same number as the step) and at most one note."""
    humps = catalog.get("hamstring_humps")
    first = per_leg(0, humps.id, (8, 8), (10, 10))
    before = prescribe(humps, [], day(0))
    after = prescribe(humps, [first], day(0))
    changes = what_changes(before, after)
    assert changes == [
        Change(ChangeKind.TARGET_UP, reps=9, previous=8),
        Change(ChangeKind.BASELINE, leg=L),
    ]
    lines = reply_lines(decide_reply(before, after, first, pain=False))
    assert lines[0] == "Target reached on both legs: next time 9 reps."
    assert (
        lines[1]
        == "Left did fewer reps today, so it goes first next time and right matches it, up to 9."
    )
    assert "baseline" in lines[2]
    assert len(lines) == 3
    even = per_leg(2, humps.id, (9, 9), (9, 9))
    later = prescribe(humps, [first, even], day(2))
    assert what_changes(after, later)[-1] == Change(ChangeKind.WEAKER_FIRST, leg=L, capped=10)
    lines = reply_lines(decide_reply(after, later, even, pain=False))
    assert lines == [
        "Target reached on both legs: next time 10 reps.",
        "Both legs level today: left still goes first and right matches it, up to 10.",
    ]


def test_planner_builds_the_warmup_in_the_posts_order(catalog: ExerciseCatalog) -> None:
    """The warm-up is hops, humps, the three single-leg hop sets and the RXX clean."""
    plan = plan_session(catalog, [], day(0))
    assert plan.exercise_ids == (
        "hamstring_hops",
        "hamstring_humps",
        "single_leg_hops_forward_back",
        "single_leg_hops_side_to_side",
        "single_leg_hops_over_shoulder",
        "rxx_clean",
    )
    strength = plan_session(catalog, [], day(0), ExerciseKind.STRENGTH)
    assert len(strength.items) == 8  # the seven of the second post and the Nordic curl
    assert all(item.exercise.kind is ExerciseKind.STRENGTH for item in strength.items)


def test_planner_adapts_each_item_from_history(catalog: ExerciseCatalog) -> None:
    """The plan's items carry the adapted targets and leg order."""
    history = [per_leg(0, "rxx_clean", (5, 5, 5, 5), (6, 6, 6, 6))]
    item = plan_session(catalog, history, day(2)).item("rxx_clean")
    assert item is not None
    assert item.order == (L, R)
    assert item.targets == {L: 6, R: 6}  # right matches the left today, up to 6


@pytest.mark.parametrize(
    ("exercise_id", "left", "right"),
    [
        ("hamstring_humps", (7, 7), (10, 10)),
        ("rxx_clean", (6, 6, 6, 6), (4, 5, 4, 4)),
        ("single_leg_rdl_reach", (15, 15, 15), (11, 11, 11)),
        ("single_leg_hops_forward_back", (7,), (11,)),
        ("single_leg_hops_side_to_side", (12,), (8,)),
    ],
)
def test_doing_exactly_what_the_card_says_for_eight_sessions(
    catalog: ExerciseCatalog, exercise_id: str, left: tuple[int, ...], right: tuple[int, ...]
) -> None:
    """After one uneven session, a runner who does exactly what each card says (the
    weaker leg its target, or its usual count until form falters; the stronger leg the
    same) is never flipped, never stepped back, never sent a symmetry note."""
    exercise = catalog.get(exercise_id)
    history = [per_leg(0, exercise_id, left, right)]
    first = prescribe(exercise, history, day(2))
    weaker = first.weaker
    assert weaker is not None
    usual = min(min(left), min(right))
    previous = first
    for n in range(1, 9):
        p = prescribe(exercise, history, day(2 * n))
        assert p.weaker is weaker
        assert p.order[0] is weaker
        assert p.symmetry is None
        assert p.targets[weaker.other] == p.targets[weaker]  # never below the weaker leg
        changes = [change.kind for change in what_changes(previous, p)]
        assert ChangeKind.STEP_BACK not in changes
        assert ChangeKind.SYMMETRY not in changes
        done = p.targets[weaker] or usual
        weak = tuple(done for _ in range(p.sets_for(weaker)))
        strong = tuple(done for _ in range(p.sets_for(weaker.other)))
        sets = {weaker: weak, weaker.other: strong}
        history.append(ExerciseResult(day(2 * n), exercise_id, sets))
        previous = p


def test_a_session_says_about_how_long_it_takes(catalog: ExerciseCatalog) -> None:
    """Reps, rests and changeovers add up to a few minutes for the warm-up and longer for
    the slow strength work; more sets take longer."""
    warmup = plan_session(catalog, [], day(0))
    strength = plan_session(catalog, [], day(0), ExerciseKind.STRENGTH)
    assert 5 <= warmup.minutes() <= 15
    assert strength.minutes() > warmup.minutes()
    uneven = [per_leg(n, "hamstring_humps", (8, 8), (10, 10)) for n in (0, 2)]
    assert plan_session(catalog, uneven, day(4)).minutes() >= warmup.minutes()  # +1 set
    assert f"about {warmup.minutes()} min" in plan_text(warmup)
