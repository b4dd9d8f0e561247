"""Button data: reports and exercise choices round trip by exercise id, and malformed,
forged or old positional data is refused."""

from __future__ import annotations

from dataclasses import replace

import pytest

from handlers.explanations import show_data
from handlers.session_view import (
    MAX_CALLBACK_BYTES,
    MAX_SESSION_ID,
    decode_assignment,
    decode_prompt,
    encode_assignment,
    prompt_data,
    session_number,
)
from library.exercises import Exercise, ExerciseCatalog
from library.training import Leg


def humps(catalog: ExerciseCatalog) -> Exercise:
    return catalog.get("hamstring_humps")


def test_assignment_round_trip(catalog: ExerciseCatalog) -> None:
    """What a button carries decodes back to the same exercise id and report."""
    sets = {Leg.LEFT: (12, 11), Leg.RIGHT: (15, 14)}
    data = encode_assignment(humps(catalog), sets, pain=True)
    assert data == "ra:hamstring_humps:L12.11R15.14!"
    assert decode_assignment(data) == ("hamstring_humps", sets, True)
    both = encode_assignment(catalog.get("hamstring_hops"), {Leg.BOTH: (20,)}, pain=False)
    assert both == "ra:hamstring_hops:B20"
    assert decode_assignment(both) == ("hamstring_hops", {Leg.BOTH: (20,)}, False)


def test_too_long_report_does_not_fit_a_button(catalog: ExerciseCatalog) -> None:
    """Over 64 bytes the encoder declines instead of cutting the report."""
    sets = {Leg.LEFT: (200,) * 10, Leg.RIGHT: (200,) * 10}
    assert encode_assignment(humps(catalog), sets, False) is None


def test_the_longest_id_fits_a_few_sets_per_leg(catalog: ExerciseCatalog) -> None:
    """With a 40-character id there is still room for three two-digit sets per leg and
    the pain mark; with today's longest per-leg id, five."""
    longest = replace(humps(catalog), id="a" * 40)
    three = {Leg.LEFT: (12, 12, 12), Leg.RIGHT: (15, 15, 15)}
    assert len(encode_assignment(longest, three, pain=True) or "") == 3 + 40 + 1 + 18 + 1
    per_leg = max((e for e in catalog if e.per_leg), key=lambda e: len(e.id))
    five = {Leg.LEFT: (12,) * 5, Leg.RIGHT: (15,) * 5}
    assert encode_assignment(per_leg, five, pain=True) is not None


def test_prompt_round_trip_and_the_longest_button_fits(catalog: ExerciseCatalog) -> None:
    """The longest exercise button: a 40-character id with the largest session id."""
    longest = replace(humps(catalog), id="a" * 40)
    data = prompt_data(MAX_SESSION_ID, longest)
    assert decode_prompt(data) == (MAX_SESSION_ID, "a" * 40)
    assert len(data.encode()) == 54 <= MAX_CALLBACK_BYTES
    assert len(show_data(longest).encode()) <= MAX_CALLBACK_BYTES


@pytest.mark.parametrize(
    "data",
    [
        "ra:",
        "ra:x:L1",
        "ra:rxx_clean:",
        "ra:rxx_clean:12",
        "ra:rxx_clean:L",
        "ra:rxx_clean:L1L2",
        "ra:rxx_clean:L201",
        "ra:rxx_clean:Q5",
        "ra:rxx_clean:L1.1.1.1.1.1.1.1.1.1.1",
        "ra:rxx_clean:L1!!",
        "ra:rxx_clean:L١",  # not an ASCII digit
        "ra:Rxx_clean:L1",
        "ra:" + "a" * 41 + ":L1",
        "ra:" + "a" * 40 + ":L200.200.200R200.200.200",  # 68 bytes
        # The old positional format: its index can't be trusted after a reorder.
        "ra:1:L12.11R15.14",
        "ra:0:B20",
        "ra:12:L1!",
    ],
)
def test_malformed_forged_or_old_assignment_is_refused(data: str) -> None:
    """Anything not produced by the encoder, or outside the bounds, decodes to None."""
    assert decode_assignment(data) is None


@pytest.mark.parametrize(
    "data",
    [
        "lg:",
        "lg:5",
        "lg:5:",
        "lg:x:rxx_clean",
        "lg:5:rxx_clean:rxx_clean",
        "lg:5:Rxx_clean",
        "lg:5:" + "a" * 41,
        "lg:²:rxx_clean",
        "lg:2147483648:rxx_clean",
        "lg:99999999999999999999:rxx_clean",
    ],
)
def test_malformed_or_forged_prompt_is_refused(data: str) -> None:
    assert decode_prompt(data) is None


@pytest.mark.parametrize("text", ["", "x", "²", "٣", "-1", "1.0", "2147483648", "9" * 30])
def test_session_numbers_are_ascii_and_in_range(text: str) -> None:
    assert session_number(text) is None


def test_session_number_round_trip() -> None:
    assert session_number("0") == 0
    assert session_number(str(MAX_SESSION_ID)) == MAX_SESSION_ID
