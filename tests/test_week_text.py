"""Reading a week of runs as people write it (library.schedule_text.parse_week), the
read-back, and next-due computation with a time per day: DST both ways, leads across
midnight, property tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.schedule_view import week_text
from handlers.wording import schedule_problem_text
from library.schedule import RunSchedule, decode_week, encode_week, next_slot, slot_on
from library.schedule_text import ScheduleError, ScheduleProblem, find_timezone, parse_week

T0630, T0700, T0800 = time(6, 30), time(7, 0), time(8, 0)
WEEKDAYS = range(5)


def at(days: range | tuple[int, ...], when: time) -> dict[int, time]:
    return dict.fromkeys(days, when)


ACCEPTED = [
    # Every form that worked before: days then one time.
    ("mon wed fri 07:00", at((0, 2, 4), T0700)),
    ("Mon,Wed,Fri 07:00", at((0, 2, 4), T0700)),
    ("weekdays 6:30pm", at(WEEKDAYS, time(18, 30))),
    ("daily 7am", at(range(7), T0700)),
    ("every day 7am", at(range(7), T0700)),
    ("mon-fri 7", at(WEEKDAYS, T0700)),
    ("tue and thu 6.45 pm", at((1, 3), time(18, 45))),
    ("weekends 18h30", at((5, 6), time(18, 30))),
    ("sat 8 a.m.", at((5,), T0800)),
    ("sun 6.30", at((6,), T0630)),
    # Several groups, comma or semicolon or "and" between them.
    ("tue thu 06:30, sat 08:00", {1: T0630, 3: T0630, 5: T0800}),
    ("tue thu 06:30; sat 08:00", {1: T0630, 3: T0630, 5: T0800}),
    ("Tue Thu 6:30 and Sat 8:00", {1: T0630, 3: T0630, 5: T0800}),
    ("weekdays 6:30 and sun 9am", {**at(WEEKDAYS, T0630), 6: time(9, 0)}),
    ("mon 6:00, wed 18:00, sat 8:00", {0: time(6, 0), 2: time(18, 0), 5: T0800}),
    ("mon-fri 6:30, sat-sun 9", {**at(WEEKDAYS, T0630), 5: time(9, 0), 6: time(9, 0)}),
    # Joined with slashes, ampersands, "at", "on".
    ("tue/thu/sat at 6.30", at((1, 3, 5), T0630)),
    ("mon, wed & sat at 6:30am", at((0, 2, 5), T0630)),
    ("mon + wed + fri @ 7", at((0, 2, 4), T0700)),
    ("on tue and thu at 06:30", at((1, 3), T0630)),
    ("I run tue thu at 6:30", at((1, 3), T0630)),
    # Full names, plurals, ranges in words.
    ("Tuesdays and Thursdays at 6:30", at((1, 3), T0630)),
    ("Monday to Friday at 7", at(WEEKDAYS, T0700)),
    ("mondays through fridays 7am", at(WEEKDAYS, T0700)),
    ("Saturday 8am", at((5,), T0800)),
    # The time first.
    ("7am mon wed fri", at((0, 2, 4), T0700)),
    ("at 7 on mon and wed, at 9 on sat", {0: T0700, 2: T0700, 5: time(9, 0)}),
    # Spoken times.
    ("Tuesdays and Thursdays at half six", at((1, 3), T0630)),
    ("sat half past eight", at((5,), time(8, 30))),
    ("sun quarter to seven", at((6,), time(6, 45))),
    ("sun quarter past seven pm", at((6,), time(19, 15))),
    ("sat at seven o'clock", at((5,), T0700)),
    ("sat six am", at((5,), time(6, 0))),
    ("sat at noon", at((5,), time(12, 0))),
]


@pytest.mark.parametrize(("text", "times"), ACCEPTED)
def test_weeks_as_people_write_them(text: str, times: dict[int, time]) -> None:
    answer = parse_week(text)
    assert dict(answer.times) == times
    assert answer.days == frozenset(times)
    assert answer.at is None


@pytest.mark.parametrize(
    ("text", "days", "alone"),
    [
        ("mon wed fri", frozenset({0, 2, 4}), None),
        ("Tuesdays and Thursdays", frozenset({1, 3}), None),
        ("weekdays", frozenset(WEEKDAYS), None),
        ("6:30pm", frozenset(), time(18, 30)),
        ("at 7", frozenset(), T0700),
        ("half six", frozenset(), T0630),
    ],
)
def test_days_alone_or_a_time_alone(text: str, days: frozenset[int], alone: time | None) -> None:
    answer = parse_week(text)
    assert (answer.days, dict(answer.times), answer.at) == (days, {}, alone)


REFUSED = [
    ("", ScheduleProblem.NO_DAYS, "Which days?"),
    ("at and", ScheduleProblem.NO_DAYS, "Which days?"),
    ("mon 25:00", ScheduleProblem.NO_SUCH_TIME, "That time doesn't exist"),
    ("mon 7:75", ScheduleProblem.NO_SUCH_TIME, "That time doesn't exist"),
    ("funday 7:00", ScheduleProblem.UNKNOWN_DAY, "I don't know the day “funday”"),
    ("mon sometimes 7:00", ScheduleProblem.UNKNOWN_DAY, "“sometimes”"),
    ("sat 13pm", ScheduleProblem.AM_PM_HOUR, "from 1 to 12"),
    ("sat 123", ScheduleProblem.BAD_TIME, "What time?"),
    ("tue 6:30, tue 7:00", ScheduleProblem.DUPLICATE_DAY, "Tue has two times"),
    ("weekdays 6:30 and mon 7", ScheduleProblem.DUPLICATE_DAY, "Mon has two times"),
    ("mon 7:00 wed sat", ScheduleProblem.DAY_WITHOUT_TIME, "What time on Wed, Sat?"),
    ("mon 7:00 8:00", ScheduleProblem.TIME_WITHOUT_DAYS, "Which days at 08:00?"),
    ("7:00 8:00 mon", ScheduleProblem.TIME_WITHOUT_DAYS, "Which days at 07:00?"),
]


@pytest.mark.parametrize(("text", "problem", "said"), REFUSED)
def test_what_cannot_be_read_is_refused_with_a_reason(
    text: str, problem: ScheduleProblem, said: str
) -> None:
    with pytest.raises(ScheduleError) as refused:
        parse_week(text)
    assert refused.value.problem is problem
    assert said in schedule_problem_text(refused.value)


def test_every_refusal_gives_an_example() -> None:
    """The new refusals each show how to write it."""
    for problem in (
        ScheduleProblem.DUPLICATE_DAY,
        ScheduleProblem.DAY_WITHOUT_TIME,
        ScheduleProblem.TIME_WITHOUT_DAYS,
    ):
        text = schedule_problem_text(ScheduleError(problem, "1" if "day" in problem else "07:00"))
        assert "e.g. “tue thu 06:30, sat 08:00”" in text


@pytest.mark.parametrize(
    ("times", "read_back"),
    [
        ({1: T0630, 3: T0630, 5: T0800}, "Tue, Thu at 06:30 · Sat at 08:00"),
        ({1: T0630, 3: T0630, 5: T0630}, "Tue, Thu, Sat at 06:30"),
        ({**at(WEEKDAYS, T0630), 6: time(9, 0)}, "weekdays at 06:30 · Sun at 09:00"),
        (at(range(7), T0700), "every day at 07:00"),
        ({5: T0800, 0: time(18, 0)}, "Mon at 18:00 · Sat at 08:00"),
    ],
)
def test_the_week_is_read_back_grouped_by_time(times: dict[int, time], read_back: str) -> None:
    assert week_text(times) == read_back


@pytest.mark.parametrize(
    ("said", "zone"),
    [
        ("I live in NYC", "America/New_York"),
        ("I'm in London", "Europe/London"),
        ("I’m in London", "Europe/London"),
        ("based in Berlin", "Europe/Berlin"),
        ("I am based in Tokyo", "Asia/Tokyo"),
        ("we live near Boston", "America/New_York"),
        ("in Paris", "Europe/Paris"),
        ("London", "Europe/London"),
    ],
)
def test_a_place_said_as_a_sentence_finds_its_zone(said: str, zone: str) -> None:
    assert find_timezone(said) == zone


# ------------------------------------------------------------------ next due, per day
def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_each_day_is_due_at_its_own_time() -> None:
    """Tue and Thu 06:30, Sat 08:00 in London in winter (UTC): the week's warm-ups."""
    schedule = RunSchedule.per_day({1: T0630, 3: T0630, 5: T0800}, "Europe/London", 15)
    after, dues = utc(2026, 11, 23, 0, 0), []  # Monday
    for _ in range(4):
        slot = next_slot(schedule, after)
        assert slot is not None
        dues.append(slot.due_utc)
        after = slot.due_utc
    assert dues == [
        utc(2026, 11, 24, 6, 15),
        utc(2026, 11, 26, 6, 15),
        utc(2026, 11, 28, 7, 45),
        utc(2026, 12, 1, 6, 15),
    ]


@pytest.mark.parametrize(
    ("zone", "day", "times", "due"),
    [
        # Spring forward in Berlin (29 Mar 2026, 02:00 -> 03:00): Sunday 08:00 is CEST.
        ("Europe/Berlin", date(2026, 3, 29), {5: T0700, 6: T0800}, utc(2026, 3, 29, 5, 45)),
        ("Europe/Berlin", date(2026, 3, 28), {5: T0700, 6: T0800}, utc(2026, 3, 28, 5, 45)),
        # Fall back in New York (1 Nov 2026): Sunday's 01:30 is its first occurrence (EDT).
        ("America/New_York", date(2026, 11, 1), {6: time(1, 30)}, utc(2026, 11, 1, 5, 15)),
        # Sunday 02:30 in a spring-forward gap (New York, 8 Mar 2026) moves to 03:00 EDT.
        ("America/New_York", date(2026, 3, 8), {6: time(2, 30)}, utc(2026, 3, 8, 6, 45)),
    ],
)
def test_per_day_times_across_daylight_saving(
    zone: str, day: date, times: dict[int, time], due: datetime
) -> None:
    schedule = RunSchedule.per_day(times, zone, 15)
    assert slot_on(schedule, day).due_utc == due
    slot = next_slot(schedule, due - timedelta(minutes=1))
    assert slot is not None
    assert (slot.local_date, slot.due_utc) == (day, due)


def test_a_lead_across_midnight_is_due_the_day_before() -> None:
    """Saturday 08:00 and Sunday 00:10 with a 30-minute lead: Sunday's warm-up is due on
    Saturday 23:40 local, after Saturday's run and before Sunday's."""
    schedule = RunSchedule.per_day({5: T0800, 6: time(0, 10)}, "Europe/Paris", 30)
    saturday = next_slot(schedule, utc(2026, 12, 4, 12, 0))
    assert saturday is not None
    assert saturday.local_date == date(2026, 12, 5)
    sunday = next_slot(schedule, saturday.run_start_utc)
    assert sunday is not None
    assert sunday.local_date == date(2026, 12, 6)
    local_due = sunday.due_utc.astimezone(ZoneInfo("Europe/Paris"))
    assert (local_due.date(), local_due.time()) == (date(2026, 12, 5), time(23, 40))


def test_one_time_for_all_days_is_the_same_schedule_as_each_day_at_it() -> None:
    weekly = RunSchedule(frozenset({0, 2}), T0700, "UTC", 15)
    assert weekly == RunSchedule.per_day({0: T0700, 2: T0700}, "UTC", 15)
    assert weekly.times == {0: T0700, 2: T0700}
    assert hash(weekly) == hash(RunSchedule.per_day({0: T0700, 2: T0700}, "UTC", 15))


ZONES = st.sampled_from(
    ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]
)
WEEKS = st.dictionaries(
    st.integers(0, 6), st.times().map(lambda t: t.replace(second=0, microsecond=0)), min_size=1
)


@given(
    week=WEEKS,
    zone=ZONES,
    lead=st.integers(5, 120),
    start=st.integers(0, 2 * 365 * 24 * 60).map(
        lambda minutes: utc(2026, 1, 1, 0, 0) + timedelta(minutes=minutes)
    ),
)
def test_the_next_run_is_the_earliest_and_at_its_days_wall_time(
    week: dict[int, time], zone: str, lead: int, start: datetime
) -> None:
    """Whatever the week, zone and lead: the slot is due strictly after ``start``, lead
    minutes before its run, on a planned weekday at that day's wall time (or just after
    a gap), and no planned run in between has a warm-up due earlier."""
    schedule = RunSchedule.per_day(week, zone, lead)
    slot = next_slot(schedule, start)
    assert slot is not None
    assert slot.due_utc > start
    assert slot.run_start_utc - slot.due_utc == timedelta(minutes=lead)
    assert slot.local_date.weekday() in week
    local = slot.run_start_utc.astimezone(ZoneInfo(zone))
    assert local.date() == slot.local_date
    wall = datetime.combine(slot.local_date, week[slot.local_date.weekday()])
    assert timedelta(0) <= local.replace(tzinfo=None) - wall <= timedelta(hours=1)
    day = start.astimezone(ZoneInfo(zone)).date() - timedelta(days=1)
    while day < slot.local_date:
        if day.weekday() in week:
            assert slot_on(schedule, day).due_utc <= start
        day += timedelta(days=1)


@given(week=WEEKS)
def test_stored_weeks_read_back_the_same(week: dict[int, time]) -> None:
    assert decode_week(encode_week(week, week)) == (frozenset(week), week)
    assert decode_week(encode_week(week, {})) == (frozenset(week), {})
