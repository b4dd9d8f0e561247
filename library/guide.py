"""The guided session: a card's exercises as steps done one at a time, which step comes
next, the counts to offer for a set without a target, and what a guide button carries.

A step is one set of one leg (of both feet together for a two-footed exercise). Per
exercise the legs take turns set by set in the card's order, the weaker leg first, so
its extra set (while asymmetry persists) comes last. The guide keeps no state of its
own: the sets stored for the session say which steps are done (each leg's stored sets
fill its steps in order, skipped ones left out), and the button pressed carries the
steps skipped so far. So a restart loses nothing, and a press is taken only when it is
about the step that comes next: a double tap or an old step's button stores nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from library.adaptation import Prescription
from library.planner import REPS_UNTIL_FORM_FALTERS
from library.reports import MAX_REPS
from library.training import Leg

MAX_STEPS = 64  # the skipped steps travel as a 64-bit mask (16 hex digits)
COUNTS_SHOWN = 8  # counts offered at a time for a set without a target
COUNTS_BELOW = 3  # of which below last time's count


@dataclass(frozen=True, slots=True)
class Step:
    """One set of one leg: its exercise, its number among the leg's sets, and the
    target (None: until form falters, with last time's count as ``reference``).
    ``matches`` is the step whose count caps this one: the weaker leg's same set, for
    the stronger leg of a set without a target (it does no more than the weaker did);
    ``weaker`` whether this leg is the weaker one (it goes first)."""

    exercise_id: str
    leg: Leg
    set_number: int
    sets: int
    target: int | None
    reference: int | None = None
    matches: int | None = None
    weaker: bool = False


def steps_of(items: Iterable[Prescription]) -> tuple[Step, ...]:
    """Every step of a card's exercises, in the order they are done."""
    steps: list[Step] = []
    for item in items:
        weaker_step: dict[int, int] = {}
        for number in range(1, max(item.sets_for(leg) for leg in item.order) + 1):
            for leg in item.order:
                if number > item.sets_for(leg):
                    continue
                target = item.targets.get(leg)
                matches = None
                if target is None and item.weaker is not None and leg is not item.weaker:
                    matches = weaker_step.get(number)
                if leg is item.weaker:
                    weaker_step[number] = len(steps)
                reference = item.reference if target is None else None
                step = Step(item.exercise.id, leg, number, item.sets_for(leg), target)
                steps.append(
                    replace(step, reference=reference, matches=matches, weaker=leg is item.weaker)
                )
    return tuple(steps)


Recorded = Mapping[tuple[str, Leg], Sequence[int]]


def recorded_sets(results: Iterable[tuple[str, Mapping[Leg, Sequence[int]]]]) -> Recorded:
    """The reps stored per (exercise id, leg), in the order stored, from the session's
    reports as (exercise id, sets per leg), oldest first."""
    found: dict[tuple[str, Leg], list[int]] = {}
    for exercise_id, sets in results:
        for leg, reps in sets.items():
            found.setdefault((exercise_id, leg), []).extend(reps)
    return found


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a guide stands: the reps recorded for each step done (by index), and the
    next step (None: every step is done or skipped)."""

    done: Mapping[int, int]
    current: int | None

    def cap(self, steps: Sequence[Step], index: int) -> int | None:
        """The most the step may count: what the weaker leg did in the same set, when
        the step is held to it and that set was done; else None (no cap)."""
        matches = steps[index].matches
        return None if matches is None else self.done.get(matches)


def progress(steps: Sequence[Step], recorded: Recorded, skipped: Iterable[int]) -> Progress:
    """Which steps are done: each leg's stored sets fill that leg's steps in order,
    skipped steps left out (sets beyond the steps, typed in extra, count for nothing);
    the next step is the first neither done nor skipped."""
    skip = frozenset(skipped)
    used: dict[tuple[str, Leg], int] = {}
    done: dict[int, int] = {}
    for index, step in enumerate(steps):
        if index in skip:
            continue
        key = (step.exercise_id, step.leg)
        reps = recorded.get(key, ())
        position = used.get(key, 0)
        if position < len(reps):
            done[index] = reps[position]
            used[key] = position + 1
    current = next((i for i in range(len(steps)) if i not in done and i not in skip), None)
    return Progress(done, current)


def usual_count(step: Step) -> int:
    """The count a set without a target is offered around: last time's, else a typical one."""
    return step.reference if step.reference is not None else REPS_UNTIL_FORM_FALTERS


def first_count(step: Step, cap: int | None) -> int:
    """The lowest count offered at first: a few below the usual count, or for a leg held
    to the weaker leg's count, the window that ends at that count."""
    if cap is not None:
        return max(1, cap - COUNTS_SHOWN + 1)
    return max(1, min(MAX_REPS - COUNTS_SHOWN + 1, usual_count(step) - COUNTS_BELOW))


def highest(cap: int | None) -> int:
    return MAX_REPS if cap is None else min(cap, MAX_REPS)


def counts_offered(cap: int | None, low: int) -> tuple[int, ...]:
    """The counts offered from ``low`` up: :data:`COUNTS_SHOWN` of them, none above the
    cap (or MAX_REPS), none below 1; empty when the cap is below 1."""
    low = max(1, low)
    return tuple(range(low, min(highest(cap), low + COUNTS_SHOWN - 1) + 1))


def fewer_from(low: int) -> int | None:
    """Where the window of lower counts starts; None when ``low`` is the lowest."""
    return None if low <= 1 else max(1, low - COUNTS_SHOWN)


def more_from(cap: int | None, low: int) -> int | None:
    """Where the window of higher counts starts; None when none is allowed."""
    following = low + COUNTS_SHOWN
    return following if following <= highest(cap) else None


def count_allowed(step: Step, cap: int | None, count: int) -> bool:
    """Whether ``count`` may be stored for a step without a target: 0 to MAX_REPS, and
    no more than the weaker leg did when the step is held to it."""
    return step.target is None and 0 <= count <= highest(cap)


class Action(StrEnum):
    """What a guide button does."""

    SHOW = "g"  # show the next step (start, resume)
    DONE = "d"  # the step done at its target
    COUNT = "n"  # the step done with the count the button carries
    SKIP = "s"  # the step skipped
    STOP = "x"  # stop here: the summary so far, the session left open
    MORE = "w"  # other counts to choose from, from the one the button carries


_VALUED = frozenset({Action.COUNT, Action.MORE})


@dataclass(frozen=True, slots=True)
class Press:
    """A guide button: the session, the step it is about (the next one when the
    message was made), the steps skipped before it, and its action (with a count for
    COUNT and MORE)."""

    session_id: int
    step: int
    skipped: frozenset[int]
    action: Action
    value: int | None = None


_PRESS = re.compile(
    r"(?P<session>\d{1,10}):(?P<step>\d{1,2}):(?P<mask>0|[1-9a-f][0-9a-f]{0,15}):"
    r"(?P<action>[gdsx]|[nw](?P<value>0|[1-9]\d{0,2}))",
    re.ASCII,
)


def pack(press: Press) -> str:
    """What a button carries (without its prefix): "<session>:<step>:<mask>:<action>",
    the skipped steps as a hex bit mask: "123:5:3:d" is step 5 done, 0 and 1 skipped."""
    mask = sum(1 << step for step in press.skipped)
    value = "" if press.value is None else str(press.value)
    return f"{press.session_id}:{press.step}:{mask:x}:{press.action.value}{value}"


def start_data(session_id: int) -> str:
    """The guide's first button: show the first step, nothing skipped."""
    return pack(Press(session_id, 0, frozenset(), Action.SHOW))


def unpack(text: str) -> Press | None:
    """The press :func:`pack` made; None for anything else: malformed, a step beyond
    :data:`MAX_STEPS`, a count over MAX_REPS (whether the steps exist is the caller's
    to check against the session's plan)."""
    match = _PRESS.fullmatch(text)
    if match is None:
        return None
    step, mask = int(match.group("step")), int(match.group("mask"), 16)
    action = Action(match.group("action")[0])
    value = match.group("value")
    count = int(value) if value is not None else None
    if step >= MAX_STEPS or (count is not None and count > MAX_REPS):
        return None
    if (action in _VALUED) != (count is not None):
        return None
    skipped = frozenset(i for i in range(MAX_STEPS) if mask >> i & 1)
    return Press(int(match.group("session")), step, skipped, action, count)
