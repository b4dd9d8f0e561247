"""Adaptation: the next targets of an exercise, recomputed from the whole stored log every time.

The rules (their numbers and sources: docs/coaching.md):
- weaker leg first; the stronger leg's target capped at what the weaker leg managed
  (seed post); an extra set for the weaker leg while asymmetry persists (BMJ Open SEM);
- double progression inside the exercise's rep range: +1 rep when both legs reach the
  target in every set; at the top of the range, two such sessions in a row (ACSM
  "2-for-2") earn the harder version and reps go back to the bottom; a missing leg is
  a miss; three misses in a row deload to about 90% (openGym);
- "until form falters" sets are a capped test: both legs capped at the weaker leg's
  recent best, the cap rising by one when the weaker leg reaches it;
- after 7-14 days off about 10% lower, after more than 14 days about 20% lower;
- limb symmetry index LSI = weaker / stronger x 100 per session, in reps per set; a
  gentle note when it stays below 90% two sessions running, a physio suggestion below 80%;
- pain stops progression: the session does not count and rest or a professional is advised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from library.exercises import Exercise
from library.training import PER_LEG, ExerciseResult, Leg, merge_by_session

LSI_WATCH = 90.0
LSI_PHYSIO = 80.0
SESSIONS_TO_LEVEL_UP = 2
MISSES_TO_DELOAD = 3
DELOAD_FACTOR = 0.9
RECENT_SESSIONS = 3


class SymmetryLevel(StrEnum):
    """How much the gap between the legs deserves the runner's attention."""

    WATCH = "watch"
    PHYSIO = "physio"


@dataclass(frozen=True, slots=True)
class SymmetryNote:
    level: SymmetryLevel
    lsi: float
    weaker: Leg


@dataclass(frozen=True, slots=True)
class Prescription:
    """What the next session asks of one exercise, and why."""

    exercise: Exercise
    sets: int
    order: tuple[Leg, ...]
    targets: Mapping[Leg, int | None]
    weaker: Leg | None = None
    extra_set_leg: Leg | None = None
    lsi: float | None = None
    symmetry: SymmetryNote | None = None
    pain_hold: bool = False
    harder_version: bool = False
    level: int = 0
    break_factor: float = 1.0
    days_off: int | None = None
    progression_target: int | None = None

    def sets_for(self, leg: Leg) -> int:
        return self.sets + (1 if leg is self.extra_set_leg else 0)


def limb_symmetry_index(result: ExerciseResult) -> float | None:
    """Weaker leg's reps per set over the stronger's, in percent; None if not per leg.

    Per set, not in total: while asymmetry persists the weaker leg does an extra set,
    and its total would then pass the stronger leg's.
    """
    left, right = result.mean(Leg.LEFT), result.mean(Leg.RIGHT)
    if max(left, right) == 0:
        return None
    return round(min(left, right) / max(left, right) * 100, 1)


def weaker_leg(result: ExerciseResult) -> Leg | None:
    left, right = result.mean(Leg.LEFT), result.mean(Leg.RIGHT)
    if left == right:
        return None
    return Leg.LEFT if left < right else Leg.RIGHT


def break_factor(days_off: int | None) -> float:
    """Up to a week off: repeat; 7-14 days: about 10% less; longer: about 20% less."""
    if days_off is None or days_off < 7:
        return 1.0
    return 0.9 if days_off <= 14 else 0.8


def _scaled(value: int | None, factor: float) -> int | None:
    if value is None or factor == 1.0:
        return value
    return max(1, round(value * factor))


@dataclass(slots=True)
class _Progress:
    target: int | None
    top_streak: int = 0
    misses: int = 0
    level: int = 0


def _fold_fixed(exercise: Exercise, sessions: list[ExerciseResult]) -> _Progress:
    rep_range = exercise.dose.rep_range
    assert rep_range is not None
    low, high = rep_range
    state = _Progress(target=low)
    for session in sessions:
        if session.pain:
            continue  # pain is not a training signal: nothing moves
        target = state.target or low
        weakest = min(session.worst_set(leg) for leg in session.legs(exercise.per_leg))
        if weakest >= target:
            state.misses = 0
            if target >= high:
                state.top_streak += 1
                if state.top_streak >= SESSIONS_TO_LEVEL_UP:
                    state.level += 1
                    state.top_streak = 0
                    state.target = low
            else:
                state.top_streak = 0
                state.target = target + 1
        else:
            state.top_streak = 0
            state.misses += 1
            if state.misses >= MISSES_TO_DELOAD:
                state.target = max(1, round(target * DELOAD_FACTOR))
                state.misses = 0
    return state


def _weak_best(session: ExerciseResult, exercise: Exercise) -> int:
    return min(session.best_set(leg) for leg in session.legs(exercise.per_leg))


def _fold_until_falters(exercise: Exercise, sessions: list[ExerciseResult]) -> _Progress:
    state = _Progress(target=None)
    recent: list[int] = []
    for session in sessions:
        if session.pain:
            continue
        weak_best = _weak_best(session, exercise)
        reached_cap = state.target is not None and weak_best >= state.target
        recent = [*recent, weak_best][-RECENT_SESSIONS:]
        # At the cap the weaker leg has shown it can do more, so the cap grows by one;
        # otherwise it is the weaker leg's best of the last few sessions.
        state.target = weak_best + 1 if reached_cap else (max(recent) or None)
    return state


def prescribe(exercise: Exercise, history: Iterable[ExerciseResult], today: date) -> Prescription:
    """The next session's sets, leg order and per-leg targets for ``exercise``."""
    sessions = [
        s
        for s in merge_by_session(r for r in history if r.exercise_id == exercise.id)
        if s.day <= today
    ]
    if exercise.dose.until_form_falters:
        progress = _fold_until_falters(exercise, sessions)
    else:
        progress = _fold_fixed(exercise, sessions)
    last = sessions[-1] if sessions else None
    days_off = (today - last.day).days if last is not None else None
    factor = break_factor(days_off)
    target = _scaled(progress.target, factor)
    pain_hold = bool(last and last.pain)
    harder = progress.level > 0 and not pain_hold

    base = Prescription(
        exercise=exercise,
        sets=exercise.dose.sets,
        order=(Leg.BOTH,),
        targets={Leg.BOTH: target},
        pain_hold=pain_hold,
        harder_version=harder,
        level=progress.level,
        break_factor=factor,
        days_off=days_off,
        progression_target=progress.target,
    )
    if not exercise.per_leg:
        return base

    per_leg_sessions = [s for s in sessions if all(s.reps(leg) for leg in PER_LEG)]
    latest = per_leg_sessions[-1] if per_leg_sessions else None
    weaker = weaker_leg(latest) if latest is not None else None
    lsis = [limb_symmetry_index(s) for s in per_leg_sessions[-2:]]
    lsi = lsis[-1] if lsis else None
    previous_weaker = weaker_leg(per_leg_sessions[-2]) if len(per_leg_sessions) >= 2 else None
    persisting = (
        len(lsis) == 2
        and all(value is not None and value < LSI_WATCH for value in lsis)
        and weaker is not None
        and previous_weaker == weaker
    )
    symmetry = None
    if weaker is not None and lsi is not None and lsi < LSI_PHYSIO:
        symmetry = SymmetryNote(SymmetryLevel.PHYSIO, lsi, weaker)
    elif persisting and weaker is not None and lsi is not None:
        symmetry = SymmetryNote(SymmetryLevel.WATCH, lsi, weaker)

    targets: dict[Leg, int | None] = {Leg.LEFT: target, Leg.RIGHT: target}
    if weaker is not None and latest is not None:
        # The seed's rule: the good leg does no more than the weak leg managed.
        managed = (
            latest.best_set(weaker)
            if exercise.dose.until_form_falters
            else latest.worst_set(weaker)
        )
        managed = _scaled(managed, factor) or managed
        strong = weaker.other
        if target is None or managed < target:
            targets[strong] = managed
    order = (weaker, weaker.other) if weaker is not None else PER_LEG
    return replace(
        base,
        order=order,
        targets=targets,
        weaker=weaker,
        extra_set_leg=weaker if persisting else None,
        lsi=lsi,
        symmetry=symmetry,
    )


class ChangeKind(StrEnum):
    """Why the next session differs (or not) from the one before."""

    PAIN_HOLD = "pain_hold"  # pain was reported: targets held, rest advised
    HARDER_VERSION = "harder_version"  # the top of the range twice: the harder version next
    TARGET_UP = "target_up"  # every set at target: one rep more
    STEP_BACK = "step_back"  # repeated misses: about 10% less
    BENCHMARK_SET = "benchmark_set"  # the first "until form falters" result sets the cap
    SYMMETRY = "symmetry"  # the gap between the legs needs attention (see ``symmetry``)
    WEAKER_FIRST = "weaker_first"  # ``leg`` was weaker: it goes first, the other is capped
    SAME_TARGET = "same_target"  # nothing changes


@dataclass(frozen=True, slots=True)
class Change:
    """One thing to tell the runner about the next session of an exercise.

    ``reps`` is the new target (None: until form falters); ``leg`` the weaker leg and
    ``capped`` the stronger leg's target for WEAKER_FIRST; ``symmetry`` the note for
    SYMMETRY."""

    kind: ChangeKind
    reps: int | None = None
    leg: Leg | None = None
    capped: int | None = None
    symmetry: SymmetryNote | None = None


def what_changes(before: Prescription, after: Prescription) -> list[Change]:
    """At most two changes: what the next session changes for this exercise, and why."""
    if after.pain_hold:
        return [Change(ChangeKind.PAIN_HOLD)]
    changes: list[Change] = []
    old, new = before.progression_target, after.progression_target
    if after.level > before.level:
        changes.append(Change(ChangeKind.HARDER_VERSION))
    elif new is not None and old is not None and new > old:
        changes.append(Change(ChangeKind.TARGET_UP, reps=new))
    elif new is not None and old is not None and new < old:
        changes.append(Change(ChangeKind.STEP_BACK, reps=new))
    elif new is not None and old is None:
        changes.append(Change(ChangeKind.BENCHMARK_SET, reps=new))
    if after.symmetry is not None:
        changes.append(Change(ChangeKind.SYMMETRY, symmetry=after.symmetry))
    elif after.exercise.per_leg and after.weaker is not None:
        strong = after.weaker.other
        changes.append(
            Change(ChangeKind.WEAKER_FIRST, leg=after.weaker, capped=after.targets.get(strong))
        )
    if not changes:
        first = after.order[0]
        changes.append(Change(ChangeKind.SAME_TARGET, reps=after.targets.get(first)))
    return changes[:2]
