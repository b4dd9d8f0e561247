"""The kit a runner may have for the exercises, as codes: what the catalogue's exercises
need and what a runner without it uses instead (the seed posts' substitutes)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Kit(StrEnum):
    """One piece of kit, by its stable id (stored in ``users.kit``, carried by buttons)."""

    VIPR = "vipr"  # a weighted rubber tube to hold and swing
    DUMBBELLS = "dumbbells"
    BARBELL = "barbell"
    SWISS_BALL = "swiss_ball"
    MEDICINE_BALL = "medicine_ball"


def encode_kit(kit: Iterable[Kit]) -> str:
    """The stored form: kit ids in a fixed order, comma-separated ("" for none)."""
    owned = set(kit)
    return ",".join(k.value for k in Kit if k in owned)


def decode_kit(stored: str | None) -> frozenset[Kit] | None:
    """The kit from its stored form; None when never asked. Unknown ids are ignored (a
    kit retired from the list must not break a runner's profile)."""
    if stored is None:
        return None
    values = {k.value: k for k in Kit}
    return frozenset(values[part] for part in stored.split(",") if part in values)
