"""The one-tap quick log: where it starts, what ➖/➕ do, what a tap stores."""

from __future__ import annotations

from datetime import date, timedelta

from library.adaptation import prescribe
from library.exercises import ExerciseCatalog
from library.quick_log import as_planned, fits, nudged, planned, sets_to_store, start
from library.training import ExerciseResult, Leg

L, R, B = Leg.LEFT, Leg.RIGHT, Leg.BOTH
MONDAY = date(2026, 11, 2)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def test_a_first_session_starts_at_the_targets_and_is_as_planned(
    catalog: ExerciseCatalog,
) -> None:
    humps = prescribe(catalog.get("hamstring_humps"), [], day(0))
    assert planned(humps) == {L: 8, R: 8}
    assert start(humps) == {L: 8, R: 8}
    assert as_planned(humps, {L: 8, R: 8})
    assert sets_to_store(humps, {L: 8, R: 8}) == {L: (8, 8), R: (8, 8)}


def test_the_weaker_leg_comes_first_and_keeps_its_extra_set(catalog: ExerciseCatalog) -> None:
    """Two sessions with the right leg well behind: right first, one set more for it."""
    humps = catalog.get("hamstring_humps")
    history = [
        ExerciseResult(day(0), humps.id, {L: (10, 10), R: (7, 7)}),
        ExerciseResult(day(2), humps.id, {L: (10, 10), R: (7, 7)}),
    ]
    item = prescribe(humps, history, day(4))
    assert item.extra_set_leg is R
    assert list(start(item)) == [R, L]
    stored = sets_to_store(item, start(item))
    assert len(stored[R]) == len(stored[L]) + 1


def test_a_two_footed_exercise_counts_once(catalog: ExerciseCatalog) -> None:
    hops = prescribe(catalog.get("hamstring_hops"), [], day(0))
    assert start(hops) == {B: 20}
    assert sets_to_store(hops, {B: 18}) == {B: (18, 18)}
    assert not as_planned(hops, {B: 18})


def test_until_form_falters_starts_at_last_time_and_is_never_as_planned(
    catalog: ExerciseCatalog,
) -> None:
    hops = catalog.get("single_leg_hops_forward_back")
    first = prescribe(hops, [], day(0))
    assert planned(first) is None
    assert start(first) == {L: 12, R: 12}  # no count yet: a typical one
    later = prescribe(hops, [ExerciseResult(day(0), hops.id, {L: (7,), R: (13,)})], day(2))
    assert start(later) == {L: 7, R: 7}  # the weaker leg's count, the stronger held to it
    assert not as_planned(later, start(later))
    assert sets_to_store(later, {L: 9, R: 8}) == {L: (9,), R: (8,)}


def test_nudges_stay_within_what_a_report_may_hold(catalog: ExerciseCatalog) -> None:
    counts = {L: 1, R: 199}
    assert nudged(counts, L, -1) == {L: 0, R: 199}
    assert nudged(nudged(counts, L, -1), L, -1) == {L: 0, R: 199}
    assert nudged(counts, R, +1) == {L: 1, R: 200}
    assert nudged(nudged(counts, R, +1), R, +1) == {L: 1, R: 200}
    assert counts == {L: 1, R: 199}  # the counts given are left as they were


def test_fits_checks_the_legs_and_the_bounds(catalog: ExerciseCatalog) -> None:
    humps = prescribe(catalog.get("hamstring_humps"), [], day(0))
    assert fits(humps, {L: 0, R: 200})
    assert not fits(humps, {L: 8})
    assert not fits(humps, {B: 8})
    assert not fits(humps, {L: 8, R: 201})
    assert not fits(humps, {L: -1, R: 8})
