"""Run schedules: which days and at what local time a runner runs, and when each warm-up is due.

All times are computed with zoneinfo from the runner's local wall-clock time, so a 07:00
run stays at 07:00 through daylight-saving changes. On a fall-back day an ambiguous time
is taken once (its first occurrence); a time that falls into a spring-forward gap moves
to the first valid minute after the gap. A slot is identified by the run's local date,
which is what makes each delivery unique per runner and run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

DEFAULT_LEAD_MINUTES = 15
MIN_LEAD_MINUTES = 5
MAX_LEAD_MINUTES = 120
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
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


class ScheduleError(ValueError):
    """A schedule value that cannot be understood; the message says how to write it."""


@dataclass(frozen=True, slots=True)
class RunSchedule:
    """When a runner runs: weekdays (Monday 0), local start time, zone and warm-up lead."""

    weekdays: frozenset[int]
    run_time: time
    timezone: str
    lead_minutes: int = DEFAULT_LEAD_MINUTES

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def days_text(self) -> str:
        return describe_days(self.weekdays)


def describe_days(days: frozenset[int]) -> str:
    """'every day', 'weekdays' or 'Mon Wed Fri'."""
    if days == frozenset(range(7)):
        return "every day"
    if days == frozenset(range(5)):
        return "weekdays"
    return " ".join(WEEKDAY_NAMES[d].capitalize() for d in sorted(days)) or "no days"


@dataclass(frozen=True, slots=True)
class Slot:
    """One planned run: its local date, when it starts and when its warm-up is due (UTC)."""

    local_date: date
    run_start_utc: datetime
    due_utc: datetime


def local_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock ``wall`` on ``day`` in ``zone``.

    Ambiguous (fall-back) times give their first occurrence; times in a spring-forward
    gap give the first valid minute after the gap.
    """
    candidate = datetime.combine(day, wall, tzinfo=zone)
    instant = candidate.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == candidate.replace(tzinfo=None):
        return instant
    # In a gap: walk forward minute by minute to the first wall time that exists.
    probe = candidate.replace(tzinfo=None)
    for _ in range(24 * 60):
        probe += timedelta(minutes=1)
        aware = probe.replace(tzinfo=zone)
        back = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        if back == probe:
            return aware.astimezone(UTC)
    return instant  # no gap ends within a day: cannot happen with real zone data


def slot_on(schedule: RunSchedule, day: date) -> Slot:
    run_start = local_instant(day, schedule.run_time, schedule.zone)
    return Slot(day, run_start, run_start - timedelta(minutes=schedule.lead_minutes))


def next_slot(
    schedule: RunSchedule, after: datetime, *, skip_dates: frozenset[date] = frozenset()
) -> Slot | None:
    """The first planned run whose warm-up is due strictly after ``after``.

    ``skip_dates`` are local run dates the runner skipped. None when no days are chosen.
    """
    if not schedule.weekdays:
        return None
    if after.tzinfo is None:
        raise ValueError("after must be time-zone aware")
    # Start a day early: a lead can put a run's due time on the previous local day.
    day = after.astimezone(schedule.zone).date() - timedelta(days=1)
    for _ in range(15):
        if day.weekday() in schedule.weekdays and day not in skip_dates:
            slot = slot_on(schedule, day)
            if slot.due_utc > after:
                return slot
        day += timedelta(days=1)
    return None


def parse_days(text: str) -> frozenset[int]:
    """'mon wed fri', 'Mon,Wed,Fri', 'weekdays', 'daily', 'mon-fri', 'tue and thu'."""
    folded = text.casefold().strip()
    if not folded:
        raise ScheduleError("Which days? e.g. “mon wed fri”, “weekdays” or “daily”.")
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
            raise ScheduleError(
                f"I don't know the day “{part[:20]}”. Use e.g. “mon wed fri”, "
                "“weekdays” or “daily”."
            )
        days.add(_DAY_WORDS[part])
    if not days:  # only separators: ",", "and"
        raise ScheduleError("Which days? e.g. “mon wed fri”, “weekdays” or “daily”.")
    return frozenset(days)


def parse_time(text: str) -> time:
    """'07:00', '7:30', '7am', '6.45 pm', '18h30'."""
    match = _TIME.match(text.casefold().strip())
    if not match:
        raise ScheduleError("What time? Use 24-hour HH:MM like “07:00”, or “7am”.")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            raise ScheduleError("With am/pm the hour goes from 1 to 12, e.g. “6:30am”.")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ScheduleError("That time doesn't exist — use HH:MM from 00:00 to 23:59.")
    return time(hour, minute)


def parse_lead(text: str) -> int:
    """Minutes before the run: '15', '15 min', '20m'.

    At least 5, so the warm-up always lands before the run starts; at most 120, because
    a warm-up done much earlier than 15-20 minutes before the effort has worn off.
    """
    match = re.fullmatch(r"(\d{1,4})\s*(?:m|min|mins|minutes?)?", text.casefold().strip())
    if not match or not MIN_LEAD_MINUTES <= int(match.group(1)) <= MAX_LEAD_MINUTES:
        raise ScheduleError(
            f"Give the minutes before your run, from {MIN_LEAD_MINUTES} to {MAX_LEAD_MINUTES}, "
            "e.g. “15”."
        )
    return int(match.group(1))


def days_mask(days: Iterable[int]) -> int:
    """Weekdays (Monday 0) as a bit mask for storage: Monday is bit 0."""
    mask = 0
    for day in days:
        mask |= 1 << day
    return mask


def days_from_mask(mask: int) -> frozenset[int]:
    return frozenset(day for day in range(7) if mask & (1 << day))


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
    raise ScheduleError(
        f"I don't know the time zone “{text.strip()[:40]}”. Use a name like “Europe/London” "
        "or “America/New_York”."
    )


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

    Small typos in a city are forgiven ('Lodnon'). Raises :class:`ScheduleError` with
    examples when nothing fits.
    """
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > 64:
        raise ScheduleError(
            "Which time zone? Type your city (“London”) or a zone name (“Europe/London”), "
            "or share your location."
        )
    offset = _OFFSET.match(cleaned.casefold())
    if offset:
        hours = int(offset.group(2))
        if hours > (14 if offset.group(1) == "+" else 12):  # no Etc/GMT+13 or +14 exists
            raise ScheduleError("UTC offsets go from UTC-12 to UTC+14, e.g. “UTC+2”.")
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
    raise ScheduleError(
        f"I couldn't find a time zone for “{cleaned[:40]}”. Type the nearest big city "
        "(“Berlin”), a zone name (“Europe/Berlin”), or share your location."
    )


@cache
def _zone_finder() -> Any:
    from timezonefinder import TimezoneFinder  # imported late: it loads its data on import

    # In memory (about 30 MB, read in ~0.1 s): the coordinate files are read and closed at
    # once, instead of staying mapped until the finder is collected at exit (which
    # Python reports as unclosed files).
    return TimezoneFinder(in_memory=True)


def zone_for_location(latitude: float, longitude: float) -> str | None:
    """The IANA zone at a point on Earth (offline polygon data), None when it can't tell."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    zone: str | None = _zone_finder().timezone_at(lng=longitude, lat=latitude)
    if zone is None:
        return None
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return zone


class DeliveryStatus(StrEnum):
    """Where a due warm-up stands."""

    PENDING = "pending"  # waiting for its due time
    CLAIMED = "claimed"  # an instance is sending it (until its lease ends)
    SENT = "sent"
    MISSED = "missed"  # the run had started before it could go: never sent late
    SKIPPED = "skipped"  # the runner skipped this run
    FAILED = "failed"  # Telegram refused it for good (the runner blocked the bot)


class DeliverySlot(StrEnum):
    """What a delivery is: the planned pre-run warm-up, a snoozed repeat of it, or the
    weekly summary."""

    WARMUP = "warmup"
    SNOOZE = "snooze"
    SUMMARY = "summary"


SNOOZE_MINUTES = 10
SNOOZE_GRACE = timedelta(minutes=60)
MAX_MISSED_RECORDED = 14
RETRY_BASE = timedelta(seconds=30)
RETRY_MAX = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Delivery:
    """One warm-up due to one runner for one planned run."""

    id: int
    user_id: int
    local_date: date
    slot: DeliverySlot
    status: DeliveryStatus
    run_start_utc: datetime
    next_due_utc: datetime
    attempts: int
    session_id: int | None

    def run_started(self, now: datetime) -> bool:
        """True once the run has begun: a warm-up is then recorded as missed, not sent late."""
        return now >= self.run_start_utc


@dataclass(frozen=True, slots=True)
class FollowingSlots:
    """After one run: the runs that already went by (missed) and the next one to schedule."""

    missed: tuple[Slot, ...]
    next: Slot | None


def following_slots(
    schedule: RunSchedule, previous_run_start: datetime, now: datetime
) -> FollowingSlots:
    """The slots after the run starting at ``previous_run_start``, as seen at ``now``.

    Runs whose start has passed (the bot was down) come back as missed, at most
    :data:`MAX_MISSED_RECORDED` of them; the next is the first run not yet started,
    even if its due time has passed, so it is still sent before the run.
    """
    missed: list[Slot] = []
    slot = next_slot(schedule, previous_run_start)
    while slot is not None and slot.run_start_utc <= now:
        if len(missed) == MAX_MISSED_RECORDED:
            slot = next_slot(schedule, now)
            break
        missed.append(slot)
        slot = next_slot(schedule, slot.run_start_utc)
    return FollowingSlots(tuple(missed), slot)


SUMMARY_TIME = time(18, 0)  # local time of the weekly summary on the runner's chosen day
SUMMARY_GRACE = timedelta(hours=12)  # a summary later than this is recorded missed
DEFAULT_SUMMARY_DAY = 6  # Sunday


def next_summary_slot(
    timezone: str, weekday: int, after: datetime, *, skip_dates: frozenset[date] = frozenset()
) -> Slot:
    """The next weekly summary due strictly after ``after``: ``weekday`` at
    :data:`SUMMARY_TIME` local time. Its ``run_start_utc`` is the deadline, after which
    it is recorded as missed rather than sent (a summary can wait, but not for days)."""
    zone = ZoneInfo(timezone)
    day = after.astimezone(zone).date()
    day += timedelta(days=(weekday - day.weekday()) % 7)
    while True:  # ends: skip_dates is finite
        due = local_instant(day, SUMMARY_TIME, zone)
        if due > after and day not in skip_dates:
            return Slot(day, due + SUMMARY_GRACE, due)
        day += timedelta(days=7)


def retry_delay(attempts: int) -> timedelta:
    """Back-off before the next try after ``attempts`` failed ones: 30 s doubling to 10 min."""
    delay: timedelta = RETRY_BASE * (2 ** max(0, min(attempts - 1, 10)))
    return min(delay, RETRY_MAX)
