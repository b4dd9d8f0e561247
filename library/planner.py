"""The session planner: the next warm-up or strength session from the catalogue and the log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from library.adaptation import Prescription, prescribe
from library.exercises import ExerciseCatalog, ExerciseKind
from library.kit import Kit
from library.pain_check import (
    DayPlan,
    PainCheck,
    SessionCheck,
    day_plan,
    eased,
    progression_paused,
)
from library.replies import SinceLast, since_last_time
from library.training import PER_LEG, ExerciseResult, Leg

# How long a session takes, roughly: seconds per rep (springy warm-up drills are quick,
# strength reps are slow by design), rest between sets, and moving on to the next
# exercise. "Until form falters" sets are counted at a typical dozen reps.
SECONDS_PER_REP = {ExerciseKind.WARMUP: 1.5, ExerciseKind.STRENGTH: 4.0}
REST_SECONDS = {ExerciseKind.WARMUP: 20, ExerciseKind.STRENGTH: 45}
CHANGEOVER_SECONDS = 20
REPS_UNTIL_FORM_FALTERS = 12


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """What to do today, exercise by exercise, in order."""

    kind: ExerciseKind
    day: date
    items: tuple[Prescription, ...]
    since: SinceLast | None = None  # what changed since the last card (library/replies.py)
    # The pre-run pain check (library/pain_check.py): today's answer and its leg, and
    # whether an earlier sharp check still pauses progression (targets held).
    pain_check: PainCheck | None = None
    pain_leg: Leg | None = None
    paused: bool = False
    # The runner's kit (library/kit.py), for the version of each exercise; None: not
    # asked yet, the full kit assumed.
    kit: frozenset[Kit] | None = None

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        return tuple(item.exercise.id for item in self.items)

    @property
    def day_plan(self) -> DayPlan:
        return day_plan(self.pain_check)

    @property
    def eased_ids(self) -> tuple[str, ...]:
        """The exercises done in their easier version today (a mild pain check)."""
        return tuple(i.exercise.id for i in self.items if eased(i.exercise, self.pain_check))

    def item(self, exercise_id: str) -> Prescription | None:
        return next((i for i in self.items if i.exercise.id == exercise_id), None)

    def minutes(self) -> int:
        """About how many minutes the session takes, at least one."""
        seconds = sum(_item_seconds(item) for item in self.items)
        return max(1, round(seconds / 60))


def _item_seconds(item: Prescription) -> float:
    kind = item.exercise.kind
    legs: tuple[Leg, ...] = PER_LEG if item.exercise.per_leg else (Leg.BOTH,)
    total = 0.0
    for leg in legs:
        target = item.targets.get(leg)
        reps = target if target is not None else REPS_UNTIL_FORM_FALTERS
        sets = item.sets_for(leg)
        total += sets * reps * SECONDS_PER_REP[kind] + max(0, sets - 1) * REST_SECONDS[kind]
    return total + CHANGEOVER_SECONDS


def plan_session(
    catalog: ExerciseCatalog,
    history: Iterable[ExerciseResult],
    today: date,
    kind: ExerciseKind = ExerciseKind.WARMUP,
    *,
    checks: Iterable[SessionCheck] = (),
    check: SessionCheck | None = None,
    kit: frozenset[Kit] | None = None,
) -> SessionPlan:
    """Every exercise of ``kind`` in catalogue order, each with its adapted prescription.

    ``checks`` are the pre-run pain checks of earlier sessions, ``check`` the answer for
    this one. While a sharp check pauses progression, or on a day of mild or sharp pain,
    no harder version is offered (the targets themselves stay put, as the sessions of
    those days do not count: library/adaptation.py)."""
    results = list(history)
    items = tuple(prescribe(exercise, results, today) for exercise in catalog.of_kind(kind))
    answered = [*checks, check] if check is not None else list(checks)
    paused = progression_paused(answered, results)
    answer = check.check if check is not None else None
    if paused or day_plan(answer) is not DayPlan.AS_PLANNED:
        items = tuple(replace(item, harder_version=False) for item in items)
    return SessionPlan(
        kind=kind,
        day=today,
        items=items,
        pain_check=answer,
        pain_leg=check.leg if check is not None else None,
        paused=paused,
        kit=kit,
        since=since_last_time(items, results, today),
    )
