"""Numbers far from the target: ask "did you mean …?" before storing them.

A report of 150 reps against a target of 9 is far more likely a slip of the thumb than
a record, and once stored it would carry the runner's progression with it. The rule
(docs/coaching.md, "Numbers far from the target"):

- each leg's count is compared with what the card asked of that leg: its target, or
  the top of the exercise's rep range when that is higher; for "until form falters"
  sets, the weaker leg's count last time, or with no count yet the other leg's best
  in the same report (150 on one leg against 11 on the other is as odd as against a
  target); with neither, nothing is doubted;
- a number is **far** when it is more than :data:`FAR_FACTOR` times that and more than
  :data:`FAR_MARGIN` reps above it (both, so that small targets do not make ordinary
  counts look odd);
- the likely typo of a far number is the number with one digit taken out: first one of
  a doubled digit ("99" → 9, "100" → 10), else the last digit ("150" → 15), else any
  other; the first that is at least 1, has no leading zero and is not far itself.
  No candidate: the runner can only confirm or cancel.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from library.adaptation import Prescription
from library.training import Leg

FAR_FACTOR = 3
FAR_MARGIN = 15


class Basis(StrEnum):
    """What a far number was measured against."""

    TARGET = "target"  # the card's target for that leg
    LAST_TIME = "last_time"  # until form falters: the weaker leg's count last time
    OTHER_LEG = "other_leg"  # until form falters, no count yet: the other leg's best today


@dataclass(frozen=True, slots=True)
class Doubt:
    """The first far number of a report and what it was compared with, the likely typo
    for it, and the whole report with every far number replaced by its likely typo
    (None when one of them has no candidate)."""

    number: int
    leg: Leg
    target: int  # what the card asked of that leg (or the count it was measured against)
    suggestion: int | None
    corrected: Mapping[Leg, tuple[int, ...]] | None
    basis: Basis = Basis.TARGET


def expected(
    item: Prescription, leg: Leg, sets: Mapping[Leg, tuple[int, ...]] | None = None
) -> tuple[int, int, Basis] | None:
    """What the card asked of ``leg`` (its target, or last time's count until form
    falters, or then the other leg's best in ``sets``), the number a count is measured
    against (that, or the top of the rep range when higher) and which it was; None when
    there is nothing to measure against."""
    target = item.targets.get(leg)
    if target is not None:
        rep_range = item.exercise.dose.rep_range
        top = rep_range[1] if rep_range is not None else target
        return target, max(target, top), Basis.TARGET
    if item.reference is not None and item.reference >= 1:
        return item.reference, item.reference, Basis.LAST_TIME
    other = max((sets or {}).get(leg.other, ()), default=0) if leg is not Leg.BOTH else 0
    if other >= 1:
        return other, other, Basis.OTHER_LEG
    return None


def is_far(number: int, measure: int) -> bool:
    """More than FAR_FACTOR times ``measure`` and more than FAR_MARGIN reps above it."""
    return number > FAR_FACTOR * measure and number > measure + FAR_MARGIN


def likely_typo(number: int, measure: int) -> int | None:
    """``number`` with one digit taken out, as the module docstring orders them; None
    when no such number is sensible."""
    digits = str(number)
    doubled = [i for i in range(1, len(digits)) if digits[i] == digits[i - 1]]
    last = len(digits) - 1
    order = [*doubled, last, *(i for i in range(last - 1, -1, -1))]
    for index in order:
        rest = digits[:index] + digits[index + 1 :]
        if not rest or rest.startswith("0"):
            continue
        candidate = int(rest)
        if candidate >= 1 and not is_far(candidate, measure):
            return candidate
    return None


def doubt_about(sets: Mapping[Leg, tuple[int, ...]], item: Prescription) -> Doubt | None:
    """The doubt about a report for ``item``'s exercise, or None when no number is far."""
    first: tuple[int, Leg, int, int | None, Basis] | None = None
    corrected: dict[Leg, tuple[int, ...]] | None = {}
    for leg, reps in sets.items():
        asked = expected(item, leg, sets)
        if asked is None:
            if corrected is not None:
                corrected[leg] = tuple(reps)
            continue
        target, measure, basis = asked
        fixed: list[int] = []
        for number in reps:
            if not is_far(number, measure):
                fixed.append(number)
                continue
            typo = likely_typo(number, measure)
            if first is None:
                first = (number, leg, target, typo, basis)
            if typo is None:
                corrected = None
            fixed.append(typo or number)
        if corrected is not None:
            corrected[leg] = tuple(fixed)
    if first is None:
        return None
    number, leg, target, suggestion, basis = first
    return Doubt(number, leg, target, suggestion, corrected, basis)
