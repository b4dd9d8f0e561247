"""The wave planner (library/waves.py): properties over random waves, and the numbers of
the issue's waves."""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from library.deliveries import WINDOW_CLOSE, WINDOW_EARLY
from library.waves import Group, Pending, Schedule, capacity, plan, plan_wave
from tests.strategies import PROPERTIES


@st.composite
def groups(draw: st.DrawFn) -> list[Group]:
    """A few waves, windows as the bot makes them (scaled down: minutes become seconds):
    opens 10 before due, closes lead - 5 after due, deadline 5 after closes."""
    waves = []
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        due = draw(st.integers(min_value=0, max_value=60))
        lead = draw(st.integers(min_value=5, max_value=30))
        waves.append(
            Group(
                opens=max(0, due - 10),
                due=due,
                closes=due + lead - 5,
                deadline=due + lead,
                count=draw(st.integers(min_value=1, max_value=80)),
            )
        )
    return waves


RATES = st.integers(min_value=1, max_value=6)


def per_second(schedule: Schedule) -> Counter[int]:
    sent: Counter[int] = Counter()
    for send in schedule.sends:
        sent[send.second] += send.count
    return sent


def placeable(waves: list[Group], rate: int) -> int:
    """How many warm-ups can land inside their windows at most: earliest-close-first from
    each window's opening (Glover's greedy, optimal for interval windows), worked out
    independently of the planner."""
    remaining = [wave.count for wave in waves]
    placed = 0
    last = max((wave.closes for wave in waves), default=-1)
    for second in range(last + 1):
        free = rate
        for index in sorted(range(len(waves)), key=lambda i: waves[i].closes):
            wave = waves[index]
            if wave.opens <= second <= wave.closes and free and remaining[index]:
                taken = min(free, remaining[index])
                remaining[index] -= taken
                placed += taken
                free -= taken
    return placed


def fits_without_look_ahead(waves: list[Group], rate: int) -> bool:
    """Whether sending each wave from its due time on (earliest close first) lands all."""
    remaining = [wave.count for wave in waves]
    for second in range(max((wave.closes for wave in waves), default=-1) + 1):
        free = rate
        for index in sorted(range(len(waves)), key=lambda i: waves[i].closes):
            if waves[index].due <= second and free and remaining[index]:
                if second > waves[index].closes:
                    return False
                taken = min(free, remaining[index])
                remaining[index] -= taken
                free -= taken
    return not any(remaining)


@PROPERTIES
@given(groups(), RATES)
def test_never_over_the_rate_in_any_second(waves: list[Group], rate: int) -> None:
    """No second carries more than ``rate`` sends."""
    assert all(count <= rate for count in per_second(plan(waves, rate)).values())


@PROPERTIES
@given(groups(), st.floats(min_value=0.2, max_value=6.0))
def test_a_rate_that_is_not_whole_is_kept_on_every_stretch_of_seconds(
    waves: list[Group], rate: float
) -> None:
    """At 4.76 a second, say (the bot's rate less its safety margin is rarely whole), no
    second carries more than ceil(rate), the first k seconds no more than k x rate, and
    every warm-up is still sent or missed."""
    schedule = plan(waves, rate)
    sent = per_second(schedule)
    so_far = 0
    for second in range(max(sent, default=0) + 1):
        assert sent[second] <= math.ceil(rate)
        so_far += sent[second]
        assert so_far <= (second + 1) * rate
    total = sum(send.count for send in schedule.sends) + sum(schedule.missed)
    assert total == sum(wave.count for wave in waves)


def test_a_whole_rate_carries_exactly_the_rate_and_a_fraction_spreads_it() -> None:
    assert [capacity(second, 5) for second in range(4)] == [5, 5, 5, 5]
    assert [capacity(second, 2.5) for second in range(4)] == [2, 3, 2, 3]
    assert [capacity(second, 0.5) for second in range(4)] == [0, 1, 0, 1]
    with pytest.raises(ValueError, match="rate must be positive"):
        plan([], 0)


@PROPERTIES
@given(groups(), RATES)
def test_every_warmup_is_sent_once_or_missed(waves: list[Group], rate: int) -> None:
    """Each wave's warm-ups are all accounted for: sent or missed, never both or twice."""
    schedule = plan(waves, rate)
    sent: Counter[int] = Counter()
    for send in schedule.sends:
        sent[send.group] += send.count
    assert [sent[i] + schedule.missed[i] for i in range(len(waves))] == [w.count for w in waves]


@PROPERTIES
@given(groups(), RATES)
def test_never_before_the_window_nor_after_the_run(waves: list[Group], rate: int) -> None:
    """Nothing goes before its window opens or once its run has started."""
    for send in plan(waves, rate).sends:
        assert waves[send.group].opens <= send.second < waves[send.group].deadline


@PROPERTIES
@given(groups(), RATES)
def test_all_land_in_their_window_when_capacity_allows(waves: list[Group], rate: int) -> None:
    """As many land inside their window as can at all; when all can, all do, and none
    is over capacity or missed."""
    schedule = plan(waves, rate)
    inside = sum(
        send.count
        for send in schedule.sends
        if waves[send.group].opens <= send.second <= waves[send.group].closes
    )
    best = placeable(waves, rate)
    total = sum(wave.count for wave in waves)
    assert sum(schedule.over_capacity) == total - best
    if best == total:
        assert inside == total
        assert sum(schedule.missed) == 0
    else:
        assert inside >= best


@PROPERTIES
@given(groups(), RATES)
def test_nothing_early_when_sending_at_the_due_time_is_enough(
    waves: list[Group], rate: int
) -> None:
    """When sending from each due time on lands every warm-up, none goes early."""
    if fits_without_look_ahead(waves, rate):
        for send in plan(waves, rate).sends:
            assert send.second >= waves[send.group].due


def test_windows_opening_together_leave_the_earlier_second_to_the_one_due_sooner() -> None:
    """Found by the property above: one warm-up due at 0 and 54 due at 1, both windows
    open at 0, at 6 a second. Sending each from its due time fits (1 at 0, then 6 a
    second from 1 to 9), so none of the 54 may go at 0."""
    waves = [Group(opens=0, due=0, closes=1, deadline=6, count=1)]
    waves.append(Group(opens=0, due=1, closes=9, deadline=14, count=54))
    sends = plan(waves, 6).sends
    assert [(send.second, send.count) for send in sends if send.group == 0] == [(0, 1)]
    assert min(send.second for send in sends if send.group == 1) == 1
    assert sum(send.count for send in sends if send.group == 1) == 54


@PROPERTIES
@given(
    st.integers(min_value=1, max_value=400),
    RATES,
    st.integers(min_value=5, max_value=40),
)
def test_one_wave_starts_just_early_enough(count: int, rate: int, lead: int) -> None:
    """A single wave starts at its due time when it fits after it, else just so much
    earlier that its last warm-up goes in the window's last second (never before the
    window opens)."""
    due = 20
    wave = Group(opens=due - 10, due=due, closes=due + lead - 5, deadline=due + lead, count=count)
    schedule = plan([wave], rate)
    latest_start = wave.closes - math.ceil(count / rate) + 1
    assert schedule.sends[0].second == max(wave.opens, min(due, latest_start))


def test_the_issues_wave_starts_seventeen_minutes_early_and_all_land() -> None:
    """30,000 runners at 07:00, lead 15, 30 msg/s: the window (06:35 to 06:55) holds
    36,000, so all land, starting at 06:38:20 (1,000 s before 06:55); the same wave at
    the due time alone would leave 30,000 - 30 x 601 over its window."""
    now = datetime(2026, 12, 1, 6, 30, tzinfo=UTC)
    run = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    wave = plan_wave(
        [Pending(due=run - timedelta(minutes=15), run_start=run, count=30_000)],
        now,
        30,
        early=WINDOW_EARLY,
        close_before_run=WINDOW_CLOSE,
    )
    first = wave.schedule.sends[0].second
    assert now + timedelta(seconds=first) == datetime(2026, 12, 1, 6, 38, 21, tzinfo=UTC)
    assert wave.overflows == ()
    assert sum(send.count for send in wave.schedule.sends) == 30_000
    assert wave.to_send_within(timedelta(minutes=8)) == 0
    assert wave.to_send_within(timedelta(minutes=8, seconds=30)) == 30 * 9
    assert wave.early_within(timedelta(minutes=8, seconds=30)) == 30 * 9
    assert wave.early_within(timedelta(minutes=20)) == 30 * (60 * 6 + 39)


def test_a_wave_beyond_the_window_is_reported_with_its_numbers() -> None:
    """50,000 at one minute with lead 15 at 30 msg/s: 36,030 fit (1,201 s of 30), 8,970
    more go late (06:55:01 to 06:59:59, 299 s of 30), and the remaining 5,000 are
    missed."""
    now = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
    run = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    wave = plan_wave(
        [Pending(due=run - timedelta(minutes=15), run_start=run, count=50_000)],
        now,
        30,
        early=WINDOW_EARLY,
        close_before_run=WINDOW_CLOSE,
    )
    (overflow,) = wave.overflows
    assert overflow.fits == 36_030
    assert overflow.missed == 5_000
    assert overflow.closes == run - WINDOW_CLOSE
