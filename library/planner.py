"""The session planner: the next warm-up or strength session from the catalogue and the log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from library.adaptation import Prescription, prescribe
from library.exercises import ExerciseCatalog, ExerciseKind
from library.training import ExerciseResult


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """What to do today, exercise by exercise, in order."""

    kind: ExerciseKind
    day: date
    items: tuple[Prescription, ...]

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        return tuple(item.exercise.id for item in self.items)

    def item(self, exercise_id: str) -> Prescription | None:
        return next((i for i in self.items if i.exercise.id == exercise_id), None)


def plan_session(
    catalog: ExerciseCatalog,
    history: Iterable[ExerciseResult],
    today: date,
    kind: ExerciseKind = ExerciseKind.WARMUP,
) -> SessionPlan:
    """Every exercise of ``kind`` in catalogue order, each with its adapted prescription."""
    results = list(history)
    items = tuple(prescribe(exercise, results, today) for exercise in catalog.of_kind(kind))
    return SessionPlan(kind=kind, day=today, items=items)
