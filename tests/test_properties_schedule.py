"""Property-based tests of the schedule answers: days, times, leads and time zones."""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from handlers.wording import schedule_problem_text
from library.schedule import MAX_LEAD_MINUTES, MIN_LEAD_MINUTES
from library.schedule_text import (
    ScheduleError,
    find_timezone,
    parse_days,
    parse_lead,
    parse_time,
    parse_timezone,
)
from tests.strategies import (
    ANY_TEXT,
    CLASSIC_RUNS,
    LONG_RUNS,
    PROPERTIES,
    extra_spaces,
    mixed_case,
)

# The spellings of each day (Monday 0) and the day groups, as runners type them.
DAY_SPELLINGS = (
    ("mon", "monday", "mo"),
    ("tue", "tues", "tuesday", "tu"),
    ("wed", "weds", "wednesday", "we"),
    ("thu", "thur", "thurs", "thursday", "th"),
    ("fri", "friday", "fr"),
    ("sat", "saturday", "sa"),
    ("sun", "sunday", "su"),
)
GROUPS = {
    "daily": range(7),
    "everyday": range(7),
    "all": range(7),
    "weekdays": range(5),
    "weekday": range(5),
    "workdays": range(5),
    "weekends": range(5, 7),
    "weekend": range(5, 7),
}
DAY_SEPARATORS = (" ", ", ", ",", " and ", "/", ";", " & ", "+", " , and ")
KNOWN_DAY_WORDS = frozenset(
    {*itertools.chain.from_iterable(DAY_SPELLINGS), *GROUPS, "and", "every day"}
)
AM_PM = ("am", "pm", "a.m.", "p.m.")
LEAD_UNITS = ("", " min", "min", " mins", " minutes", " minute", "m", " m")

ZONES = tuple(sorted(available_timezones()))
# Zone names that read as an offset ("GMT+0", "Etc/GMT-3" is not one) are taken as one.
OFFSET_LIKE = re.compile(r"^(?:utc|gmt)\s*[+-]", re.IGNORECASE)
CONTINENTS = frozenset(
    {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe"}
    | {"Indian", "Pacific"}
)
CITIES = tuple(sorted({z.rpartition("/")[2] for z in ZONES if z.split("/")[0] in CONTINENTS}))
# Cities the bot maps to the zone of a bigger city nearby.
CITY_ALIASED = frozenset({"Montreal"})

ANSWER_PARSERS: tuple[Callable[[str], object], ...] = (
    parse_days,
    parse_time,
    parse_lead,
    find_timezone,
    parse_timezone,
)


def refusal(parse: Callable[[str], object], text: str) -> str:
    """What a runner is told when ``parse`` cannot read ``text``."""
    with pytest.raises(ScheduleError) as refused:
        parse(text)
    return schedule_problem_text(refused.value)


def assert_answer_or_schedule_error(text: str) -> None:
    """Each parser gives a valid value or refuses with ScheduleError, nothing else."""
    refusals: list[str] = []
    for parse in ANSWER_PARSERS:
        try:
            value = parse(text)
        except ScheduleError as error:
            refusals.append(schedule_problem_text(error))
            continue
        if parse is parse_days:
            assert isinstance(value, frozenset)
            assert value
            assert value <= frozenset(range(7))
        elif parse is parse_time:
            assert isinstance(value, time)
        elif parse is parse_lead:
            assert isinstance(value, int)
            assert MIN_LEAD_MINUTES <= value <= MAX_LEAD_MINUTES
        else:
            assert isinstance(value, str)
            ZoneInfo(value)  # a zone that exists, usable for the schedule
    assert all(refusals), "a refusal says how to write the answer"


@PROPERTIES
@given(ANY_TEXT)
@example("")
@example(",")
@example(" and ")
@example("UTC-13")
@example("utc+14")
@example("9" * 4096)
@example("-" + "9" * 40)
@example("\x00mon\x00")
@example("‏الاثنين")
def test_any_text_is_an_answer_or_a_schedule_error(text: str) -> None:
    """Any text gives a valid day set, time, lead or zone, or a ScheduleError."""
    assert_answer_or_schedule_error(text)


@PROPERTIES
@given(LONG_RUNS)
def test_long_runs_are_answered_within_the_deadline(text: str) -> None:
    """Runs of digits, spaces and words up to 4,096 characters are parsed quickly."""
    assert_answer_or_schedule_error(text)


def test_classic_runs_are_answered() -> None:
    """The classic backtracking runs (4,096 digits, spaces, '-', ...) all get an answer."""
    for text in CLASSIC_RUNS:
        assert_answer_or_schedule_error(text)


@st.composite
def day_lists(draw: st.DrawFn) -> tuple[str, frozenset[int]]:
    """Days in the forms runners type: names, abbreviations, groups and ranges, any order,
    separators, case and spacing; with the set of weekdays they mean."""
    parts: list[str] = []
    days: set[int] = set()
    for _ in range(draw(st.integers(min_value=1, max_value=7))):
        kind = draw(st.sampled_from(("day", "day", "day", "range", "group")))
        if kind == "day":
            day = draw(st.integers(min_value=0, max_value=6))
            parts.append(draw(st.sampled_from(DAY_SPELLINGS[day])))
            days.add(day)
        elif kind == "range":
            start, end = draw(st.integers(0, 6)), draw(st.integers(0, 6))
            first = draw(st.sampled_from(DAY_SPELLINGS[start]))
            last = draw(st.sampled_from(DAY_SPELLINGS[end]))
            parts.append(f"{first}-{last}")
            days.update(d % 7 for d in range(start, start + (end - start) % 7 + 1))
        else:
            group = draw(st.sampled_from(sorted(GROUPS)))
            parts.append(group)
            days.update(GROUPS[group])
    text = draw(st.sampled_from(DAY_SEPARATORS)).join(parts)
    return extra_spaces(draw, mixed_case(draw, text)), frozenset(days)


@PROPERTIES
@given(day_lists())
@example(("mon wed fri", frozenset({0, 2, 4})))
@example(("Tue and Thu", frozenset({1, 3})))
@example(("fri-mon", frozenset({4, 5, 6, 0})))
@example(("every day", frozenset(range(7))))
def test_day_lists_round_trip(days: tuple[str, frozenset[int]]) -> None:
    """Any mix of day names, groups and ranges gives exactly the days it names."""
    text, expected = days
    assert parse_days(text) == expected


@PROPERTIES
@given(day_lists(), st.text(st.sampled_from("bcdfghjklmnopqrvxyz"), min_size=1, max_size=12))
@example(("mon", frozenset({0})), "funday")
def test_an_unknown_word_among_days_is_refused(days: tuple[str, frozenset[int]], word: str) -> None:
    """A word that is no day, among days, is refused rather than skipped."""
    assume(word not in KNOWN_DAY_WORDS)
    with pytest.raises(ScheduleError):
        parse_days(f"{days[0]} {word}")


@st.composite
def clock_times(draw: st.DrawFn) -> tuple[str, time]:
    """A time of day in a documented form ('6:30', '06:30', '6.30am', '18h30', '7 pm')."""
    at = time(draw(st.integers(0, 23)), draw(st.integers(0, 59)))
    if draw(st.booleans()):
        hour = draw(st.sampled_from((f"{at.hour}", f"{at.hour:02}")))
        text = hour + draw(st.sampled_from((":", ".", "h"))) + f"{at.minute:02}"
    else:
        twelve = at.hour % 12 or 12
        hour = draw(st.sampled_from((f"{twelve}", f"{twelve:02}")))
        suffix = AM_PM[at.hour >= 12] if draw(st.booleans()) else AM_PM[2 + (at.hour >= 12)]
        space = draw(st.sampled_from(("", " ")))
        if at.minute == 0 and draw(st.booleans()):
            text = hour + space + suffix
        else:
            text = hour + draw(st.sampled_from((":", "."))) + f"{at.minute:02}" + space + suffix
    padding = draw(st.sampled_from(("", " ", "  ", "\t")))
    return mixed_case(draw, padding + text + padding), at


@PROPERTIES
@given(clock_times())
@example(("6:30", time(6, 30)))
@example(("06:30", time(6, 30)))
@example(("6.30am", time(6, 30)))
@example(("18:30", time(18, 30)))
@example(("12am", time(0)))
@example(("12 P.M.", time(12)))
def test_times_round_trip(clock: tuple[str, time]) -> None:
    """Every time of day, written 24-hour or am/pm, parses back to itself."""
    text, expected = clock
    assert parse_time(text) == expected


@PROPERTIES
@given(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.sampled_from(("", "am", "pm")),
)
@example(24, 0, "")
@example(7, 60, "")
@example(0, 0, "am")
@example(13, 0, "pm")
def test_impossible_times_are_refused(hour: int, minute: int, suffix: str) -> None:
    """Hours past 23 (or outside 1-12 with am/pm), minutes past 59, negatives: refused."""
    valid = 0 <= minute <= 59 and (1 <= hour <= 12 if suffix else 0 <= hour <= 23)
    text = f"{hour}:{minute:02}{suffix}" if minute >= 0 else f"{hour}:{minute}{suffix}"
    if valid:
        expected = hour % 12 + (12 if suffix == "pm" else 0) if suffix else hour
        assert parse_time(text) == time(expected, minute)
    else:
        with pytest.raises(ScheduleError):
            parse_time(text)


@PROPERTIES
@given(
    st.one_of(
        st.integers(min_value=MIN_LEAD_MINUTES, max_value=MAX_LEAD_MINUTES),
        st.integers(min_value=-(10**30), max_value=10**30),
    ),
    st.sampled_from(LEAD_UNITS),
    st.sampled_from(("", " ", "\t")),
    st.booleans(),
)
@example(15, "", "", False)
@example(20, " min", "", False)
@example(4, "", "", False)
@example(121, "m", "", False)
@example(-5, "", "", False)
@example(10**30, "", "", False)
def test_leads_round_trip_or_are_refused(
    minutes: int, unit: str, padding: str, upper: bool
) -> None:
    """Minutes from 5 to 120 with any unit parse back; anything else is refused."""
    text = padding + f"{minutes}{unit}" + padding
    if upper:
        text = text.upper()
    if MIN_LEAD_MINUTES <= minutes <= MAX_LEAD_MINUTES:
        assert parse_lead(text) == minutes
    else:
        with pytest.raises(ScheduleError):
            parse_lead(text)


def flip_case(text: str, mask: int) -> str:
    """``text`` with the letters whose bit is set in ``mask`` (cyclically) upper-cased."""
    return "".join(ch.upper() if mask >> (i % 64) & 1 else ch for i, ch in enumerate(text))


CASE_MASKS = st.integers(min_value=0, max_value=2**64 - 1)


@PROPERTIES
@given(st.sampled_from(ZONES), CASE_MASKS, st.booleans())
@example("America/New_York", 0, False)
@example("America/Port_of_Spain", 0, True)
@example("Etc/GMT+5", 0, False)
def test_every_zone_name_in_any_case_finds_itself(zone: str, mask: int, spaces: bool) -> None:
    """Every IANA zone name, in any letter case and with spaces for underscores, is itself."""
    typed = flip_case(zone.casefold(), mask)
    if spaces:
        typed = typed.replace("_", " ")
    assert parse_timezone(typed) == zone
    if not OFFSET_LIKE.match(zone):
        assert find_timezone(typed) == zone


@PROPERTIES
@given(
    st.sampled_from(("utc", "gmt", "UTC", "GMT", "Utc")),
    st.integers(-40, 40),
    st.sampled_from(("", " ")),
    st.sampled_from(("", ":00", "00")),
)
@example("utc", -12, "", "")
@example("utc", -13, "", "")
@example("UTC", 14, "", "")
@example("gmt", 15, "", "")
def test_utc_offsets_give_a_zone_with_that_offset(
    prefix: str, hours: int, space: str, minutes: str
) -> None:
    """'UTC+2', 'gmt -5', 'UTC+14:00' give a zone that far from UTC; offsets exist from
    UTC-12 to UTC+14, any other is refused."""
    sign = "+" if hours >= 0 else "-"
    typed = f"{prefix}{space}{sign}{space}{abs(hours)}{minutes}"
    if -12 <= hours <= 14:
        zone = ZoneInfo(find_timezone(typed))
        offset = datetime(2026, 1, 1, tzinfo=UTC).astimezone(zone).utcoffset()
        assert offset == timedelta(hours=hours)
    else:
        with pytest.raises(ScheduleError):
            find_timezone(typed)


@PROPERTIES
@given(st.sampled_from(CITIES), CASE_MASKS)
@example("London", 0)
@example("New_York", 0)
@example("Sao_Paulo", 0)
def test_every_zone_city_finds_a_zone_of_that_city(city: str, mask: int) -> None:
    """A city that names a zone ('london', 'New York'), in any case, gives a zone of it."""
    assume(city not in CITY_ALIASED)
    zone = find_timezone(flip_case(city.replace("_", " ").casefold(), mask))
    assert zone.rpartition("/")[2].casefold() == city.casefold()


SLIPS = ("missing", "extra", "wrong", "swapped")


@PROPERTIES
@given(
    st.sampled_from([c for c in CITIES if len(c) >= 6 and c.isalpha()]),
    st.integers(min_value=0, max_value=100),
    st.sampled_from(string.ascii_lowercase),
    st.sampled_from(SLIPS),
)
@example("London", 2, "n", "swapped")
@example("Berlin", 4, "i", "missing")
def test_a_city_with_a_one_letter_slip_still_gives_a_zone(
    city: str, at: int, letter: str, slip: str
) -> None:
    """'Lodnon', 'Berln': one slipped letter in a city of 6+ letters still gives a zone."""
    typed = city.casefold()
    at %= len(typed) - 1
    typed = {
        "missing": typed[:at] + typed[at + 1 :],
        "extra": typed[:at] + letter + typed[at:],
        "wrong": typed[:at] + letter + typed[at + 1 :],
        "swapped": typed[:at] + typed[at + 1] + typed[at] + typed[at + 2 :],
    }[slip]
    ZoneInfo(find_timezone(typed))


# Regressions the properties above found.


def test_offsets_past_utc_minus_12_are_refused() -> None:
    """UTC-13 and UTC-14 have no zone (Etc/GMT+13 does not exist): refused, not stored."""
    for typed in ("UTC-13", "gmt-14"):
        assert re.search("UTC-12 to UTC", refusal(find_timezone, typed))
    assert find_timezone("UTC+14") == "Etc/GMT-14"
    assert find_timezone("UTC-12") == "Etc/GMT+12"


def test_zone_names_are_case_insensitive_beyond_the_first_letter() -> None:
    """'america/new_york' and 'america/port_of_spain' are zone names in lower case."""
    assert parse_timezone("america/new_york") == "America/New_York"
    assert find_timezone("america/port_of_spain") == "America/Port_of_Spain"
    assert find_timezone("etc/gmt+5") == "Etc/GMT+5"


def test_days_without_a_day_are_refused() -> None:
    """',' or 'and' name no day: asked again instead of a schedule with no runs."""
    for typed in (",", "and", " , ; / "):
        assert re.search(r"e\.g\.", refusal(parse_days, typed))
