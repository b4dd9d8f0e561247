"""The pre-run pain check: the runner's answer to "any pain in your hamstrings?" on the
warm-up card, and what it does to the day's session and to progression.

The rules (their sources: docs/coaching.md, "The pre-run pain check"):
- none: the session goes as planned;
- mild: the session goes ahead, gently: the ballistic exercises (hops and humps, marked
  ``ballistic`` in the catalogue) are done in their easier version, no harder version is
  offered, and the session's reports do not move any target (as a pain report);
- sharp: no explosive work today (the session is replaced by a note), and progression
  is paused from then on until a pain-free session: a later one whose check is none, or
  one with reports and no pain in them while its check was left unanswered.

The latest answer of a session is the one that counts: a runner may change it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from library.exercises import Exercise

if TYPE_CHECKING:  # library.training imports PainCheck from here
    from library.training import ExerciseResult, Leg


class PainCheck(StrEnum):
    """The runner's answer to the pre-run pain check (``training_sessions.pain_check``)."""

    NONE = "none"
    MILD = "mild"
    SHARP = "sharp"


class DayPlan(StrEnum):
    """What the day's session becomes after the pain check."""

    AS_PLANNED = "as_planned"  # no answer yet, or no pain
    EASIER = "easier"  # mild: the ballistic exercises in their easier version, gently
    NO_EXPLOSIVE_WORK = "no_explosive_work"  # sharp: the session is replaced by a note


@dataclass(frozen=True, slots=True)
class SessionCheck:
    """The pain check of one session, as answered last: for mild or sharp, which leg."""

    session_id: int
    day: date
    check: PainCheck
    leg: Leg | None = None
    created_at: datetime | None = None  # when the session was sent


class _Reported(Protocol):
    """What the rules read of a reported result (library.training.ExerciseResult)."""

    @property
    def pain(self) -> bool: ...

    @property
    def pain_check(self) -> PainCheck | None: ...


HOLDING = frozenset({PainCheck.MILD, PainCheck.SHARP})


def day_plan(check: PainCheck | None) -> DayPlan:
    """The day's session for the answer given (None: not answered yet)."""
    if check is PainCheck.SHARP:
        return DayPlan.NO_EXPLOSIVE_WORK
    if check is PainCheck.MILD:
        return DayPlan.EASIER
    return DayPlan.AS_PLANNED


def eased(exercise: Exercise, check: PainCheck | None) -> bool:
    """Whether ``exercise`` is done in its easier version today."""
    return exercise.ballistic and day_plan(check) is DayPlan.EASIER


def holds_progression(result: _Reported) -> bool:
    """Whether a result leaves every target where it was: it mentioned pain, or its
    session's pre-run check was mild or sharp."""
    return result.pain or result.pain_check in HOLDING


@dataclass(slots=True)
class _Session:
    order: tuple[date, int, int]
    check: PainCheck | None
    reported: bool = False
    pain: bool = False

    @property
    def pain_free(self) -> bool:
        if self.pain or self.check in HOLDING:
            return False
        return self.check is PainCheck.NONE or self.reported


def _sessions(checks: Iterable[SessionCheck], history: Iterable[ExerciseResult]) -> list[_Session]:
    """Every session that was answered or reported, oldest first. Reports made outside
    a session count as one session per day, taken before that day's sessions (so they
    never end a pause that a sharp check of the same day started)."""
    found: dict[tuple[int, object], _Session] = {}
    for check in checks:
        found[(1, check.session_id)] = _Session((check.day, 1, check.session_id), check.check)
    for result in history:
        if result.session_id is not None:
            key: tuple[int, object] = (1, result.session_id)
            order = (result.day, 1, result.session_id)
        else:
            key, order = (0, result.day), (result.day, 0, 0)
        session = found.setdefault(key, _Session(order, result.pain_check))
        session.reported = True
        session.pain = session.pain or result.pain
    return sorted(found.values(), key=lambda session: session.order)


def progression_paused(
    checks: Iterable[SessionCheck], history: Iterable[ExerciseResult] = ()
) -> bool:
    """Whether progression is paused: a sharp check, and no pain-free session since.

    ``checks`` are the answered checks of the sessions to consider, ``history`` their
    reports; a session's check in ``checks`` wins over the one its reports carry."""
    paused = False
    for session in _sessions(checks, history):
        if session.check is PainCheck.SHARP:
            paused = True
        elif session.pain_free:
            paused = False
    return paused


def checks_before(checks: Iterable[SessionCheck], session_id: int) -> list[SessionCheck]:
    """The checks of the sessions sent before ``session_id`` (ids grow with time)."""
    return [check for check in checks if check.session_id < session_id]


def check_of(checks: Iterable[SessionCheck], session_id: int) -> SessionCheck | None:
    """The check of session ``session_id``, if it was answered."""
    return next((check for check in checks if check.session_id == session_id), None)
