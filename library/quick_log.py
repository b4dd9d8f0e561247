"""One tap for "as planned": the reps a quick log starts from, the nudges of ➖/➕, and
the sets a tap stores.

A quick log holds one count per leg (reps per set; one count for a two-footed exercise).
It starts at the card's targets. A set "until form falters" has no target: it starts at
what the weaker leg managed last time (the card's reference), else at a typical count,
and is never called "as planned", since that set has no plan to match. A tap stores the
card's number of sets for each leg (the weaker leg's extra set included), each at its
count, exactly as if the runner had typed them.
"""

from __future__ import annotations

from collections.abc import Mapping

from library.adaptation import Prescription
from library.planner import REPS_UNTIL_FORM_FALTERS
from library.reports import MAX_REPS
from library.training import Leg

Counts = dict[Leg, int]


def legs_of(item: Prescription) -> tuple[Leg, ...]:
    """The legs a quick log counts, in the card's order (the weaker leg first)."""
    return item.order


def planned(item: Prescription) -> Counts | None:
    """The card's targets per leg; None when a set has no target (until form falters)."""
    counts = {leg: item.targets.get(leg) for leg in legs_of(item)}
    if any(count is None for count in counts.values()):
        return None
    return {leg: count for leg, count in counts.items() if count is not None}


def start(item: Prescription) -> Counts:
    """Where the quick log starts: the targets, or for a set without one last time's
    count (else a typical count)."""
    fallback = item.reference if item.reference is not None else REPS_UNTIL_FORM_FALTERS
    counts = {leg: item.targets.get(leg) for leg in legs_of(item)}
    return {leg: _bounded(fallback if c is None else c) for leg, c in counts.items()}


def as_planned(item: Prescription, counts: Mapping[Leg, int]) -> bool:
    """Whether ``counts`` are the card's targets (never for a set without a target)."""
    return planned(item) == dict(counts)


def nudged(counts: Mapping[Leg, int], leg: Leg, step: int) -> Counts:
    """``counts`` with ``leg``'s count moved by ``step``, kept within 0 and MAX_REPS."""
    changed = dict(counts)
    changed[leg] = _bounded(changed.get(leg, 0) + step)
    return changed


def fits(item: Prescription, counts: Mapping[Leg, int]) -> bool:
    """Whether ``counts`` are a quick log of ``item``: its legs, each within bounds."""
    return set(counts) == set(legs_of(item)) and all(
        0 <= count <= MAX_REPS for count in counts.values()
    )


def sets_to_store(item: Prescription, counts: Mapping[Leg, int]) -> dict[Leg, tuple[int, ...]]:
    """The sets a tap stores: the card's number of sets for each leg, each at its count."""
    return {leg: (counts[leg],) * item.sets_for(leg) for leg in legs_of(item)}


def _bounded(count: int) -> int:
    return max(0, min(MAX_REPS, count))
