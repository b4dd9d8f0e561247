"""Reading a schedule from what a runner types: days ('tue thu', 'weekdays', 'mon-fri'),
a time ('6:30am', '18h30'), a lead in minutes and a time zone (a zone name, a city with
small typos forgiven, or 'UTC+2').

A text that cannot be read raises :class:`ScheduleError` with a :class:`ScheduleProblem`
code and the part that did not fit; handlers word it (handlers/wording.py).
"""

from __future__ import annotations

import re
from datetime import time
from enum import StrEnum
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from library.schedule import MAX_LEAD_MINUTES, MIN_LEAD_MINUTES

_DAY_WORDS = {
    "mon": 0,
    "monday": 0,
    "mo": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "tu": 1,
    "wed": 2,
    "weds": 2,
    "wednesday": 2,
    "we": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "th": 3,
    "fri": 4,
    "friday": 4,
    "fr": 4,
    "sat": 5,
    "saturday": 5,
    "sa": 5,
    "sun": 6,
    "sunday": 6,
    "su": 6,
}
_DAY_GROUPS = {
    "daily": range(7),
    "everyday": range(7),
    "every day": range(7),
    "all": range(7),
    "weekdays": range(5),
    "weekday": range(5),
    "workdays": range(5),
    "weekends": range(5, 7),
    "weekend": range(5, 7),
}
_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")


class ScheduleProblem(StrEnum):
    """Why a schedule value could not be read."""

    NO_DAYS = "no_days"
    UNKNOWN_DAY = "unknown_day"  # value: the word
    BAD_TIME = "bad_time"
    AM_PM_HOUR = "am_pm_hour"
    NO_SUCH_TIME = "no_such_time"
    LEAD_RANGE = "lead_range"
    UNKNOWN_ZONE_NAME = "unknown_zone_name"  # value: the text
    NO_ZONE = "no_zone"
    OFFSET_RANGE = "offset_range"
    ZONE_NOT_FOUND = "zone_not_found"  # value: the text


class ScheduleError(ValueError):
    """A schedule value that cannot be understood: its problem and the part concerned."""

    def __init__(self, problem: ScheduleProblem, value: str = "") -> None:
        super().__init__(problem.value if not value else f"{problem.value}: {value}")
        self.problem = problem
        self.value = value


def parse_days(text: str) -> frozenset[int]:
    """'mon wed fri', 'Mon,Wed,Fri', 'weekdays', 'daily', 'mon-fri', 'tue and thu'."""
    folded = text.casefold().strip()
    if not folded:
        raise ScheduleError(ScheduleProblem.NO_DAYS)
    if folded in _DAY_GROUPS:
        return frozenset(_DAY_GROUPS[folded])
    days: set[int] = set()
    for part in re.split(r"[\s,;/+&]+|\band\b", folded):
        if not part:
            continue
        if part in _DAY_GROUPS:
            days.update(_DAY_GROUPS[part])
            continue
        span = re.fullmatch(r"([a-z]+)-([a-z]+)", part)
        if span and span.group(1) in _DAY_WORDS and span.group(2) in _DAY_WORDS:
            start, end = _DAY_WORDS[span.group(1)], _DAY_WORDS[span.group(2)]
            days.update(d % 7 for d in range(start, start + (end - start) % 7 + 1))
            continue
        if part not in _DAY_WORDS:
            raise ScheduleError(ScheduleProblem.UNKNOWN_DAY, part[:20])
        days.add(_DAY_WORDS[part])
    if not days:  # only separators: ",", "and"
        raise ScheduleError(ScheduleProblem.NO_DAYS)
    return frozenset(days)


def parse_time(text: str) -> time:
    """'07:00', '7:30', '7am', '6.45 pm', '18h30'."""
    match = _TIME.match(text.casefold().strip())
    if not match:
        raise ScheduleError(ScheduleProblem.BAD_TIME)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            raise ScheduleError(ScheduleProblem.AM_PM_HOUR)
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ScheduleError(ScheduleProblem.NO_SUCH_TIME)
    return time(hour, minute)


def parse_lead(text: str) -> int:
    """Minutes before the run: '15', '15 min', '20m'.

    At least 5, so the warm-up always lands before the run starts; at most 120, because
    a warm-up done much earlier than 15-20 minutes before the effort has worn off.
    """
    match = re.fullmatch(r"(\d{1,4})\s*(?:m|min|mins|minutes?)?", text.casefold().strip())
    if not match or not MIN_LEAD_MINUTES <= int(match.group(1)) <= MAX_LEAD_MINUTES:
        raise ScheduleError(ScheduleProblem.LEAD_RANGE)
    return int(match.group(1))


@cache
def _zone_names() -> dict[str, str]:
    """Every IANA zone name this system knows, by its case-folded form (a dict look-up
    instead of a failed file open per guess)."""
    return {name.casefold(): name for name in sorted(available_timezones())}


def parse_timezone(text: str) -> str:
    """An IANA zone name, case-insensitive ('europe/london' -> 'Europe/London',
    'america/port_of_spain' -> 'America/Port_of_Spain')."""
    name = text.strip().replace(" ", "_")
    zone = _zone_names().get(name.casefold())
    if zone is not None:
        return zone
    raise ScheduleError(ScheduleProblem.UNKNOWN_ZONE_NAME, text.strip()[:40])


# Big cities that have no zone of their own in the IANA database.
_CITY_ALIASES = {
    "nyc": "America/New_York",
    "boston": "America/New_York",
    "washington": "America/New_York",
    "miami": "America/New_York",
    "atlanta": "America/New_York",
    "philadelphia": "America/New_York",
    "san francisco": "America/Los_Angeles",
    "sf": "America/Los_Angeles",
    "la": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "portland": "America/Los_Angeles",
    "houston": "America/Chicago",
    "dallas": "America/Chicago",
    "austin": "America/Chicago",
    "montreal": "America/Toronto",
    "munich": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "cologne": "Europe/Berlin",
    "manchester": "Europe/London",
    "edinburgh": "Europe/London",
    "glasgow": "Europe/London",
    "birmingham": "Europe/London",
    "barcelona": "Europe/Madrid",
    "milan": "Europe/Rome",
    "geneva": "Europe/Zurich",
    "st petersburg": "Europe/Moscow",
    "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "osaka": "Asia/Tokyo",
    "cape town": "Africa/Johannesburg",
    "rio": "America/Sao_Paulo",
    "rio de janeiro": "America/Sao_Paulo",
    "uk": "Europe/London",
    "england": "Europe/London",
    "london time": "Europe/London",
}
_OFFSET = re.compile(r"^(?:utc|gmt)\s*([+-])\s*(\d{1,2})(?::?00)?$")


@cache
def _city_index() -> dict[str, str]:
    """'new york' -> 'America/New_York' for every city-named IANA zone, plus the aliases."""
    index: dict[str, str] = {}
    for zone in sorted(available_timezones()):
        area, _, city = zone.rpartition("/")
        if not area or area in ("Etc", "SystemV", "US", "Canada", "Brazil", "Mexico", "Chile"):
            continue
        index.setdefault(city.replace("_", " ").casefold(), zone)
    index.update(_CITY_ALIASES)
    return index


@cache
def _city_keys() -> tuple[str, ...]:
    return tuple(_city_index())


def find_timezone(text: str) -> str:
    """A zone from what a runner types: an IANA name, a city, or an offset like 'UTC+2'.

    Small typos in a city are forgiven ('Lodnon'). Raises :class:`ScheduleError` when
    nothing fits.
    """
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > 64:
        raise ScheduleError(ScheduleProblem.NO_ZONE)
    offset = _OFFSET.match(cleaned.casefold())
    if offset:
        hours = int(offset.group(2))
        if hours > (14 if offset.group(1) == "+" else 12):  # no Etc/GMT+13 or +14 exists
            raise ScheduleError(ScheduleProblem.OFFSET_RANGE)
        # The Etc/ zones count the other way: UTC+2 is Etc/GMT-2.
        sign = "-" if offset.group(1) == "+" else "+"
        return "UTC" if hours == 0 else f"Etc/GMT{sign}{hours}"
    try:
        return parse_timezone(cleaned)
    except ScheduleError:
        pass
    index = _city_index()
    key = cleaned.casefold().removesuffix(" time").strip(" .,!")
    if key in index:
        return index[key]
    # Damerau-Levenshtein counts a swapped pair of letters ('Lodnon') as one slip. No
    # city has a digit in its name: text with one (a rep report, say) is not searched.
    found: Any = None
    if len(key) >= 4 and not any(char.isdigit() for char in key):
        found = process.extractOne(
            key, _city_keys(), scorer=DamerauLevenshtein.normalized_similarity, score_cutoff=0.8
        )
    if found is not None:
        return index[found[0]]
    raise ScheduleError(ScheduleProblem.ZONE_NOT_FOUND, cleaned[:40])
