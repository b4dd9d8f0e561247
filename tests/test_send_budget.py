"""The shared send budget (library/send_budget.py): how much an instance may claim given
what every instance has in flight, when each claimed row may go, and that instances
claiming one after another never put more than the rate into any second."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from library.send_budget import (
    STALL,
    Pace,
    Pacer,
    PrepareTime,
    queue_end,
    send_budget,
    spacing_for,
)

NOW = datetime(2026, 11, 23, 6, 45, tzinfo=UTC)
FIVE = timedelta(seconds=5)


@pytest.mark.parametrize(
    ("rate", "queue", "last_sent", "limit", "count", "start"),
    [
        # No claim held, nothing sent lately: the whole horizon, from now.
        (10.0, None, None, 2000, 47, 0.0),
        (10.0, None, None, 20, 20, 0.0),  # capped by the batch
        (30.0, None, None, 2000, 142, 0.0),
        (1.0, None, None, 2000, 4, 0.0),
        # Another instance's claim ends in 2.1 s: this one queues behind it.
        (10.0, 2.1, None, 2000, 27, 2.1),
        # The horizon is taken: nothing now.
        (10.0, 4.935, None, 2000, 0, 4.935),
        (10.0, 52.5, None, 2000, 0, 52.5),
        # A claim that has ended no longer matters.
        (10.0, -1.0, None, 2000, 47, 0.0),
        # A send recorded just now: the first slot keeps one spacing from it.
        (10.0, None, 0.0, 2000, 46, 0.105),
        # One recorded a while ago no longer matters.
        (10.0, None, -3.0, 2000, 47, 0.0),
        (10.0, 1.105, -0.05, 2000, 37, 1.105),
    ],
)
def test_the_claim_fills_what_is_left_of_the_horizon(
    rate: float,
    queue: float | None,
    last_sent: float | None,
    limit: int,
    count: int,
    start: float,
) -> None:
    sent = None if last_sent is None else NOW + timedelta(seconds=last_sent)
    end = None if queue is None else NOW + timedelta(seconds=queue)
    budget = send_budget(NOW, rate=rate, horizon=FIVE, queue_end=end, last_sent=sent, limit=limit)
    assert budget.count == count
    assert (budget.start - NOW).total_seconds() == pytest.approx(start)


def test_slots_are_one_spacing_apart_and_the_lease_ends_a_grace_after_the_last() -> None:
    queue = NOW + timedelta(seconds=2.1)
    budget = send_budget(NOW, rate=10, horizon=FIVE, queue_end=queue, last_sent=None, limit=5)
    assert budget.spacing == timedelta(seconds=0.105)
    assert [(budget.slot(i) - NOW).total_seconds() for i in range(3)] == pytest.approx(
        [2.1, 2.205, 2.31]
    )
    assert (budget.end - NOW).total_seconds() == pytest.approx(2.625)
    grace = timedelta(minutes=1)
    assert budget.lease(grace).total_seconds() == pytest.approx(62.625)
    # What the next claimer reads back from the lease is where this claim ends.
    assert queue_end(NOW + budget.lease(grace), grace) == budget.end
    assert queue_end(None, grace) is None


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
    is recorded at its slot, its claim held until its last row is): merged, the sends
    never put more than ``rate`` into any one-second window."""
    now = NOW
    sent: list[datetime] = []
    held: list[tuple[datetime, datetime]] = []  # (last row's slot, claim's end)
    for instance, pause in steps:
        now += timedelta(seconds=pause)
        budget = send_budget(
            now,
            rate=rate,
            horizon=FIVE,
            queue_end=max((end for last, end in held if last > now), default=None),
            last_sent=max((moment for moment in sent if moment <= now), default=None),
            limit=2000 if instance < instances else 20,
        )
        slots = [budget.slot(i) for i in range(budget.count)]
        sent += slots
        if slots:
            held.append((slots[-1], budget.end))
    assert busiest_second(sent) <= rate


def test_ready_gives_the_claimer_time_to_prepare_but_never_moves_the_queue_forward() -> None:
    ready = timedelta(milliseconds=250)
    alone = send_budget(
        NOW, rate=10, horizon=FIVE, queue_end=None, last_sent=None, limit=99, ready=ready
    )
    behind = send_budget(
        NOW,
        rate=10,
        horizon=FIVE,
        queue_end=NOW + timedelta(seconds=1),
        last_sent=None,
        limit=99,
        ready=ready,
    )
    assert (alone.start - NOW).total_seconds() == pytest.approx(0.25)
    assert alone.count == 45  # 4.75 s of the horizon at 0.105 s
    assert (behind.start - NOW).total_seconds() == pytest.approx(1.0)


def test_the_pacer_keeps_the_slots_when_every_row_wakes_on_time() -> None:
    """A sleep overshooting by a few milliseconds does not push the next rows back."""
    pacer = Pacer(first=100.0, spacing=0.1, count=3)
    targets = []
    for index in range(3):
        target = pacer.target(index)
        assert pacer.admit(target, target + 0.004) is Pace.GO
        targets.append(target)
    assert targets == pytest.approx([100.0, 100.1, 100.2])


def test_after_a_stall_the_row_waits_a_spacing_and_the_rest_slide_back() -> None:
    """Row 1 wakes 0.1 s late (at 0.2): it waits a spacing from the stall's end (a row
    sent before the stall may reach the server only now), and row 2 a spacing after it,
    not at its own slot (which would be a burst); row 3 would then pass the claim's last
    slot (0.4) and is turned away before it sleeps."""
    pacer = Pacer(first=0.0, spacing=0.1, count=5)
    assert pacer.admit(pacer.target(0), 0.0) is Pace.GO
    assert pacer.admit(pacer.target(1), 0.2) is Pace.WAIT
    assert pacer.target(1) == pytest.approx(0.3)
    assert pacer.admit(pacer.target(1), 0.3) is Pace.GO
    assert pacer.target(2) == pytest.approx(0.4)
    assert pacer.admit(pacer.target(2), 0.401) is Pace.GO
    assert not pacer.fits(pacer.target(3))


def test_a_stall_past_the_last_slot_defers_the_row() -> None:
    """A row woken late near the claim's end: it could only go a spacing after the
    stall, past the last slot, so it is deferred; woken within the slack, it goes."""
    pacer = Pacer(first=0.0, spacing=0.1, count=2)
    assert pacer.admit(pacer.target(0), 0.0) is Pace.GO
    assert pacer.admit(pacer.target(1), 0.1 + STALL * 0.8) is Pace.GO
    stalled = Pacer(first=0.0, spacing=0.1, count=4)  # the last slot at 0.3
    assert stalled.admit(stalled.target(0), 0.0) is Pace.GO
    assert stalled.admit(stalled.target(1), 0.15) is Pace.WAIT
    assert stalled.target(1) == pytest.approx(0.25)
    assert stalled.admit(stalled.target(1), 0.25) is Pace.GO
    assert not stalled.fits(stalled.target(2))  # 0.35
    end = Pacer(first=0.0, spacing=0.1, count=2)
    assert end.admit(end.target(0), 0.0) is Pace.GO
    assert end.admit(end.target(1), 0.15) is Pace.DEFER


@given(
    rate=st.integers(min_value=1, max_value=60),
    instances=st.integers(min_value=1, max_value=4),
    steps=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=3),
            st.floats(min_value=0, max_value=3),
            st.lists(
                st.one_of(
                    st.floats(min_value=0, max_value=STALL),  # a sleep's overshoot
                    st.floats(min_value=0, max_value=2),  # a stall
                ),
                min_size=1,
                max_size=40,
            ),
        ),
        min_size=1,
        max_size=20,
    ),
)
def test_paced_instances_never_exceed_the_rate_whatever_their_stalls(
    rate: int, instances: int, steps: list[tuple[int, float, list[float]]]
) -> None:
    """Instances claim at arbitrary moments, with time to prepare, and each wake-up is
    late by an arbitrary delay (a few milliseconds, or a stall of up to 2 s). A row goes
    when its pacer says GO and is recorded then; a row turned away is handed back, and
    the claim is held until its last row's fate is known. Merged, the sends never put
    more than ``rate`` into any one-second window. (A request held up after it went is
    the margin's to absorb: no sender can see it.)"""
    now = 0.0
    arrived: list[float] = []
    held: list[tuple[float, datetime]] = []  # (when the claim is let go, the claim's end)
    for instance, pause, delays in steps:
        now += pause
        budget = send_budget(
            NOW + timedelta(seconds=now),
            rate=rate,
            horizon=FIVE,
            queue_end=max((end for until, end in held if until > now), default=None),
            last_sent=max((NOW + timedelta(seconds=m) for m in arrived if m <= now), default=None),
            limit=2000 if instance < instances else 20,
            ready=timedelta(milliseconds=250),
        )
        pacer = Pacer(
            now + (budget.start - budget.now).total_seconds(),
            budget.spacing.total_seconds(),
            budget.count,
        )
        clock = now
        wakes = iter(delays * (2 * budget.count + 1))
        ours: list[float] = []
        for index in range(budget.count):
            pace = Pace.WAIT
            while pace is Pace.WAIT:
                target = pacer.target(index)
                if not pacer.fits(target):
                    pace = Pace.DEFER
                    break
                clock = max(clock, target) + next(wakes)
                pace = pacer.admit(target, clock)
            if pace is Pace.DEFER:
                break
            ours.append(clock)
        arrived += ours
        if budget.count:
            held.append((clock, budget.end))
    assert busiest_second([NOW + timedelta(seconds=moment) for moment in arrived]) <= rate


def test_a_claims_preparation_time_is_learnt_from_the_claims_before() -> None:
    """250 ms and 0.3 ms a row to start with; a 2,000-row claim that took 0.8 s makes
    the next estimate the mean of both (0.35 ms a row); nothing learnt from no rows."""
    prepare = PrepareTime(timedelta(milliseconds=250), 0.0003)
    assert prepare.ready(2000) == timedelta(milliseconds=850)
    assert prepare.ready(10) == timedelta(milliseconds=253)
    prepare.observe(0.8, 2000)
    assert prepare.per_row == pytest.approx(0.00035)
    assert prepare.ready(1000) == timedelta(milliseconds=600)
    prepare.observe(5.0, 0)
    assert prepare.per_row == pytest.approx(0.00035)
