"""The shared send budget (library/send_budget.py): how much an instance may claim given
what every instance has in flight, when each claimed row may go, and that instances
claiming one after another never put more than the rate into any second."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from library.send_budget import send_budget, spacing_for

NOW = datetime(2026, 11, 23, 6, 45, tzinfo=UTC)
FIVE = timedelta(seconds=5)


@pytest.mark.parametrize(
    ("rate", "in_flight", "last_sent", "limit", "count", "start"),
    [
        # Nothing in flight, nothing sent lately: the whole horizon, from now.
        (10.0, 0, None, 2000, 47, 0.0),
        (10.0, 0, None, 20, 20, 0.0),  # capped by the batch
        (30.0, 0, None, 2000, 142, 0.0),
        (1.0, 0, None, 2000, 4, 0.0),
        # Another instance holds 20 rows: they go first (2.1 s), the claim fills the rest.
        (10.0, 20, None, 2000, 27, 2.1),
        # The horizon is taken: nothing now.
        (10.0, 47, None, 2000, 0, 4.935),
        (10.0, 500, None, 2000, 0, 52.5),
        # A send recorded just now: the first slot keeps one spacing from it.
        (10.0, 0, 0.0, 2000, 46, 0.105),
        # One recorded a while ago no longer matters.
        (10.0, 0, -3.0, 2000, 47, 0.0),
        (10.0, 10, -0.05, 2000, 37, 1.105),
    ],
)
def test_the_claim_fills_what_is_left_of_the_horizon(
    rate: float, in_flight: int, last_sent: float | None, limit: int, count: int, start: float
) -> None:
    sent = None if last_sent is None else NOW + timedelta(seconds=last_sent)
    budget = send_budget(
        NOW, rate=rate, horizon=FIVE, in_flight=in_flight, last_sent=sent, limit=limit
    )
    assert budget.count == count
    assert (budget.start - NOW).total_seconds() == pytest.approx(start)


def test_slots_are_one_spacing_apart_and_the_lease_ends_a_grace_after_the_last() -> None:
    budget = send_budget(NOW, rate=10, horizon=FIVE, in_flight=20, last_sent=None, limit=5)
    assert budget.spacing == timedelta(seconds=0.105)
    assert [(budget.slot(i) - NOW).total_seconds() for i in range(3)] == pytest.approx(
        [2.1, 2.205, 2.31]
    )
    assert (budget.end - NOW).total_seconds() == pytest.approx(2.625)
    assert budget.lease(timedelta(minutes=1)).total_seconds() == pytest.approx(62.625)


@pytest.mark.parametrize(("rate", "margin"), [(0, 0.05), (-1, 0.05), (10, -0.1)])
def test_a_rate_that_is_not_positive_is_refused(rate: float, margin: float) -> None:
    with pytest.raises(ValueError, match="rate must be positive"):
        spacing_for(rate, margin)


def busiest_second(times: list[datetime]) -> int:
    ordered = sorted(times)
    most = first = 0
    for last, moment in enumerate(ordered):
        while moment - ordered[first] >= timedelta(seconds=1):
            first += 1
        most = max(most, last - first + 1)
    return most


@given(
    rate=st.integers(min_value=1, max_value=60),
    instances=st.integers(min_value=1, max_value=4),
    steps=st.lists(
        st.tuples(st.integers(min_value=0, max_value=3), st.floats(min_value=0, max_value=3)),
        min_size=1,
        max_size=30,
    ),
)
def test_instances_claiming_in_turn_never_exceed_the_rate(
    rate: int, instances: int, steps: list[tuple[int, float]]
) -> None:
    """Instances claim at arbitrary moments, each sending its claim at its slots (a send
    is recorded at its slot, still in flight before it): merged, the sends never put
    more than ``rate`` into any one-second window."""
    now = NOW
    sent: list[datetime] = []
    planned: list[datetime] = []  # claimed slots not yet reached
    for instance, pause in steps:
        now += timedelta(seconds=pause)
        sent += [slot for slot in planned if slot <= now]
        planned = [slot for slot in planned if slot > now]
        budget = send_budget(
            now,
            rate=rate,
            horizon=FIVE,
            in_flight=len(planned),
            last_sent=max(sent, default=None),
            limit=2000 if instance < instances else 20,
        )
        planned += [budget.slot(i) for i in range(budget.count)]
    assert busiest_second(sent + planned) <= rate
