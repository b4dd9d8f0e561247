"""A warm-up per run, not per day (issue 17): the chain of planned warm-ups takes every
run, weekly and one-off, by its start; two runs a day each get their own warm-up; a
one-off after the day's warm-up went still gets one; a one-off at the weekly run's very
start is that run; the chain goes on from the previous warm-up's due time, so runs
less than the lead apart across midnight both get theirs; and "/run fri 6:30" sent on a
Friday after 6:30 means next Friday."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from library.deliveries import DeliveryKind, DeliveryStatus, next_run, plan_for, runs_after, warmup
from library.one_off_runs import OneOffRun, RunSource
from library.profiles import RunnerProfile
from library.run_text import parse_run, plain_run
from library.schedule import RunSchedule

LONDON = "Europe/London"  # winter: local time is UTC
SATURDAY = date(2026, 12, 5)
SUNDAY = date(2026, 12, 6)
FRIDAY = date(2026, 12, 4)


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def one_off(day: date, at: time, run_id: int = 1, source: RunSource = RunSource.CHAT) -> OneOffRun:
    return OneOffRun(run_id, day, at, source)


def weekly(times: dict[int, time], lead: int = 15) -> RunSchedule:
    return RunSchedule.per_day(times, LONDON, lead)


def chain(
    schedule: RunSchedule, first_after: datetime, runs: list[OneOffRun], count: int
) -> list[tuple[date, str, datetime]]:
    """The first ``count`` warm-ups sent one after another, each planned (as
    ``plan_after`` does) when the previous one was sent at its due time."""
    first = next_run(schedule, runs, first_after)
    assert first is not None
    sent = [warmup(first)]
    while len(sent) < count:
        last = sent[-1]
        done = frozenset(item.run for item in sent)
        [following] = runs_after(schedule, last.deadline_utc, last.due_utc, runs, done)
        assert following.status is DeliveryStatus.PENDING
        sent.append(following)
    return [(item.local_date, item.run_key, item.due_utc) for item in sent]


def runner(schedule: RunSchedule) -> RunnerProfile:
    return RunnerProfile(
        id=1,
        telegram_user_id=1,
        chat_id=1,
        name="Ann",
        timezone=schedule.timezone,
        created_at=utc(FRIDAY, 0),
        run_days=schedule.weekdays,
        run_time=schedule.run_time,
        lead_minutes=schedule.lead_minutes,
        summary_day=None,
        day_times=schedule.day_times,
    )


@pytest.mark.parametrize(
    ("times", "lead", "runs", "expected"),
    [
        pytest.param(
            {5: time(8, 0)},
            15,
            [one_off(SATURDAY, time(18, 0))],
            [(SATURDAY, "", utc(SATURDAY, 7, 45)), (SATURDAY, "18:00", utc(SATURDAY, 17, 45))],
            id="weekly Sat 08:00 and a one-off at 18:00: both",
        ),
        pytest.param(
            {0: time(7, 0)},
            15,
            [
                one_off(SATURDAY, time(6, 0), 1, RunSource.CALENDAR),
                one_off(SATURDAY, time(17, 30), 2, RunSource.CALENDAR),
            ],
            [(SATURDAY, "06:00", utc(SATURDAY, 5, 45)), (SATURDAY, "17:30", utc(SATURDAY, 17, 15))],
            id="two calendar runs on one date: both",
        ),
        pytest.param(
            {5: time(8, 0)},
            15,
            [
                one_off(SATURDAY, time(8, 0), 1, RunSource.CALENDAR),
                one_off(SATURDAY, time(9, 0), 2),
            ],
            [(SATURDAY, "", utc(SATURDAY, 7, 45)), (SATURDAY, "09:00", utc(SATURDAY, 8, 45))],
            id="a one-off at the weekly start is that run: one warm-up, not two",
        ),
        pytest.param(
            {5: time(8, 0)},
            15,
            [one_off(SATURDAY, time(18, 0), 1), one_off(SATURDAY, time(18, 0), 2)],
            [(SATURDAY, "", utc(SATURDAY, 7, 45)), (SATURDAY, "18:00", utc(SATURDAY, 17, 45))],
            id="the same one-off twice: one warm-up",
        ),
        pytest.param(
            {5: time(23, 50), 6: time(0, 10)},
            30,
            [],
            [(SATURDAY, "", utc(SATURDAY, 23, 20)), (SUNDAY, "", utc(SATURDAY, 23, 40))],
            id="weekly Sat 23:50 and Sun 00:10 with a 30-minute lead",
        ),
        pytest.param(
            {0: time(7, 0)},
            30,
            [one_off(SATURDAY, time(23, 50), 1), one_off(SUNDAY, time(0, 10), 2)],
            [(SATURDAY, "23:50", utc(SATURDAY, 23, 20)), (SUNDAY, "00:10", utc(SATURDAY, 23, 40))],
            id="one-offs Sat 23:50 and Sun 00:10 with a 30-minute lead",
        ),
    ],
)
def test_every_run_gets_its_own_warm_up(
    times: dict[int, time],
    lead: int,
    runs: list[OneOffRun],
    expected: list[tuple[date, str, datetime]],
) -> None:
    schedule = weekly(times, lead)
    found = chain(schedule, utc(FRIDAY, 12), runs, len(expected) + 1)
    assert found[: len(expected)] == expected
    assert found[len(expected)][2] > expected[-1][2]  # then a later run, never one again


def test_the_midnight_pair_was_skipped_when_chained_from_the_run_start() -> None:
    """Chained from Saturday's start (23:50), Sunday's warm-up (due 23:40) would already
    be behind: from Saturday's warm-up due time it is not."""
    schedule = weekly({5: time(23, 50), 6: time(0, 10)}, 30)
    from_start = next_run(schedule, [], utc(SATURDAY, 23, 50), frozenset({(SATURDAY, "")}))
    assert from_start is not None
    assert from_start.local_date == date(2026, 12, 12)  # a week late: the bug
    [following] = runs_after(schedule, utc(SATURDAY, 23, 50), utc(SATURDAY, 23, 20))
    assert (following.local_date, following.due_utc) == (SUNDAY, utc(SATURDAY, 23, 40))


def test_runs_that_went_by_are_missed_each_and_the_next_still_comes() -> None:
    """Down all Saturday: its weekly run and its evening one-off are recorded missed,
    each once; Sunday's run is the next."""
    schedule = weekly({5: time(8, 0), 6: time(9, 0)})
    evening = one_off(SATURDAY, time(18, 0))
    planned = runs_after(schedule, utc(FRIDAY, 8), utc(SATURDAY, 20), [evening])
    assert [(p.local_date, p.run_key, p.status) for p in planned] == [
        (SATURDAY, "", DeliveryStatus.MISSED),
        (SATURDAY, "18:00", DeliveryStatus.MISSED),
        (SUNDAY, "", DeliveryStatus.PENDING),
    ]


@pytest.mark.parametrize(
    ("taken", "expected"),
    [
        pytest.param(frozenset({(SATURDAY, "")}), (SATURDAY, "18:00"), id="weekly sent"),
        pytest.param(frozenset({(SATURDAY, "18:00")}), (SATURDAY, ""), id="one-off skipped"),
        pytest.param(frozenset({(SATURDAY, ""), (SATURDAY, "18:00")}), (SUNDAY, ""), id="both"),
    ],
)
def test_plan_for_skips_only_the_runs_taken(
    taken: frozenset[tuple[date, str]], expected: tuple[date, str]
) -> None:
    """A one-off added on a day whose weekly warm-up already went still gets its own;
    a taken run is never planned again."""
    schedule = weekly({5: time(8, 0), 6: time(9, 0)})
    evening = one_off(SATURDAY, time(18, 0))
    planned = plan_for(runner(schedule), utc(SATURDAY, 7), {DeliveryKind.WARMUP: taken}, [evening])
    [planned_warmup] = planned
    assert planned_warmup.run == expected


@pytest.mark.parametrize(
    ("text", "clock", "expected"),
    [
        ("fri 6:30", time(7, 0), date(2026, 12, 11)),  # passed today: next Friday
        ("fri 6:30", time(6, 30), date(2026, 12, 11)),  # starting this minute: passed
        ("fri 6:30", time(6, 0), FRIDAY),  # still ahead today
        ("fri 6:30", None, FRIDAY),  # no clock given: today, as before
        ("friday at 18:00", time(7, 0), FRIDAY),
        ("today 6:30", time(7, 0), FRIDAY),  # "today" stays today (then refused: past)
        ("6:30", time(7, 0), FRIDAY),
        ("sat 6:30", time(7, 0), SATURDAY),
    ],
)
def test_a_weekday_whose_time_has_passed_today_means_next_week(
    text: str, clock: time | None, expected: date
) -> None:
    assert parse_run(text, FRIDAY, clock).local_date == expected


def test_plain_words_read_a_passed_weekday_as_next_week_too() -> None:
    found = plain_run("running fri at 6:30", FRIDAY, time(7, 0))
    assert found is not None
    assert (found.local_date, found.local_time) == (date(2026, 12, 11), time(6, 30))
