"""Training records: legs, and what a runner did for one exercise on one day."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from library.pain_check import PainCheck


class Leg(StrEnum):
    """Which leg a set was done on; BOTH for exercises done on both feet at once."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"

    @property
    def other(self) -> Leg:
        if self is Leg.LEFT:
            return Leg.RIGHT
        if self is Leg.RIGHT:
            return Leg.LEFT
        return Leg.BOTH


PER_LEG = (Leg.LEFT, Leg.RIGHT)


class SessionStatus(StrEnum):
    """Where a sent session stands."""

    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class TrainingSession:
    """A session the bot sent: its exercises in order and what the runner is being asked."""

    id: int
    kind: str
    day: date
    status: SessionStatus
    exercise_ids: tuple[str, ...]
    prompted_exercise_id: str | None = None
    created_at: datetime | None = None
    pain_check: PainCheck | None = None  # the pre-run pain check, None until answered
    pain_leg: Leg | None = None  # for a mild or sharp check: which leg


@dataclass(frozen=True, slots=True)
class StoredReport:
    """One report as stored: which exercise, the sets per leg, and whether it mentioned pain."""

    id: int
    exercise_id: str
    day: date
    sets: Mapping[Leg, tuple[int, ...]]
    pain: bool
    session_id: int | None
    created_at: datetime | None = None
    pain_check: PainCheck | None = None  # its session's pre-run pain check


@dataclass(frozen=True, slots=True)
class ExerciseResult:
    """Every set of one exercise in one session: reps per leg, set by set."""

    day: date
    exercise_id: str
    sets: Mapping[Leg, tuple[int, ...]] = field(default_factory=dict)
    pain: bool = False
    session_id: int | None = None
    pain_check: PainCheck | None = None  # its session's pre-run pain check

    def reps(self, leg: Leg) -> tuple[int, ...]:
        return self.sets.get(leg, ())

    def mean(self, leg: Leg) -> float:
        """Reps per set of ``leg``: the measure that compares legs with different set counts
        (the weaker leg's extra set must not make it look stronger); 0 when not reported."""
        reps = self.reps(leg)
        return sum(reps) / len(reps) if reps else 0.0

    def worst_set(self, leg: Leg) -> int:
        """The lowest set of ``leg``; 0 when the leg was not reported (a missing leg is a miss)."""
        reps = self.reps(leg)
        return min(reps) if reps else 0

    def best_set(self, leg: Leg) -> int:
        reps = self.reps(leg)
        return max(reps) if reps else 0

    def legs(self, per_leg: bool) -> tuple[Leg, ...]:
        return PER_LEG if per_leg else (Leg.BOTH,)


def merge_runs(reports: Iterable[StoredReport]) -> list[StoredReport]:
    """Reports in order, each run of one exercise's reports in a row as one: the sets of
    a guided session (one report per set and leg) read as the exercise's sets, in order.
    The merged report keeps the first one's id and time, and pain if any spoke of it."""
    merged: list[StoredReport] = []
    for report in reports:
        previous = merged[-1] if merged else None
        if previous is None or (previous.exercise_id, previous.session_id) != (
            report.exercise_id,
            report.session_id,
        ):
            merged.append(report)
            continue
        sets = dict(previous.sets)
        for leg, reps in report.sets.items():
            sets[leg] = sets.get(leg, ()) + reps
        merged[-1] = replace(previous, sets=sets, pain=previous.pain or report.pain)
    return merged


def merge_by_session(results: Iterable[ExerciseResult]) -> list[ExerciseResult]:
    """One result per (session or day, exercise), sets in report order, oldest first.

    A runner may report an exercise in several messages (one per set, say); for
    adaptation those count as one session's work.
    """
    merged: dict[tuple[object, str], ExerciseResult] = {}
    for result in sorted(results, key=lambda r: r.day):
        key = (
            result.session_id if result.session_id is not None else result.day,
            result.exercise_id,
        )
        previous = merged.get(key)
        if previous is None:
            merged[key] = result
            continue
        sets = dict(previous.sets)
        for leg, reps in result.sets.items():
            sets[leg] = sets.get(leg, ()) + reps
        merged[key] = ExerciseResult(
            previous.day,
            previous.exercise_id,
            sets,
            previous.pain or result.pain,
            previous.session_id,
            previous.pain_check or result.pain_check,
        )
    return sorted(merged.values(), key=lambda r: r.day)
