"""Adaptation: the next targets of an exercise, recomputed from the whole stored log every time.

The rules (their numbers and sources: docs/coaching.md):
- weaker leg first (on evidence: an even session changes nothing); the stronger leg
  matches what the weaker leg does in the same session, up to the same target (seed
  post); an extra set for the weaker leg while asymmetry persists (BMJ Open SEM);
- double progression inside the exercise's rep range: +1 rep when both legs reach the
  target in every set; at the top of the range, two such sessions in a row (ACSM
  "2-for-2") earn the harder version and reps go back to the bottom; a missing leg is
  a miss; three misses in a row deload to about 90% (openGym);
- "until form falters" sets have no target: the weaker leg goes until its form falters
  (last time's count for reference), the stronger leg no more than the weaker did;
- after 7-14 days off about 10% lower, after more than 14 days about 20% lower, not
  counting the week a strength exercise may rest by design;
- limb symmetry index LSI = weaker / stronger x 100 per session, in reps per set; the
  first session is a baseline; a gentle note when two sessions that agree are below 90%,
  a physio suggestion when two that agree are below 80% or after a sharp drop;
- pain stops progression: the session does not count and rest or a professional is advised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from library.exercises import Exercise, ExerciseKind
from library.pain_check import holds_progression
from library.training import PER_LEG, ExerciseResult, Leg, merge_by_session

LSI_WATCH = 90.0
LSI_PHYSIO = 80.0
SESSIONS_TO_LEVEL_UP = 2
MISSES_TO_DELOAD = 3
DELOAD_FACTOR = 0.9
SHARP_DROP = 20.0  # LSI points below the runner's first session that count as a sharp drop


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
    # "Until form falters": what the weaker leg managed last time, shown for reference
    # and never as a cap.
    reference: int | None = None
    per_leg_sessions: int = 0  # sessions with both legs reported, this one included

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


# The days an exercise's own schedule leaves between two of its sessions, which are no
# break (docs/coaching.md, Breaks): a warm-up comes before every run, so every day
# without one counts; strength work may come once a week by design (the Nordic curl's
# weekly dose), so the first week after a strength session does not.
USUAL_GAP_DAYS: Mapping[ExerciseKind, int] = {ExerciseKind.WARMUP: 0, ExerciseKind.STRENGTH: 7}
BREAK_DAYS = 7  # days off beyond the usual gap from which about 10% less is asked
LONG_BREAK_DAYS = 14  # beyond the usual gap, more than this asks about 20% less


def break_factor(days_off: int | None, usual_gap: int = 0) -> float:
    """The share of the target asked after ``days_off`` days since the exercise's last
    session, ``usual_gap`` of which its schedule leaves anyway: counting only the days
    beyond that, under 7 repeat; 7-14 about 10% less; longer about 20% less."""
    if days_off is None or days_off - usual_gap < BREAK_DAYS:
        return 1.0
    return 0.9 if days_off - usual_gap <= LONG_BREAK_DAYS else 0.8


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
        if holds_progression(session):
            continue  # pain (reported, or a mild or sharp pre-run check) is no training signal
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


def _weaker_over(sessions: list[ExerciseResult]) -> Leg | None:
    """The weaker leg on the evidence: the one with fewer reps per set in the latest
    session where the legs differed. A session with both legs equal (the stronger one
    matched the weaker, as the card asks) changes nothing, so following the card never
    flips the order; the weaker leg doing more than the other does."""
    weaker = None
    for session in sessions:
        weaker = weaker_leg(session) or weaker
    return weaker


def prescribe(exercise: Exercise, history: Iterable[ExerciseResult], today: date) -> Prescription:
    """The next session's sets, leg order and per-leg targets for ``exercise``."""
    sessions = [
        s
        for s in merge_by_session(r for r in history if r.exercise_id == exercise.id)
        if s.day <= today
    ]
    if exercise.dose.until_form_falters:
        # The seed's rule for these sets: the weaker leg goes until its form falters, with
        # no number to stop at; progress is what it managed, read from the log.
        progress = _Progress(target=None)
    else:
        progress = _fold_fixed(exercise, sessions)
    last = sessions[-1] if sessions else None
    days_off = (today - last.day).days if last is not None else None
    factor = break_factor(days_off, USUAL_GAP_DAYS[exercise.kind])
    target = _scaled(progress.target, factor)
    pain_hold = bool(last and holds_progression(last))
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
    weaker = _weaker_over(per_leg_sessions)
    lsi = limb_symmetry_index(latest) if latest is not None else None
    symmetry = symmetry_on_evidence(per_leg_sessions)
    persisting = symmetry is not None  # two sessions below 90% that agree (or worse)
    # The seed's rule: the weaker leg first, and the good leg matches what the weaker one
    # does in that session, up to the same target (never a lower number than the weaker
    # leg's). Until form falters, the weaker leg has no number at all.
    targets: dict[Leg, int | None] = {Leg.LEFT: target, Leg.RIGHT: target}
    reference = None
    if exercise.dose.until_form_falters and latest is not None:
        reference = latest.best_set(weaker) if weaker is not None else _weak_best(latest, exercise)
    order = (weaker, weaker.other) if weaker is not None else PER_LEG
    return replace(
        base,
        order=order,
        targets=targets,
        weaker=weaker,
        extra_set_leg=symmetry.weaker if persisting and symmetry is not None else None,
        lsi=lsi,
        symmetry=symmetry,
        reference=reference,
        per_leg_sessions=len(per_leg_sessions),
    )


def symmetry_on_evidence(sessions: list[ExerciseResult]) -> SymmetryNote | None:
    """A note about the gap between the legs, only on evidence: one session is a baseline,
    not a finding. The gentle note needs the last two sessions below 90% with the same
    leg weaker; the physio suggestion the last two below 80% that agree, or a sharp drop
    (:data:`SHARP_DROP` points or more) below the runner's own first session."""
    if len(sessions) < 2:
        return None
    last, before = sessions[-1], sessions[-2]
    lsi, previous = limb_symmetry_index(last), limb_symmetry_index(before)
    weaker = weaker_leg(last)
    if lsi is None or previous is None or weaker is None:
        return None
    agree = weaker_leg(before) == weaker
    baseline = limb_symmetry_index(sessions[0])
    sharp_drop = baseline is not None and lsi < LSI_PHYSIO and baseline - lsi >= SHARP_DROP
    if (agree and max(lsi, previous) < LSI_PHYSIO) or sharp_drop:
        return SymmetryNote(SymmetryLevel.PHYSIO, lsi, weaker)
    if agree and max(lsi, previous) < LSI_WATCH:
        return SymmetryNote(SymmetryLevel.WATCH, lsi, weaker)
    return None


class ChangeKind(StrEnum):
    """What the next session changes for an exercise (a step), or about its legs."""

    # Steps: exactly one leads every :func:`what_changes`.
    PAIN_HOLD = "pain_hold"  # pain (reported, or a pre-run check): targets held
    HARDER_VERSION = "harder_version"  # the top of the range twice: the harder version next
    TARGET_UP = "target_up"  # every set at target: one rep more
    STEP_BACK = "step_back"  # repeated misses: about 10% less
    SAME_TARGET = "same_target"  # the target stays
    FORM_FALTERS = "form_falters"  # no target: ``reps`` is the weaker leg's latest count
    # About the legs: at most one follows the step.
    SYMMETRY = "symmetry"  # the gap between the legs needs attention (see ``symmetry``)
    BASELINE = "baseline"  # the first session of both legs: compared from the next one on
    WEAKER_FIRST = "weaker_first"  # ``leg`` goes first, the other matches it (up to ``capped``)
    # Only between two cards (library/replies.py ``since_last_time``).
    EXTRA_SET = "extra_set"  # ``leg`` gets an extra set now
    CAUGHT_UP = "caught_up"  # ``leg`` no longer gets its extra set


STEPS = frozenset(
    {
        ChangeKind.PAIN_HOLD,
        ChangeKind.HARDER_VERSION,
        ChangeKind.TARGET_UP,
        ChangeKind.STEP_BACK,
        ChangeKind.SAME_TARGET,
        ChangeKind.FORM_FALTERS,
    }
)


@dataclass(frozen=True, slots=True)
class Change:
    """One thing to tell the runner about the next session of an exercise.

    ``reps`` is the next target as the prescription has it (for FORM_FALTERS the count
    the weaker leg reached, a reference and no cap; None when there is none) and
    ``previous`` the count before; ``leg`` the leg concerned and ``capped`` the most the
    stronger leg does when it matches it (None: no more than the weaker leg, whatever
    that is) for WEAKER_FIRST; ``symmetry`` the note for SYMMETRY."""

    kind: ChangeKind
    reps: int | None = None
    leg: Leg | None = None
    capped: int | None = None
    symmetry: SymmetryNote | None = None
    previous: int | None = None


def _step(before: Prescription, after: Prescription) -> Change:
    """The one step of the next session: every number in it is the prescription's own."""
    if after.pain_hold:
        return Change(ChangeKind.PAIN_HOLD)
    first = after.order[0]
    reps = after.targets.get(first)
    if after.exercise.dose.until_form_falters:
        return Change(
            ChangeKind.FORM_FALTERS,
            reps=after.reference,
            leg=after.weaker,
            previous=before.reference,
        )
    old, new = before.progression_target, after.progression_target
    if after.level > before.level:
        return Change(ChangeKind.HARDER_VERSION, reps=reps)
    if new is not None and old is not None and new > old:
        return Change(ChangeKind.TARGET_UP, reps=reps, previous=old)
    if new is not None and old is not None and new < old:
        return Change(ChangeKind.STEP_BACK, reps=reps, previous=old)
    return Change(ChangeKind.SAME_TARGET, reps=reps)


def what_changes(before: Prescription, after: Prescription) -> list[Change]:
    """What the next session changes for this exercise, and why: first the step
    (:data:`STEPS`), then at most one change about the legs (none after pain)."""
    step = _step(before, after)
    if step.kind is ChangeKind.PAIN_HOLD or not after.exercise.per_leg:
        return [step]
    if after.symmetry is not None:
        return [step, Change(ChangeKind.SYMMETRY, symmetry=after.symmetry)]
    if after.per_leg_sessions == 1:
        return [step, Change(ChangeKind.BASELINE, leg=after.weaker)]
    if after.weaker is not None:
        strong = after.targets.get(after.weaker.other)
        return [step, Change(ChangeKind.WEAKER_FIRST, leg=after.weaker, capped=strong)]
    return [step]
