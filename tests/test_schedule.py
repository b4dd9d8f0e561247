"""Next-due computation: zones, DST both ways, day lists, leads across midnight; parsing."""

from __future__ import annotations

import gc
import io
import itertools
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.zones import zone_for_location
from handlers.wording import schedule_problem_text
from library.schedule import RunSchedule, days_from_mask, days_mask, local_instant, next_slot
from library.schedule_text import (
    ScheduleError,
    find_timezone,
    parse_days,
    parse_lead,
    parse_time,
    parse_timezone,
)

LONDON, NEW_YORK = "Europe/London", "America/New_York"
EVERY_DAY = frozenset(range(7))


def refusal(parse: Callable[[str], object], text: str) -> str:
    """What a runner is told when ``parse`` cannot read ``text``."""
    with pytest.raises(ScheduleError) as refused:
        parse(text)
    return schedule_problem_text(refused.value)


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def schedule(
    days: frozenset[int] = EVERY_DAY, at: time = time(7, 0), zone: str = LONDON, lead: int = 15
) -> RunSchedule:
    return RunSchedule(days, at, zone, lead)


def test_due_is_lead_minutes_before_the_local_run() -> None:
    """07:00 in London in winter is 07:00 UTC: due 06:45 UTC."""
    slot = next_slot(schedule(), utc(2026, 11, 23, 0, 0))
    assert slot is not None
    assert slot.local_date == date(2026, 11, 23)
    assert slot.run_start_utc == utc(2026, 11, 23, 7, 0)
    assert slot.due_utc == utc(2026, 11, 23, 6, 45)


def test_other_zone() -> None:
    """07:00 in New York in winter is 12:00 UTC."""
    slot = next_slot(schedule(zone=NEW_YORK), utc(2026, 12, 1, 0, 0))
    assert slot is not None
    assert slot.run_start_utc == utc(2026, 12, 1, 12, 0)


def test_after_the_due_time_the_next_day_comes() -> None:
    """Strictly after: once due has passed, the following planned day is next."""
    slot = next_slot(schedule(), utc(2026, 11, 23, 6, 45))
    assert slot is not None
    assert slot.local_date == date(2026, 11, 24)


def test_only_chosen_weekdays() -> None:
    """Mon/Wed/Fri: from a Monday after the run, the next is Wednesday."""
    mwf = frozenset({0, 2, 4})
    slot = next_slot(schedule(days=mwf), utc(2026, 11, 23, 9, 0))  # Monday
    assert slot is not None
    assert slot.local_date == date(2026, 11, 25)
    assert slot.local_date.weekday() == 2


def test_local_time_stays_fixed_across_spring_forward() -> None:
    """London 07:00 is 07:00 UTC before the March change and 06:00 UTC after it."""
    before = next_slot(schedule(), utc(2026, 3, 28, 8, 0))
    after = next_slot(schedule(), utc(2026, 3, 29, 8, 0))
    assert before is not None
    assert after is not None
    assert before.run_start_utc == utc(2026, 3, 29, 6, 0)  # 29 March is already summer time
    assert after.run_start_utc == utc(2026, 3, 30, 6, 0)
    assert before.run_start_utc.astimezone(ZoneInfo(LONDON)).time() == time(7, 0)


def test_local_time_stays_fixed_across_fall_back() -> None:
    """London 07:00 is 06:00 UTC in October summer time and 07:00 UTC after the change."""
    saturday = next_slot(schedule(), utc(2026, 10, 24, 0, 0))
    sunday = next_slot(schedule(), utc(2026, 10, 25, 0, 0))
    assert saturday is not None
    assert sunday is not None
    assert saturday.run_start_utc == utc(2026, 10, 24, 6, 0)
    assert sunday.run_start_utc == utc(2026, 10, 25, 7, 0)


def test_fall_back_ambiguous_time_is_sent_once() -> None:
    """01:30 happens twice in New York on 1 Nov 2026: one slot, at the first occurrence."""
    sched = schedule(at=time(1, 30), zone=NEW_YORK, lead=0)
    slots = []
    moment = utc(2026, 10, 31, 12, 0)
    for _ in range(3):
        slot = next_slot(sched, moment)
        assert slot is not None
        slots.append(slot)
        moment = slot.due_utc
    assert [s.local_date for s in slots] == [
        date(2026, 11, 1),
        date(2026, 11, 2),
        date(2026, 11, 3),
    ]
    assert slots[0].run_start_utc == utc(2026, 11, 1, 5, 30)  # EDT, the first 01:30


def test_spring_forward_gap_moves_to_the_next_valid_time() -> None:
    """02:30 does not exist in New York on 8 Mar 2026: the run moves to 03:00 EDT."""
    instant = local_instant(date(2026, 3, 8), time(2, 30), ZoneInfo(NEW_YORK))
    assert instant == utc(2026, 3, 8, 7, 0)
    assert instant.astimezone(ZoneInfo(NEW_YORK)).time() == time(3, 0)


def test_lead_crossing_midnight_keeps_the_run_date() -> None:
    """A 00:10 run with a 30-minute lead is due at 23:40 the evening before."""
    sched = schedule(at=time(0, 10), lead=30)
    slot = next_slot(sched, utc(2026, 11, 23, 12, 0))
    assert slot is not None
    assert slot.local_date == date(2026, 11, 24)
    assert slot.due_utc == utc(2026, 11, 23, 23, 40)


def test_lead_crossing_midnight_on_a_chosen_day_only() -> None:
    """Runs on Tuesdays at 00:05 with a 20-minute lead: due Monday 23:45 local."""
    sched = schedule(days=frozenset({1}), at=time(0, 5), lead=20)
    slot = next_slot(sched, utc(2026, 11, 23, 0, 0))  # Monday
    assert slot is not None
    assert slot.local_date == date(2026, 11, 24)
    assert slot.due_utc == utc(2026, 11, 23, 23, 45)


def test_skipped_dates_are_passed_over() -> None:
    """/skip: the skipped run's date is not planned again."""
    slot = next_slot(
        schedule(), utc(2026, 11, 23, 0, 0), skip_dates=frozenset({date(2026, 11, 23)})
    )
    assert slot is not None
    assert slot.local_date == date(2026, 11, 24)


def test_no_days_no_slot() -> None:
    """A schedule without days has nothing due."""
    assert next_slot(schedule(days=frozenset()), utc(2026, 11, 23, 0, 0)) is None


def test_every_day_for_a_year_in_many_zones_is_at_local_seven() -> None:
    """Walking a year day by day, each run is at 07:00 local and each date once."""
    for zone in (LONDON, NEW_YORK, "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo"):
        sched = schedule(zone=zone)
        moment = utc(2026, 1, 1, 0, 0)
        dates = []
        for _ in range(365):
            slot = next_slot(sched, moment)
            assert slot is not None
            assert slot.run_start_utc.astimezone(ZoneInfo(zone)).time() == time(7, 0)
            dates.append(slot.local_date)
            moment = slot.due_utc
        assert len(set(dates)) == 365
        assert all(b - a == timedelta(days=1) for a, b in itertools.pairwise(dates))


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon wed fri", {0, 2, 4}),
        ("Mon, Wed, Fri", {0, 2, 4}),
        ("tue and thu", {1, 3}),
        ("weekdays", {0, 1, 2, 3, 4}),
        ("daily", set(range(7))),
        ("every day", set(range(7))),
        ("weekends", {5, 6}),
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("fri-mon", {4, 5, 6, 0}),
        ("Saturday sunday", {5, 6}),
    ],
)
def test_parse_days(text: str, days: set[int]) -> None:
    """Day lists in the forms runners type."""
    assert parse_days(text) == frozenset(days)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07:00", time(7)),
        ("7:30", time(7, 30)),
        ("7am", time(7)),
        ("6.45 pm", time(18, 45)),
        ("18h30", time(18, 30)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("23:59", time(23, 59)),
    ],
)
def test_parse_time(text: str, expected: time) -> None:
    """Times in 24-hour and am/pm forms."""
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "7:75", "13pm", "noonish", "", "-1:00"])
def test_parse_time_rejects_nonsense(text: str) -> None:
    """Impossible times are refused with an example of the right form."""
    assert re.search(r"e\.g\.|HH:MM", refusal(parse_time, text))


@pytest.mark.parametrize("text", ["moonday", "", "mon funday"])
def test_parse_days_rejects_nonsense(text: str) -> None:
    """Unknown days are refused with an example."""
    assert re.search(r"e\.g\.", refusal(parse_days, text))


def test_parse_lead_and_timezone() -> None:
    """Lead minutes 5-120; zones case-insensitively, unknown ones refused."""
    assert parse_lead("15") == 15
    assert parse_lead("20 min") == 20
    assert parse_lead("5") == 5
    for bad in ("-5", "999", "soon", "0", "4", "121"):
        with pytest.raises(ScheduleError):
            parse_lead(bad)
    assert parse_timezone("europe/london") == "Europe/London"
    assert parse_timezone("utc") == "UTC"
    assert parse_timezone("America/New York") == "America/New_York"
    assert re.search("Europe/London", refusal(parse_timezone, "Mars/Olympus"))


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("London", "Europe/London"),
        ("new york", "America/New_York"),
        ("Lodnon", "Europe/London"),
        ("Berln", "Europe/Berlin"),
        ("NYC", "America/New_York"),
        ("Munich", "Europe/Berlin"),
        ("São Paulo", "America/Sao_Paulo"),
        ("europe/paris", "Europe/Paris"),
        ("UTC", "UTC"),
        ("utc+2", "Etc/GMT-2"),
        ("GMT-5", "Etc/GMT+5"),
        ("UTC+0", "UTC"),
    ],
)
def test_find_timezone_from_cities_names_and_offsets(typed: str, zone: str) -> None:
    """Cities (with small typos), IANA names and UTC offsets all give a zone."""
    assert find_timezone(typed) == zone


@pytest.mark.parametrize("typed", ["mars", "", "x" * 200, "utc+20"])
def test_find_timezone_refuses_with_an_example(typed: str) -> None:
    """Nothing close enough: the error names an example to type."""
    assert re.search(r"e\.g\.|“", refusal(find_timezone, typed))


def test_zone_for_location() -> None:
    """A shared location gives the zone there; impossible coordinates give None."""
    assert zone_for_location(51.5072, -0.1276) == "Europe/London"
    assert zone_for_location(-33.87, 151.21) == "Australia/Sydney"
    assert zone_for_location(40.71, -74.0) == "America/New_York"
    assert zone_for_location(123.0, 0.0) is None


def test_days_mask_round_trip() -> None:
    """Every set of weekdays survives storage as a bit mask."""
    for size in range(8):
        for days in itertools.combinations(range(7), size):
            assert days_from_mask(days_mask(days)) == frozenset(days)
    assert days_mask({0}) == 1
    assert days_mask(range(7)) == 127


def test_the_zone_finder_holds_no_file_open() -> None:
    """A location lookup leaves no file open for the interpreter to report at exit
    (the polygon data is read into memory and its files closed)."""
    assert zone_for_location(52.52, 13.40) == "Europe/Berlin"
    open_files = [
        item
        for item in gc.get_objects()
        if isinstance(item, io.FileIO) and not item.closed and "timezonefinder" in str(item.name)
    ]
    assert open_files == []
