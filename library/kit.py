"""The kit a runner may have for the exercises, as codes: what the catalogue's exercises
need and what a runner without it uses instead (the seed posts' substitutes)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final


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


def kit_mask(kit: Iterable[Kit]) -> int:
    """The kit as a bit mask (bit i: the i-th :class:`Kit`), for compact button data."""
    owned = set(kit)
    return sum(1 << i for i, k in enumerate(Kit) if k in owned)


def kit_from_mask(mask: int) -> frozenset[Kit] | None:
    """The kit of :func:`kit_mask`; None for a mask no kit list makes (negative, or bits
    beyond the last kit)."""
    if not 0 <= mask < 1 << len(Kit):
        return None
    return frozenset(k for i, k in enumerate(Kit) if mask & 1 << i)


class Version(StrEnum):
    """Which version of an exercise a runner does with the kit they have."""

    AS_WRITTEN = "as_written"  # they have everything it needs (or were never asked)
    SUBSTITUTE = "substitute"  # with other kit they have (``KitChoice.kit``)
    NO_KIT = "no_kit"  # the version without any of it


@dataclass(frozen=True, slots=True)
class KitChoice:
    """The version to do, the kit it uses instead (a substitute only) and what of the
    exercise's kit the runner lacks."""

    version: Version
    kit: Kit | None = None
    missing: frozenset[Kit] = frozenset()


AS_WRITTEN: Final = KitChoice(Version.AS_WRITTEN)


def choose_version(
    needs: Iterable[Kit], substitutes: Sequence[Kit], owned: frozenset[Kit] | None
) -> KitChoice:
    """The version of an exercise needing ``needs`` for a runner owning ``owned``.

    Never asked (``owned`` None): as written, the full kit assumed, as before the setting
    existed. Missing some of it: the first of ``substitutes`` (in the catalogue's order of
    preference) the runner owns, else the no-kit version."""
    if owned is None:
        return AS_WRITTEN
    missing = frozenset(needs) - owned
    if not missing:
        return AS_WRITTEN
    usable = next((kit for kit in substitutes if kit in owned), None)
    if usable is not None:
        return KitChoice(Version.SUBSTITUTE, usable, missing)
    return KitChoice(Version.NO_KIT, None, missing)
