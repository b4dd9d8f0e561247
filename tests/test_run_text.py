"""One-off runs read from text (library/run_text.py) and merged with the weekly
schedule (library/deliveries.next_run): table tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest

from library.deliveries import DeliveryStatus, next_run, runs_after
from library.one_off_runs import OneOffRun, RunSource, one_off_slot
from library.run_text import (
    RunAt,
    RunError,
    RunProblem,
    check_run,
    parse_run,
    plain_run,
    plain_run_in,
    run_in,
)
from library.schedule import RunSchedule

FRIDAY = date(2026, 12, 4)
BERLIN = "Europe/Berlin"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today 18:30", (FRIDAY, time(18, 30))),
        ("tomorrow 7am", (date(2026, 12, 5), time(7, 0))),
        ("sat 09:00", (date(2026, 12, 5), time(9, 0))),
        ("09:00 sat", (date(2026, 12, 5), time(9, 0))),
        ("Saturday at 9", (date(2026, 12, 5), time(9, 0))),
        ("18:30", (FRIDAY, time(18, 30))),
        ("tonight at 7", (FRIDAY, time(19, 0))),
        ("tomorrow evening 7", (date(2026, 12, 5), time(19, 0))),
        ("tomorrow morning 7", (date(2026, 12, 5), time(7, 0))),
        ("5 dec 6pm", (date(2026, 12, 5), time(18, 0))),
        ("dec 25th 8:00", (date(2026, 12, 25), time(8, 0))),
        ("3 jan 7:00", (date(2027, 1, 3), time(7, 0))),  # no year: the next one
        ("2027-01-02 07:15", (date(2027, 1, 2), time(7, 15))),
        ("friday 6.30am", (FRIDAY, time(6, 30))),  # the named weekday may be today
        ("next tue 6:30", (date(2026, 12, 8), time(6, 30))),
        ("sun at 8", (date(2026, 12, 6), time(8, 0))),
        ("on thu @ 18h30", (date(2026, 12, 10), time(18, 30))),
        ("TMRW 7:45 PM", (date(2026, 12, 5), time(19, 45))),
    ],
)
def test_run_commands_are_read(text: str, expected: tuple[date, time]) -> None:
    assert parse_run(text, FRIDAY) == RunAt(*expected)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("today", RunProblem.NO_TIME),
        ("", RunProblem.NO_TIME),
        ("today 25:00", RunProblem.BAD_TIME),
        ("today 13pm", RunProblem.BAD_TIME),
        ("today 7 8", RunProblem.BAD_TIME),
        ("blah 7:00", RunProblem.UNKNOWN_DAY),
        ("mon wed 7:00", RunProblem.UNKNOWN_DAY),
        ("31 feb 7:00", RunProblem.NO_SUCH_DATE),
        ("5 dec tomorrow 7:00", RunProblem.UNKNOWN_DAY),
    ],
)
def test_bad_run_commands_say_why(text: str, problem: RunProblem) -> None:
    with pytest.raises(RunError) as raised:
        parse_run(text, FRIDAY)
    assert raised.value.problem is problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("running at 6pm today", (FRIDAY, time(18, 0))),
        ("I'm running tomorrow at 7", (date(2026, 12, 5), time(7, 0))),
        ("I’m running tomorrow at 7", (date(2026, 12, 5), time(7, 0))),
        ("im running tomorrow at 7:30am", (date(2026, 12, 5), time(7, 30))),
        ("going for a run tonight at 7", (FRIDAY, time(19, 0))),
        ("I'll run sat 9am", (date(2026, 12, 5), time(9, 0))),
        ("running today at 18:30.", (FRIDAY, time(18, 30))),
        ("Running tomorrow 7am!", (date(2026, 12, 5), time(7, 0))),
        ("we're running on sunday at 8", (date(2026, 12, 6), time(8, 0))),
        ("I am going to run on 12 dec at 8am", (date(2026, 12, 12), time(8, 0))),
    ],
)
def test_plain_run_sentences_are_read(text: str, expected: tuple[date, time]) -> None:
    assert plain_run(text, FRIDAY) == RunAt(*expected)


@pytest.mark.parametrize(
    "text",
    [
        "I ran at 6 yesterday",
        "running at 6pm today?",
        "is running at 6pm ok",
        "running is fun",
        "running 5k today",
        "I'm running late today",
        "running at 7",  # no day: not plainly a plan
        "running 10 miles tomorrow",
        "done 12 12",
        "my run today was at 7",
        "I went running today at 7",
        "running tomorrow",
        "how do I do humps before running at 7 today",
    ],
)
def test_small_talk_is_not_a_run(text: str) -> None:
    assert plain_run(text, FRIDAY) is None


NOW = datetime(2026, 12, 4, 16, 0, tzinfo=UTC)  # 17:00 in Berlin


def test_check_run_refuses_the_past_too_soon_too_far_and_missing_times() -> None:
    """A run must still be ahead with time for its warm-up, within a year, and at a
    time the clock shows that day (29 March 2026 skips 02:00-03:00 in Berlin)."""
    cases = [
        (RunAt(FRIDAY, time(16, 59)), RunProblem.PAST),
        (RunAt(FRIDAY, time(17, 10)), RunProblem.TOO_SOON),
        (RunAt(date(2027, 12, 6), time(7, 0)), RunProblem.TOO_FAR),
        (RunAt(date(2027, 3, 28), time(2, 30)), RunProblem.NO_SUCH_TIME),
    ]
    for run, problem in cases:
        with pytest.raises(RunError) as raised:
            check_run(run, BERLIN, 15, NOW)
        assert raised.value.problem is problem
    start = check_run(RunAt(FRIDAY, time(17, 17)), BERLIN, 15, NOW)
    assert start == datetime(2026, 12, 4, 16, 17, tzinfo=UTC)


def _one_off(day: date, at: time, run_id: int = 1) -> OneOffRun:
    return OneOffRun(run_id, day, at, RunSource.CHAT)


def _weekly(days: frozenset[int], at: time) -> RunSchedule:
    """Days at one time, whichever way RunSchedule is built (one time, or one per day)."""
    make = getattr(RunSchedule, "weekly", None)
    built: RunSchedule = (
        make(days, at, BERLIN, 15) if make else cast(Any, RunSchedule)(days, at, BERLIN, 15)
    )
    return built


WEEKLY = _weekly(frozenset({0, 2}), time(7, 0))  # Mon, Wed 07:00


def test_a_one_off_warm_up_is_due_lead_before_it_across_daylight_saving() -> None:
    """On the autumn change (25 Oct 2026) a 01:30 lead of 60 minutes crosses the
    doubled hour: due exactly an hour before in real time."""
    slot = one_off_slot(_one_off(date(2026, 10, 25), time(3, 30)), BERLIN, 60)
    assert slot.run_start_utc == datetime(2026, 10, 25, 2, 30, tzinfo=UTC)
    assert slot.run_start_utc - slot.due_utc == timedelta(minutes=60)


def test_next_run_takes_the_earliest_of_weekly_and_one_off_runs() -> None:
    saturday = _one_off(date(2026, 12, 5), time(9, 0))
    slot = next_run(WEEKLY, [saturday], NOW)
    assert slot is not None
    assert slot.local_date == date(2026, 12, 5)
    assert slot.due_utc == datetime(2026, 12, 5, 7, 45, tzinfo=UTC)
    weekly = next_run(WEEKLY, [], NOW)
    assert weekly is not None
    assert weekly.local_date == date(2026, 12, 7)


def test_a_one_off_on_a_planned_day_is_a_second_run_that_day() -> None:
    """Monday has its weekly 07:00 run and an 18:00 one-off: both, each its own run."""
    monday_evening = _one_off(date(2026, 12, 7), time(18, 0))
    slot = next_run(WEEKLY, [monday_evening], NOW)
    assert slot is not None
    assert (slot.run_start_utc, slot.key) == (datetime(2026, 12, 7, 6, 0, tzinfo=UTC), "")
    evening = next_run(WEEKLY, [monday_evening], slot.due_utc, frozenset({slot.run}))
    assert evening is not None
    assert (evening.run_start_utc, evening.key) == (
        datetime(2026, 12, 7, 17, 0, tzinfo=UTC),
        "18:00",
    )
    after = next_run(WEEKLY, [monday_evening], evening.due_utc)
    assert after is not None
    assert after.local_date == date(2026, 12, 9)


def test_skipped_dates_skip_one_off_runs_too() -> None:
    saturday = _one_off(date(2026, 12, 5), time(9, 0))
    slot = next_run(WEEKLY, [saturday], NOW, frozenset({(date(2026, 12, 5), "09:00")}))
    assert slot is not None
    assert slot.local_date == date(2026, 12, 7)


def test_runs_after_records_a_one_off_that_went_by_as_missed() -> None:
    saturday = _one_off(date(2026, 12, 5), time(9, 0))
    planned = runs_after(WEEKLY, NOW, datetime(2026, 12, 6, 12, 0, tzinfo=UTC), [saturday])
    assert [(p.local_date, p.status) for p in planned] == [
        (date(2026, 12, 5), DeliveryStatus.MISSED),
        (date(2026, 12, 7), DeliveryStatus.PENDING),
    ]


def test_after_a_one_offs_warm_up_the_later_run_that_day_comes_next() -> None:
    """The warm-ups after a sent one-off on Saturday 09:00: the later Saturday run (a
    warm-up per run, not per date), then Monday's weekly run."""
    saturday = _one_off(date(2026, 12, 5), time(9, 0))
    late_saturday = _one_off(date(2026, 12, 5), time(18, 0), 2)
    start = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    done = frozenset({(date(2026, 12, 5), "09:00")})
    planned = runs_after(WEEKLY, start, start, [saturday, late_saturday], done)
    assert [(p.local_date, p.run_key, p.status) for p in planned] == [
        (date(2026, 12, 5), "18:00", DeliveryStatus.PENDING)
    ]


# ------------------------------------------------------------------ from now
BERLIN_1437 = datetime(2026, 12, 4, 14, 37, 20, tzinfo=ZoneInfo(BERLIN))


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("in 2 hours", 120),
        ("in 45 min", 45),
        ("in 5 mins", 5),
        ("In 1 hr", 60),
        ("in an hour", 60),
        ("in two hours", 120),
        ("in half an hour", 30),
        ("in a quarter of an hour", 15),
        ("in an hour and a half", 90),
        ("in 2 and a half hours", 150),
        ("in two and a half hours", 150),
        ("in 1.5 hours", 90),
        ("in 1,5 h", 90),
        ("in 2h30", 150),
        ("in 3h", 180),
        ("in 20m", 20),
        ("in 2 hours 15 minutes", 135),
        ("in 2 hours and 15 minutes", 135),
        ("in 2 hours from now", 120),
        ("within the hour", None),
        ("in a bit", None),
        ("in the park at 6", None),
        ("in 2", None),
        ("in 3 months", None),
        ("in 2 hours at the park", None),
        ("today 18:30", None),
    ],
)
def test_a_run_from_now(text: str, minutes: int | None) -> None:
    run = run_in(text, BERLIN_1437)
    if minutes is None:
        assert run is None
        return
    start = BERLIN_1437 + timedelta(minutes=minutes)
    assert run == RunAt(start.date(), start.time().replace(second=0, microsecond=0))


def test_a_run_from_now_counts_real_time_across_a_clock_change() -> None:
    """At 01:30 on the night Berlin's clocks go forward (02:00 becomes 03:00), "in 2
    hours" is 04:30 on the clock, not 03:30."""
    night = datetime(2027, 3, 28, 1, 30, tzinfo=ZoneInfo(BERLIN))
    assert run_in("in 2 hours", night) == RunAt(date(2027, 3, 28), time(4, 30))
    autumn = datetime(2026, 10, 25, 1, 30, tzinfo=ZoneInfo(BERLIN))  # 03:00 becomes 02:00
    assert run_in("in 2 hours", autumn) == RunAt(date(2026, 10, 25), time(2, 30))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("running in 2 hours", True),
        ("I'm going for a run in 45 minutes!", True),
        ("heading out for a run in half an hour", True),
        ("running in the park", False),
        ("should I be running in 2 hours?", False),
        ("my legs are sore", False),
    ],
)
def test_plain_words_announce_a_run_from_now(text: str, found: bool) -> None:
    assert (plain_run_in(text, BERLIN_1437) is not None) is found
