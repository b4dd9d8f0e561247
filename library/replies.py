"""One decision per reply: what a stored report changes, and what the card says changed.

A report's reply used to be put together from separate pieces (the step, a line about the
legs, a note), each reading the log its own way, and they could disagree: a target said
in one line and another number in the next, a leg called weaker after both legs did the
same. Here one :class:`ReplyPlan` is decided from the prescriptions before and after the
report and from the session it completes; every line of the reply is worded from it, so
the numbers and legs it names are the prescription's own. The rules (docs/coaching.md,
"One voice per reply"):

- the step (:data:`library.adaptation.STEPS`) is the only statement about the next
  target; a report that mentions pain, or a session held by pain, says PAIN_HOLD and
  nothing about progress, and ends the session (no "next up");
- the leg order is said only for per-leg exercises, and a leg is only said to have done
  fewer reps when it did today; on an even day the order is said to stay;
- at most one note, by priority: pain, the physio suggestion, the gentle symmetry note,
  the first session back after a break, the baseline of a first per-leg session.

:func:`since_last_time` is the card's side: what the previous card asked against what
this one asks, exercise by exercise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from library.adaptation import (
    Change,
    ChangeKind,
    Prescription,
    SymmetryLevel,
    SymmetryNote,
    prescribe,
    weaker_leg,
    what_changes,
)
from library.exercises import Exercise
from library.training import ExerciseResult, Leg, merge_by_session

SINCE_SHOWN = 3  # changes the card names one by one; the rest are counted


class NoteKind(StrEnum):
    """The one note a reply may carry, in order of priority."""

    PAIN = "pain"  # rest; a professional if it has not settled in a few days
    PHYSIO = "physio"  # two sessions that agree below 80%, or a sharp drop
    WATCH = "watch"  # two sessions that agree below 90%: an extra set for the weaker leg
    BREAK = "break"  # the first session back after ``days_off`` days
    BASELINE = "baseline"  # the first session of both legs: compared from the next one


NOTE_PRIORITY = tuple(NoteKind)


@dataclass(frozen=True, slots=True)
class Note:
    kind: NoteKind
    symmetry: SymmetryNote | None = None
    days_off: int | None = None


class OrderReason(StrEnum):
    """Why ``LegOrder.first`` goes first next time."""

    FEWER_TODAY = "fewer_today"  # it did fewer reps per set today
    EVEN_TODAY = "even_today"  # both legs did the same today: the order stays


@dataclass(frozen=True, slots=True)
class LegOrder:
    """The legs next time: ``first`` goes first, the other matches it, up to ``cap``
    (None: until form falters, no more than the first leg does)."""

    first: Leg
    reason: OrderReason
    cap: int | None


@dataclass(frozen=True, slots=True)
class ReplyPlan:
    """Everything the reply to one stored report says, decided once."""

    exercise: Exercise
    step: Change
    order: LegOrder | None = None
    note: Note | None = None
    stop: bool = False  # the report mentioned pain: the session ends here


def latest_session(exercise_id: str, history: Sequence[ExerciseResult]) -> ExerciseResult | None:
    """The newest session of ``exercise_id`` in the log, its reports merged."""
    sessions = merge_by_session(r for r in history if r.exercise_id == exercise_id)
    return sessions[-1] if sessions else None


def decide_reply(
    before: Prescription, after: Prescription, session: ExerciseResult, *, pain: bool
) -> ReplyPlan:
    """The reply to a report: ``before`` and ``after`` are the prescriptions without and
    with it, ``session`` the session it completes (merged), ``pain`` whether it
    mentioned pain."""
    changes = what_changes(before, after)
    step = changes[0]
    if pain or after.pain_hold:
        step = Change(ChangeKind.PAIN_HOLD)
        note = Note(NoteKind.PAIN) if pain else None
        return ReplyPlan(after.exercise, step, note=note, stop=pain)
    notes = [_note(change) for change in changes[1:]]
    if before.break_factor < 1.0:  # the card asked less after a break (break_factor)
        notes.append(Note(NoteKind.BREAK, days_off=before.days_off))
    chosen = min(
        (n for n in notes if n is not None),
        key=lambda n: NOTE_PRIORITY.index(n.kind),
        default=None,
    )
    return ReplyPlan(after.exercise, step, order=_order(after, session), note=chosen)


def _note(change: Change) -> Note | None:
    if change.kind is ChangeKind.BASELINE:
        return Note(NoteKind.BASELINE)
    if change.kind is ChangeKind.SYMMETRY and change.symmetry is not None:
        physio = change.symmetry.level is SymmetryLevel.PHYSIO
        return Note(NoteKind.PHYSIO if physio else NoteKind.WATCH, symmetry=change.symmetry)
    return None


def _order(after: Prescription, session: ExerciseResult) -> LegOrder | None:
    """Which leg goes first next time and why, for a per-leg exercise with an order."""
    if not after.exercise.per_leg or after.weaker is None:
        return None
    first = after.order[0]
    today = weaker_leg(session)
    if today is not None and today is not first:
        return None  # not expected (the order follows the latest uneven session): say nothing
    reason = OrderReason.EVEN_TODAY if today is None else OrderReason.FEWER_TODAY
    return LegOrder(first, reason, after.targets.get(first.other))


# --- What the card says changed since the last session ------------------------------


class SinceKind(StrEnum):
    """The card's one line about the last session."""

    FIRST = "first"  # nothing of this kind logged yet: this session sets the baseline
    SAME = "same"  # every exercise asks what it asked last time
    CHANGED = "changed"  # see ``changes``
    AFTER_BREAK = "after_break"  # nothing else changed, but today is easier after a break


@dataclass(frozen=True, slots=True)
class SinceLast:
    kind: SinceKind
    changes: tuple[tuple[Exercise, Change], ...] = ()
    more: int = 0  # changes beyond the :data:`SINCE_SHOWN` named ones


def _key(result: ExerciseResult) -> object:
    return result.session_id if result.session_id is not None else result.day


def since_last_time(
    items: Sequence[Prescription], history: Sequence[ExerciseResult], today: date
) -> SinceLast:
    """What ``items`` (today's card) ask differently from the card before the runner's
    latest session of these exercises; that card's prescriptions are recomputed from the
    log without that session. Target changes of an exercise after a break are left out:
    the card's welcome-back line already says today is easier."""
    ids = {item.exercise.id for item in items}
    mine = [r for r in history if r.exercise_id in ids and r.day <= today]
    if not mine:
        return SinceLast(SinceKind.FIRST)
    last_day = max(r.day for r in mine)
    latest = [r for r in mine if r.day == last_day][-1]
    earlier = [r for r in history if r.exercise_id not in ids or _key(r) != _key(latest)]
    changes = [
        (item.exercise, change)
        for item in items
        for change in card_changes(prescribe(item.exercise, earlier, last_day), item)
    ]
    if not changes:
        eased = any(item.break_factor < 1.0 for item in items)
        return SinceLast(SinceKind.AFTER_BREAK if eased else SinceKind.SAME)
    shown = tuple(changes[:SINCE_SHOWN])
    return SinceLast(SinceKind.CHANGED, shown, len(changes) - len(shown))


def card_changes(before: Prescription, after: Prescription) -> list[Change]:
    """How one exercise's card line differs from the one before: its step (a new target,
    a step back or the harder version), which leg goes first, an extra set given or
    dropped."""
    changes: list[Change] = []
    step = what_changes(before, after)[0]
    moved = step.kind in (ChangeKind.TARGET_UP, ChangeKind.STEP_BACK)
    if step.kind is ChangeKind.HARDER_VERSION or (moved and after.break_factor == 1.0):
        changes.append(step)
    newly_weaker = before.weaker is None or before.order != after.order  # known, or flipped
    if after.exercise.per_leg and after.weaker is not None and newly_weaker:
        changes.append(Change(ChangeKind.WEAKER_FIRST, leg=after.order[0]))
    if after.extra_set_leg is not None and after.extra_set_leg is not before.extra_set_leg:
        changes.append(Change(ChangeKind.EXTRA_SET, leg=after.extra_set_leg))
    elif before.extra_set_leg is not None and after.extra_set_leg is None:
        changes.append(Change(ChangeKind.CAUGHT_UP, leg=before.extra_set_leg))
    return changes
