"""Progress over time: each leg's reps per session, the limb symmetry index and its trend,
and the week a weekly summary looks back on.

A point is one session of one per-leg exercise (reports of the same session merged, as
adaptation merges them), measured in reps per set so an extra set for the weaker leg
does not blur the comparison. Two sessions on one day are two points: the second says it
is the day's second, so a chart can tell them apart. Thin data says so instead of drawing
a line through it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from statistics import fmean

from library.adaptation import (
    LSI_PHYSIO,
    LSI_WATCH,
    SymmetryLevel,
    limb_symmetry_index,
    weaker_leg,
)
from library.training import PER_LEG, ExerciseResult, Leg, merge_by_session

MIN_CHART_SESSIONS = 2  # a line needs two points
TREND_STEP = 3.0  # LSI points: smaller moves are day-to-day noise (hop LSI 100 +/- 9%)
BASELINE_SESSIONS = 3  # sessions before the week that make its baseline
ACTIVE_WEEKS = 4  # no summary for a runner quiet this long


class Trend(StrEnum):
    """Where the gap between the legs is heading."""

    CLOSING = "closing"
    STEADY = "steady"
    WIDENING = "widening"
    NEW = "new"  # nothing earlier to compare with


@dataclass(frozen=True, slots=True)
class LegPoint:
    """One session of a per-leg exercise: each leg's reps per set, their LSI (%) and the
    weaker leg (None when level). ``of_day`` counts the day's sessions: 1 for its first,
    2 for a second session that day, and so on."""

    day: date
    left: float
    right: float
    lsi: float
    weaker: Leg | None
    of_day: int = 1
    session_id: int | None = None


def leg_series(history: Iterable[ExerciseResult], exercise_id: str) -> list[LegPoint]:
    """The sessions of ``exercise_id`` with reps for both legs, oldest first."""
    points: list[LegPoint] = []
    per_day: Counter[date] = Counter()
    for session in merge_by_session(r for r in history if r.exercise_id == exercise_id):
        if not all(session.reps(leg) for leg in PER_LEG):
            continue
        lsi = limb_symmetry_index(session)
        if lsi is None:  # zero reps on both legs: nothing to compare
            continue
        per_day[session.day] += 1
        points.append(
            LegPoint(
                session.day,
                round(session.mean(Leg.LEFT), 2),
                round(session.mean(Leg.RIGHT), 2),
                lsi,
                weaker_leg(session),
                of_day=per_day[session.day],
                session_id=session.session_id,
            )
        )
    return points


def trend_between(before: float | None, now: float) -> Trend:
    """How an LSI moved from ``before`` to ``now``."""
    if before is None:
        return Trend.NEW
    if now - before >= TREND_STEP:
        return Trend.CLOSING
    if before - now >= TREND_STEP:
        return Trend.WIDENING
    return Trend.STEADY


@dataclass(frozen=True, slots=True)
class ProgressSummary:
    """What a chart shows, in numbers: its sessions, the first and latest LSI, the trend."""

    sessions: int
    first_lsi: float
    latest_lsi: float
    weaker: Leg | None
    trend: Trend

    @property
    def flag(self) -> SymmetryLevel | None:
        """PHYSIO below 80%, WATCH below 90%, None when the legs are close."""
        if self.latest_lsi < LSI_PHYSIO:
            return SymmetryLevel.PHYSIO
        if self.latest_lsi < LSI_WATCH:
            return SymmetryLevel.WATCH
        return None


def summarize(points: Sequence[LegPoint]) -> ProgressSummary | None:
    """The chart's summary; None below :data:`MIN_CHART_SESSIONS` sessions."""
    if len(points) < MIN_CHART_SESSIONS:
        return None
    first, latest = points[0], points[-1]
    return ProgressSummary(
        sessions=len(points),
        first_lsi=first.lsi,
        latest_lsi=latest.lsi,
        weaker=latest.weaker,
        trend=trend_between(first.lsi, latest.lsi),
    )


@dataclass(frozen=True, slots=True)
class ExerciseWeek:
    """One per-leg exercise in a week: the week's mean LSI against the sessions before."""

    exercise_id: str
    sessions: int
    lsi: float
    baseline: float | None
    weaker: Leg | None
    trend: Trend


@dataclass(frozen=True, slots=True)
class WeeklySummary:
    """The seven local days ending on ``last_day``: sessions logged and symmetry trends."""

    first_day: date
    last_day: date
    sessions: int
    previous_sessions: int
    exercises: tuple[ExerciseWeek, ...]


def _session_keys(history: Iterable[ExerciseResult], first: date, last: date) -> set[object]:
    """Distinct sessions (a sent session, or a day of reports without one) in [first, last]."""
    return {
        r.session_id if r.session_id is not None else r.day
        for r in history
        if first <= r.day <= last
    }


def weekly_summary(history: Sequence[ExerciseResult], last_day: date) -> WeeklySummary:
    """The week ending on ``last_day`` (inclusive), exercises in the order first logged."""
    first_day = last_day - timedelta(days=6)
    exercises: list[ExerciseWeek] = []
    for exercise_id in dict.fromkeys(r.exercise_id for r in history):
        points = [p for p in leg_series(history, exercise_id) if p.day <= last_day]
        week = [p for p in points if p.day >= first_day]
        if not week:
            continue
        earlier = [p.lsi for p in points if p.day < first_day][-BASELINE_SESSIONS:]
        baseline = round(fmean(earlier), 1) if earlier else None
        lsi = round(fmean(p.lsi for p in week), 1)
        exercises.append(
            ExerciseWeek(
                exercise_id=exercise_id,
                sessions=len(week),
                lsi=lsi,
                baseline=baseline,
                weaker=week[-1].weaker,
                trend=trend_between(baseline, lsi),
            )
        )
    return WeeklySummary(
        first_day=first_day,
        last_day=last_day,
        sessions=len(_session_keys(history, first_day, last_day)),
        previous_sessions=len(
            _session_keys(history, first_day - timedelta(days=7), first_day - timedelta(days=1))
        ),
        exercises=tuple(exercises),
    )


def active_recently(history: Iterable[ExerciseResult], last_day: date) -> bool:
    """Whether the runner logged anything in the :data:`ACTIVE_WEEKS` weeks up to ``last_day``:
    a summary of nothing, week after week, would only be noise."""
    since = last_day - timedelta(weeks=ACTIVE_WEEKS)
    return any(since < r.day <= last_day for r in history)
