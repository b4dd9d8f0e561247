"""The guided session's pure rules: the steps of a card, which step comes next given what
is stored and skipped, the counts offered for a set without a target, and the buttons'
data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from library.adaptation import prescribe
from library.exercises import ExerciseCatalog, ExerciseKind
from library.guide import (
    MAX_STEPS,
    Action,
    Press,
    Step,
    count_allowed,
    counts_offered,
    fewer_from,
    first_count,
    more_from,
    pack,
    progress,
    recorded_sets,
    start_data,
    steps_of,
    unpack,
)
from library.planner import plan_session
from library.training import ExerciseResult, Leg

L, R, B = Leg.LEFT, Leg.RIGHT, Leg.BOTH
MONDAY = date(2026, 11, 2)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def walk(steps: tuple[Step, ...]) -> list[tuple[str, Leg, int, int | None]]:
    return [(s.exercise_id, s.leg, s.set_number, s.target) for s in steps]


def test_a_first_warm_up_walks_every_set_of_every_leg(catalog: ExerciseCatalog) -> None:
    """Card order; per exercise the legs take turns set by set (left first while no leg
    is known to be weaker); a two-footed set is one step."""
    plan = plan_session(catalog, [], day(0))
    steps = steps_of(plan.items)
    assert walk(steps) == [
        ("hamstring_hops", B, 1, 20),
        ("hamstring_hops", B, 2, 20),
        ("hamstring_humps", L, 1, 8),
        ("hamstring_humps", R, 1, 8),
        ("hamstring_humps", L, 2, 8),
        ("hamstring_humps", R, 2, 8),
        ("single_leg_hops_forward_back", L, 1, None),
        ("single_leg_hops_forward_back", R, 1, None),
        ("single_leg_hops_side_to_side", L, 1, None),
        ("single_leg_hops_side_to_side", R, 1, None),
        ("single_leg_hops_over_shoulder", L, 1, None),
        ("single_leg_hops_over_shoulder", R, 1, None),
        *[("rxx_clean", leg, n, 6) for n in (1, 2, 3, 4) for leg in (L, R)],
    ]
    assert all(s.matches is None and not s.weaker for s in steps)  # no weaker leg yet
    assert len(steps) <= MAX_STEPS


@pytest.mark.parametrize("kind", list(ExerciseKind))
def test_every_card_fits_the_skipped_steps_mask_even_with_every_extra_set(
    catalog: ExerciseCatalog, kind: ExerciseKind
) -> None:
    plan = plan_session(catalog, [], day(0), kind)
    extra = [replace(i, extra_set_leg=L) if i.exercise.per_leg else i for i in plan.items]
    assert len(steps_of(plan.items)) < len(steps_of(extra)) <= MAX_STEPS


def test_the_weaker_leg_goes_first_and_its_extra_set_comes_last(
    catalog: ExerciseCatalog,
) -> None:
    humps = catalog.get("hamstring_humps")
    history = [
        ExerciseResult(day(0), humps.id, {L: (10, 10), R: (7, 7)}),
        ExerciseResult(day(2), humps.id, {L: (10, 10), R: (7, 7)}),
    ]
    steps = steps_of([prescribe(humps, history, day(4))])
    assert [(s.leg, s.set_number, s.sets) for s in steps] == [
        (R, 1, 3),
        (L, 1, 2),
        (R, 2, 3),
        (L, 2, 2),
        (R, 3, 3),
    ]
    assert [s.weaker for s in steps] == [True, False, True, False, True]


def test_the_stronger_leg_of_a_set_without_target_is_held_to_the_weaker(
    catalog: ExerciseCatalog,
) -> None:
    hops = catalog.get("single_leg_hops_forward_back")
    item = prescribe(hops, [ExerciseResult(day(0), hops.id, {L: (13,), R: (7,)})], day(2))
    weak, strong = steps_of([item])
    assert (weak.leg, weak.target, weak.reference, weak.matches) == (R, None, 7, None)
    assert (strong.leg, strong.target, strong.matches) == (L, None, 0)
    done = progress((weak, strong), {(hops.id, R): [9]}, ())
    assert done.current == 1
    assert done.cap((weak, strong), 1) == 9  # what the weaker leg just did
    skipped = progress((weak, strong), {}, {0})
    assert skipped.current == 1
    assert skipped.cap((weak, strong), 1) is None  # its set skipped: no cap


HUMPS = (
    Step("humps", L, 1, 2, 8),
    Step("humps", R, 1, 2, 8),
    Step("humps", L, 2, 2, 8),
    Step("humps", R, 2, 2, 8),
    Step("hops", B, 1, 1, 20),
)


@pytest.mark.parametrize(
    ("recorded", "skipped", "done", "current"),
    [
        ({}, set(), {}, 0),
        ({("humps", L): [8]}, set(), {0: 8}, 1),
        ({("humps", L): [8], ("humps", R): [7]}, set(), {0: 8, 1: 7}, 2),
        # a skipped step takes no stored set: the left leg's one set is its second
        ({("humps", L): [9]}, {0}, {2: 9}, 1),
        ({("humps", L): [9], ("humps", R): [8]}, {0}, {1: 8, 2: 9}, 3),
        # typed in alongside: "humps left 8 8 right 8 8" does all four
        ({("humps", L): [8, 8], ("humps", R): [8, 8]}, set(), {0: 8, 1: 8, 2: 8, 3: 8}, 4),
        # more sets than steps count for nothing more
        ({("hops", B): [20, 20, 20]}, {0, 1, 2, 3}, {4: 20}, None),
        ({}, {0, 1, 2, 3, 4}, {}, None),
    ],
)
def test_the_next_step_follows_from_what_is_stored_and_skipped(
    recorded: dict[tuple[str, Leg], list[int]],
    skipped: set[int],
    done: dict[int, int],
    current: int | None,
) -> None:
    state = progress(HUMPS, recorded, skipped)
    assert dict(state.done) == done
    assert state.current == current


def test_recorded_sets_add_up_a_sessions_reports_in_order() -> None:
    reports: list[tuple[str, dict[Leg, tuple[int, ...]]]] = [
        ("humps", {L: (8,)}),
        ("humps", {R: (7,)}),
        ("humps", {L: (9, 10)}),
    ]
    assert recorded_sets(reports) == {("humps", L): [8, 9, 10], ("humps", R): [7]}


FALTERS = Step("hops", L, 1, 1, None, reference=12)
FIRST_TIME = Step("hops", L, 1, 1, None)


@pytest.mark.parametrize(
    ("step", "cap", "low", "offered", "fewer", "more"),
    [
        (FALTERS, None, 9, (9, 10, 11, 12, 13, 14, 15, 16), 1, 17),
        (FIRST_TIME, None, 9, (9, 10, 11, 12, 13, 14, 15, 16), 1, 17),  # about a dozen
        (Step("hops", L, 1, 1, None, reference=2), None, 1, tuple(range(1, 9)), None, 9),
        (FALTERS, 10, 3, (3, 4, 5, 6, 7, 8, 9, 10), 1, None),  # up to what the weaker did
        (FALTERS, 4, 1, (1, 2, 3, 4), None, None),
        (Step("hops", L, 1, 1, None, reference=199), None, 193, tuple(range(193, 201)), 185, None),
    ],
)
def test_counts_are_offered_around_last_time_and_never_above_the_cap(
    step: Step,
    cap: int | None,
    low: int,
    offered: tuple[int, ...],
    fewer: int | None,
    more: int | None,
) -> None:
    assert first_count(step, cap) == low
    assert counts_offered(cap, low) == offered
    assert fewer_from(low) == fewer
    assert more_from(cap, low) == more


def test_a_count_is_allowed_within_bounds_and_the_cap() -> None:
    assert count_allowed(FALTERS, None, 25)
    assert count_allowed(FALTERS, 10, 10)
    assert not count_allowed(FALTERS, 10, 11)
    assert not count_allowed(FALTERS, None, 201)
    assert not count_allowed(Step("humps", L, 1, 2, 8), None, 8)  # a set with a target


@pytest.mark.parametrize(
    ("press", "data"),
    [
        (Press(123, 0, frozenset(), Action.SHOW), "123:0:0:g"),
        (Press(123, 5, frozenset({0, 1}), Action.DONE), "123:5:3:d"),
        (
            Press(2147483647, 63, frozenset({62}), Action.COUNT, 200),
            "2147483647:63:4" + "0" * 15 + ":n200",
        ),
        (Press(7, 2, frozenset({1}), Action.MORE, 17), "7:2:2:w17"),
        (Press(7, 2, frozenset(), Action.SKIP), "7:2:0:s"),
        (Press(7, 2, frozenset(), Action.STOP), "7:2:0:x"),
    ],
)
def test_a_press_packs_and_unpacks(press: Press, data: str) -> None:
    assert pack(press) == data
    assert unpack(data) == press


def test_the_first_button_shows_the_first_step() -> None:
    assert start_data(42) == "42:0:0:g"


@pytest.mark.parametrize(
    "forged",
    [
        "",
        "123",
        "123:0:0",
        "123:0:0:q",
        "123:64:0:d",  # beyond the steps a mask can hold
        "123:0:0:n201",  # over MAX_REPS
        "123:0:0:n",  # a count button without its count
        "123:0:0:d5",  # a count on a button without one
        "123:0:00:d",  # not as packed
        "123:0:10000000000000000:d",  # a mask over 64 bits
        "123:0:0:n07",
        "12345678901:0:0:g",
        "123:0:0:g ",
        "１２３:0:0:g",
    ],
)
def test_anything_else_unpacks_to_none(forged: str) -> None:
    assert unpack(forged) is None
