"""Report-carrying button data: round trip, and malformed or forged data refused."""

from __future__ import annotations

import pytest

from handlers.session_view import decode_assignment, encode_assignment
from library.training import Leg


def test_assignment_round_trip() -> None:
    """What a button carries decodes back to the same report."""
    sets = {Leg.LEFT: (12, 11), Leg.RIGHT: (15, 14)}
    data = encode_assignment(3, sets, pain=True)
    assert data is not None
    assert decode_assignment(data) == (3, sets, True)
    both = encode_assignment(0, {Leg.BOTH: (20,)}, pain=False)
    assert both is not None
    assert decode_assignment(both) == (0, {Leg.BOTH: (20,)}, False)


def test_too_long_report_does_not_fit_a_button() -> None:
    """Over 64 bytes the encoder declines instead of cutting the report."""
    assert encode_assignment(1, {Leg.LEFT: (200,) * 10, Leg.RIGHT: (200,) * 10}, False) is None


@pytest.mark.parametrize(
    "data",
    [
        "ra:",
        "ra:x:L1",
        "ra:1:",
        "ra:1:12",
        "ra:1:L",
        "ra:1:L1L2",
        "ra:1:L201",
        "ra:1:Q5",
        "ra:1:L1.1.1.1.1.1.1.1.1.1.1",
        "ra:1:L1!!",
    ],
)
def test_malformed_or_forged_data_is_refused(data: str) -> None:
    """Anything not produced by the encoder, or outside the bounds, decodes to None."""
    assert decode_assignment(data) is None
