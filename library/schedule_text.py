"""Reading a schedule from what a runner types: days ('tue thu', 'weekdays', 'mon-fri'),
a time ('6:30am', '18h30'), a week of days with their times ('tue thu 06:30, sat 08:00',
'mon, wed & sat at 6:30am', 'weekdays 6:30 and sun 9am', 'Tuesdays at half six'), a
lead in minutes and a time zone (a zone name, a city with small typos forgiven, 'UTC+2',
or 'I live in NYC').

A text that cannot be read raises :class:`ScheduleError` with a :class:`ScheduleProblem`
code and the part that did not fit; handlers word it (handlers/wording.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
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
    DUPLICATE_DAY = "duplicate_day"  # value: the weekday (Monday 0) given two times
    DAY_WITHOUT_TIME = "day_without_time"  # value: the weekdays, "5,6"
    TIME_WITHOUT_DAYS = "time_without_days"  # value: the time, "HH:MM"


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


@dataclass(frozen=True, slots=True)
class WeekAnswer:
    """What a runner wrote about their week: days each with a time (``times``), days
    alone (``days``, no ``times``), or a time alone (``at``, no ``days``)."""

    days: frozenset[int]
    times: Mapping[int, time]
    at: time | None = None


_NUMBERS = "one two three four five six seven eight nine ten eleven twelve"
_NUMBER_WORDS = {word: str(number) for number, word in enumerate(_NUMBERS.split(" "), start=1)}
_DAY_PATTERN = "|".join(sorted(_DAY_WORDS, key=len, reverse=True))
_RANGE = re.compile(
    rf"\b({_DAY_PATTERN})s?\s*(?:-|–|\bto\b|\bthrough\b|\bthru\b|\btill\b|\buntil\b)\s*"
    rf"({_DAY_PATTERN})s?\b"
)
# Words that join days and times and mean nothing by themselves.
_FILLERS = frozenset(
    {"at", "on", "and", "every", "each", "around", "about", "i", "my", "then", "plus", "also"}
    | {"run", "runs", "running"}
)
_SEPARATORS = re.compile(r"[\s,;/&+@]+")


def _quarter_to(match: re.Match[str]) -> str:
    hour = int(match.group(1))
    return f"{hour - 1 if hour > 1 else 12}:45"


def _normalized(text: str) -> str:
    """The text with spoken times as digits ('half six' -> '6:30', 'quarter to seven' ->
    '6:45', 'six am' -> '6am', 'noon' -> '12:00'), 'a.m.' as 'am', day ranges joined
    ('mon to fri' -> 'mon-fri') and 'every day' as 'daily'."""
    folded = text.casefold().replace("’", "'")
    folded = re.sub(r"\b(?:every|each)\s+day\b|\ball\s+week\b", "daily", folded)
    folded = re.sub(r"\bweek\s+days\b", "weekdays", folded)
    folded = re.sub(
        r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", lambda m: _NUMBER_WORDS[m.group(1)], folded
    )
    folded = re.sub(r"\b(?:noon|midday)\b", "12:00", folded)
    folded = re.sub(r"\bhalf\s+(?:past\s+)?(\d{1,2})\b(?![:.h]\d)", r"\1:30", folded)
    folded = re.sub(r"\bquarter\s+past\s+(\d{1,2})\b(?![:.h]\d)", r"\1:15", folded)
    folded = re.sub(r"\bquarter\s+to\s+(\d{1,2})\b(?![:.h]\d)", _quarter_to, folded)
    folded = re.sub(r"(\d)\s*o'?clock\b", r"\1", folded)
    folded = re.sub(r"\b([ap])\.m\.?", r"\1m", folded)
    folded = re.sub(r"(\d)\s+([ap]m)\b", r"\1\2", folded)
    return _RANGE.sub(r"\1-\2", folded)


def _day_token(word: str) -> frozenset[int] | None:
    """The weekdays a word names ('tue', 'tuesdays', 'weekends', 'mon-fri'), None for a
    word that joins them ('at', 'and')."""
    if word in _FILLERS:
        return None
    for candidate in (word, word.removesuffix("s")):
        try:
            return parse_days(candidate)
        except ScheduleError:
            continue
    raise ScheduleError(ScheduleProblem.UNKNOWN_DAY, word[:20])


def _tokens(text: str) -> list[frozenset[int] | time]:
    """The days and times of a text, in order."""
    found: list[frozenset[int] | time] = []
    for word in _SEPARATORS.split(_normalized(text)):
        word = word.strip(".!?()'\"")
        if not word:
            continue
        if word[0].isdigit():
            found.append(parse_time(word))
        elif (days := _day_token(word)) is not None:
            found.append(days)
    return found


class _Week:
    """Days and times collected into groups, each day in one group only."""

    def __init__(self) -> None:
        self.times: dict[int, time] = {}

    def add(self, days: set[int], at: time) -> None:
        for day in sorted(days):
            if day in self.times:
                raise ScheduleError(ScheduleProblem.DUPLICATE_DAY, str(day))
        self.times.update(dict.fromkeys(days, at))


def _days_first(tokens: list[frozenset[int] | time]) -> WeekAnswer:
    """'tue thu 06:30, sat 08:00': each time goes with the days before it."""
    week, waiting = _Week(), set[int]()
    for token in tokens:
        if isinstance(token, time):
            if not waiting:
                raise ScheduleError(ScheduleProblem.TIME_WITHOUT_DAYS, f"{token:%H:%M}")
            week.add(waiting, token)
            waiting = set()
        else:
            waiting.update(token)
    if waiting and week.times:
        raise ScheduleError(ScheduleProblem.DAY_WITHOUT_TIME, ",".join(map(str, sorted(waiting))))
    if waiting:
        return WeekAnswer(frozenset(waiting), {})
    return WeekAnswer(frozenset(week.times), week.times)


def _time_first(tokens: list[frozenset[int] | time]) -> WeekAnswer:
    """'7am mon wed, 9am sat': each time goes with the days after it."""
    week, current, days = _Week(), tokens[0], set[int]()
    for token in [*tokens[1:], tokens[0]]:  # the sentinel closes the last group
        if not isinstance(token, time):
            days.update(token)
            continue
        assert isinstance(current, time)
        if not days:
            raise ScheduleError(ScheduleProblem.TIME_WITHOUT_DAYS, f"{current:%H:%M}")
        week.add(days, current)
        current, days = token, set()
    return WeekAnswer(frozenset(week.times), week.times)


def parse_week(text: str) -> WeekAnswer:
    """Days with their times, written as people write them: 'tue thu 06:30, sat 08:00',
    'tue/thu/sat at 6.30', 'mon, wed & sat at 6:30am', 'weekdays 6:30 and sun 9am',
    'Tuesdays and Thursdays at half six', '7am mon wed fri'; or days alone ('mon wed
    fri'), or a time alone ('6:30pm').

    A day in two groups, a time with no days, or days left without a time (once other
    days have one) are refused: which one was meant cannot be told.
    """
    tokens = _tokens(text)
    if not tokens:
        raise ScheduleError(ScheduleProblem.NO_DAYS)
    first = tokens[0]
    if len(tokens) == 1 and isinstance(first, time):
        return WeekAnswer(frozenset(), {}, first)
    return _time_first(tokens) if isinstance(first, time) else _days_first(tokens)


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
# "I live in", "I'm in", "based in", "we're near": said before the place, not part of it.
_PLACE_PHRASE = re.compile(
    r"^(?:(?:i|we)(?:\s*'m|\s*'re|\s+am|\s+are)?\s+)?"
    r"(?:(?:live|living|based|located|staying|currently|now)\s+)*(?:in|near|at|around|from)\s+",
    re.IGNORECASE,
)


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
    """A zone from what a runner types: an IANA name, a city, or an offset like 'UTC+2',
    also said as a sentence ('I live in NYC', "I'm in London", 'based in Berlin').

    Small typos in a city are forgiven ('Lodnon'). Raises :class:`ScheduleError` when
    nothing fits.
    """
    cleaned = _PLACE_PHRASE.sub("", " ".join(text.replace("’", "'").split()), count=1)
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
