"""Breaks relative to an exercise's own schedule (issue 16): a strength exercise done once
a week by design (the Nordic curl) is not on a break every week, while a real gap still
eases back; warm-up exercises, done before every run, keep the 7- and 14-day steps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from library.adaptation import USUAL_GAP_DAYS, break_factor, prescribe
from library.exercises import ExerciseCatalog, ExerciseKind
from library.training import ExerciseResult, Leg

B = Leg.BOTH
MONDAY = date(2026, 11, 2)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def weekly(exercise_id: str, reps: list[int], sets: int = 2) -> list[ExerciseResult]:
    """One session a week, on Mondays: ``reps`` in every set of week i."""
    return [
        ExerciseResult(day(7 * week), exercise_id, {B: (count,) * sets})
        for week, count in enumerate(reps)
    ]


@pytest.mark.parametrize(
    ("days_off", "usual_gap", "factor"),
    [
        (None, 0, 1.0),
        (6, 0, 1.0),
        (7, 0, 0.9),
        (14, 0, 0.9),
        (15, 0, 0.8),
        (7, 7, 1.0),
        (13, 7, 1.0),
        (14, 7, 0.9),
        (21, 7, 0.9),
        (22, 7, 0.8),
        (None, 7, 1.0),
    ],
)
def test_break_factor_counts_the_days_beyond_the_usual_gap(
    days_off: int | None, usual_gap: int, factor: float
) -> None:
    """Only the days beyond those the schedule leaves anyway count: 7-14 of them about
    10% less, more about 20% less."""
    assert break_factor(days_off, usual_gap) == factor


def test_the_usual_gap_is_a_week_for_strength_and_none_for_warm_ups() -> None:
    """A warm-up comes before every run; strength work may be once a week by design."""
    assert USUAL_GAP_DAYS == {ExerciseKind.WARMUP: 0, ExerciseKind.STRENGTH: 7}


def test_weekly_nordics_progress_without_a_break_cut(catalog: ExerciseCatalog) -> None:
    """Nordics once a week, every set at target (5, 6, 7): each next Monday asks for
    one rep more, in full, with no break factor."""
    nordic = catalog.get("nordic_hamstring_curl")
    history = weekly(nordic.id, [5, 6, 7])
    targets = []
    for week in range(1, 4):
        p = prescribe(nordic, history[:week], day(7 * week))
        assert p.days_off == 7
        assert p.break_factor == 1.0
        targets.append(p.targets[B])
    assert targets == [6, 7, 8]


def test_weekly_nordics_reach_the_harder_version(catalog: ExerciseCatalog) -> None:
    """Done once a week for six weeks (5, 6, 7, 8, 8): two sessions at the top earn the
    harder version, and the target starts again at 5, uncut."""
    nordic = catalog.get("nordic_hamstring_curl")
    p = prescribe(nordic, weekly(nordic.id, [5, 6, 7, 8, 8]), day(35))
    assert p.harder_version
    assert p.targets[B] == 5
    assert p.break_factor == 1.0


@pytest.mark.parametrize(
    ("gap_days", "factor", "target"), [(14, 0.9, 7), (21, 0.9, 7), (28, 0.8, 6)]
)
def test_a_real_gap_in_weekly_nordics_still_eases_back(
    catalog: ExerciseCatalog, gap_days: int, factor: float, target: int
) -> None:
    """Three weekly sessions (5, 6, 7: next target 8), then a missed week or more: two
    or three weeks since the last ask about 10% less, four weeks about 20% less."""
    nordic = catalog.get("nordic_hamstring_curl")
    history = weekly(nordic.id, [5, 6, 7])
    p = prescribe(nordic, history, day(14 + gap_days))
    assert p.days_off == gap_days
    assert p.break_factor == factor
    assert p.progression_target == 8
    assert p.targets[B] == target


def test_other_strength_exercises_done_weekly_are_not_cut(catalog: ExerciseCatalog) -> None:
    """The rule follows the kind: the Swiss-ball curl done every Monday keeps its target."""
    curl = catalog.get("swiss_ball_hamstring_curl")
    history = weekly(curl.id, [15, 16], sets=3)
    p = prescribe(curl, history, day(14))
    assert p.break_factor == 1.0
    assert p.targets[B] == 17


@pytest.mark.parametrize(("days_off", "target"), [(6, 20), (7, 18), (14, 18), (15, 16)])
def test_warm_ups_keep_the_seven_and_fourteen_day_steps(
    catalog: ExerciseCatalog, days_off: int, target: int
) -> None:
    """Hamstring hops once a week are a week off warm-ups: about 10% less, as before."""
    hops = catalog.get("hamstring_hops")
    history = [ExerciseResult(day(0), hops.id, {B: (20, 20)})]
    assert prescribe(hops, history, day(days_off)).targets[B] == target
