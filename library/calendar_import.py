"""Reading a calendar file (.ics) for runs: which events are runs, and when, in the runner's zone.

Pure: the file's bytes, the runner's zone, the present moment and the number of weeks
ahead come in; the runs found, the events the bot should ask about and counts of what
was left out come back as data and codes. ``icalendar`` parses the file (VTIMEZONE
definitions included) and ``recurring-ical-events`` expands RRULE, RDATE, EXDATE and
RECURRENCE-ID overrides; this module decides what is a run and converts the times. Both
are imported when a file is read, not with this module: the bot's start does not wait
for them.

Decisions:

- **Size first.** More than :data:`MAX_BYTES` is refused before anything is parsed, and
  a file that does not start with ``BEGIN:VCALENDAR`` is refused without parsing it.
- **Times.** A time with a zone (UTC, an IANA TZID, or a zone the file defines in a
  VTIMEZONE) is converted to the runner's zone exactly (daylight saving included). A
  *floating* time (no zone) is the runner's own wall-clock time, as RFC 5545 (3.3.5)
  defines floating times: the same hour wherever the reader is.
- **Unknown zones.** A TZID neither defined in the file nor known to zoneinfo is skipped
  and counted (:attr:`Skip.UNKNOWN_ZONE`), not read as floating: a run hours off would
  bring its warm-up at the wrong moment, which is worse than none.
- **All-day events** (a date without a time) are not runs: skipped and counted.
- **Range.** Runs from ``now`` (earlier ones are past) to the end of the day before
  ``today + weeks``; events with no occurrence in it are counted as past or later.
- **Rules that repeat more than once a day** (hourly or finer, several BYHOUR/BYMINUTE
  values) are skipped: no plan runs every hour, and expanding them is what junk files
  would use to keep the worker busy.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import icalendar

MAX_BYTES = 1024 * 1024  # a year's training plan is a few hundred kilobytes at most
MAX_EVENTS = 5000  # VEVENT components in one file
MAX_RUNS = 400  # runs and unsure occurrences in the range
DEFAULT_WEEKS = 12
_MAGIC = b"BEGIN:VCALENDAR"
_SUB_DAILY = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})


class CalendarProblem(StrEnum):
    """Why a file could not be read at all (nothing is imported)."""

    TOO_BIG = "too_big"  # more than MAX_BYTES
    NOT_ICALENDAR = "not_icalendar"  # not a VCALENDAR, or not text
    BROKEN = "broken"  # a VCALENDAR whose content cannot be read
    NO_EVENTS = "no_events"  # a calendar without a single event
    TOO_MANY = "too_many"  # more than MAX_EVENTS events, or MAX_RUNS runs in the range


class CalendarError(ValueError):
    """A file that cannot be imported, with its :class:`CalendarProblem`."""

    def __init__(self, problem: CalendarProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


class EventKind(StrEnum):
    """What an event's title and categories say it is."""

    RUN = "run"
    NOT_RUN = "not_run"
    UNSURE = "unsure"


class Skip(StrEnum):
    """Why an event of the file brought no run; counted per event (not per occurrence)."""

    ALL_DAY = "all_day"
    NO_START = "no_start"  # no DTSTART, or one that cannot be read
    UNKNOWN_ZONE = "unknown_zone"
    TOO_OFTEN = "too_often"  # repeats more than once a day
    CANCELLED = "cancelled"  # STATUS:CANCELLED
    NOT_A_RUN = "not_a_run"
    PAST = "past"
    LATER = "later"  # beyond the range


@dataclass(frozen=True, slots=True, order=True)
class Occurrence:
    """One run: the runner's local date and start time (hours and minutes)."""

    day: date
    start: time


@dataclass(frozen=True, slots=True)
class UnsureEvent:
    """Events with one title that may or may not be runs, with their occurrences in range."""

    title: str
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True, slots=True)
class CalendarReading:
    """What a file holds for the runner: ``runs`` (sorted, each date and time once),
    ``unsure`` (by title, most occurrences first) and ``skipped`` (counts by reason)."""

    runs: tuple[Occurrence, ...]
    unsure: tuple[UnsureEvent, ...]
    skipped: Mapping[Skip, int]

    def chosen(self, unsure_indexes: Iterable[int]) -> tuple[Occurrence, ...]:
        """The runs plus the unsure events at ``unsure_indexes``, sorted and unique."""
        picked = set(self.runs)
        for index in unsure_indexes:
            if 0 <= index < len(self.unsure):
                picked.update(self.unsure[index].occurrences)
        return tuple(sorted(picked))


def still_ahead(
    runs: Iterable[Occurrence], zone: ZoneInfo, now: datetime
) -> tuple[Occurrence, ...]:
    """The runs that have not started by ``now``: a preview read a while ago is imported
    without the runs that passed meanwhile."""
    local_now = now.astimezone(zone)
    return tuple(run for run in runs if datetime.combine(run.day, run.start, zone) >= local_now)


# ---------------------------------------------------------------- which events are runs
# Whole words (casefolded). English first, then German, Spanish, French and Russian.
RUN_WORDS = frozenset(
    {
        "run", "runs", "running", "jog", "jogs", "jogging", "tempo", "interval",
        "intervals", "fartlek", "recovery", "parkrun", "strides", "threshold",
        "5k", "10k", "15k", "halfmarathon", "marathon",
        "lauf", "laufen", "läufe", "laufeinheit", "halbmarathon", "intervall", "intervalle",
        "carrera", "correr", "rodaje", "maratón", "trote", "intervalos",
        "course", "footing", "fractionné", "intervalles",
        "бег", "пробежка", "пробежки", "пробежку", "марафон", "полумарафон", "интервалы",
        "интервальная", "интервальный", "длительная",
    }
)  # fmt: skip
RUN_PHRASES = (
    *("long run", "easy run", "half marathon", "track session", "course à pied"),
    *("sortie longue", "tirada larga"),
)
# German compounds end in "lauf" (Dauerlauf, Tempolauf); Russian words bend at the end.
RUN_SUFFIXES = ("lauf", "läufe")
RUN_PREFIXES = ("пробеж", "бегов")
NOT_RUN_WORDS = frozenset(
    {
        "meeting", "meetings", "call", "standup", "swim", "swimming", "bike", "biking",
        "cycling", "cycle", "ride", "spin", "gym", "yoga", "pilates", "strength",
        "weights", "lifting", "massage", "physio", "dentist", "doctor", "lunch",
        "dinner", "rest",
        "besprechung", "termin", "schwimmen", "radfahren", "rad", "krafttraining",
        "ruhetag",
        "reunión", "natación", "bicicleta", "ciclismo", "gimnasio", "descanso",
        "réunion", "natation", "vélo", "musculation", "repos",
        "встреча", "совещание", "плавание", "велосипед", "йога", "зал", "отдых",
    }
)  # fmt: skip
_WORD = re.compile(r"\w+")


def _says_run(words: Sequence[str]) -> bool:
    joined = " " + " ".join(words) + " "
    return (
        any(word in RUN_WORDS for word in words)
        or any(f" {phrase} " in joined for phrase in RUN_PHRASES)
        or any(word.endswith(RUN_SUFFIXES) or word.startswith(RUN_PREFIXES) for word in words)
    )


def classify(title: str, categories: Iterable[str] = ()) -> EventKind:
    """Run, not a run, or unsure, from an event's title and categories: a run word and
    no other-activity word is a run, the reverse is not, both or neither is unsure
    ("Swim + easy run", "Session 3")."""
    text = " ".join([title, *categories]).casefold()
    words = _WORD.findall(text)
    run = _says_run(words)
    other = any(word in NOT_RUN_WORDS for word in words)
    if run and not other:
        return EventKind.RUN
    if other and not run:
        return EventKind.NOT_RUN
    return EventKind.UNSURE


# ---------------------------------------------------------------- reading the file
def read_calendar(
    data: bytes, zone: ZoneInfo, now: datetime, weeks: int = DEFAULT_WEEKS
) -> CalendarReading:
    """The runs in ``data`` from ``now`` (aware) to ``weeks`` weeks ahead, in ``zone``.

    Raises :class:`CalendarError` for a file that cannot be imported at all.
    """
    import icalendar  # imported at the first file read (see the module's doc)

    calendar = _parse(data)
    events = [c for c in calendar.subcomponents if isinstance(c, icalendar.Event)]
    if not events:
        raise CalendarError(CalendarProblem.NO_EVENTS)
    if len(events) > MAX_EVENTS:
        raise CalendarError(CalendarProblem.TOO_MANY)
    skipped: Counter[Skip] = Counter()
    kept = _kept_events(events, skipped)
    local_now = now.astimezone(zone)
    first, end = local_now.date(), local_now.date() + timedelta(weeks=weeks)
    occurrences = _expand(calendar, kept, first, end)
    found: dict[str, list[tuple[EventKind, str, Occurrence]]] = {}
    for component in occurrences:
        when = _local_start(component, zone)
        if when is None or when < local_now or when.date() >= end:
            continue
        uid = str(component.get("UID"))
        title = str(component.get("SUMMARY") or "").strip()
        kind = classify(title, _categories(component))
        slot = Occurrence(when.date(), time(when.hour, when.minute))
        found.setdefault(uid, []).append((kind, title, slot))
    for uid, start in kept.items():
        if uid not in found:
            skipped[Skip.PAST if _before(start, zone, local_now) else Skip.LATER] += 1
    return _reading(found, skipped)


def _parse(data: bytes) -> icalendar.Calendar:
    import icalendar

    if len(data) > MAX_BYTES:
        raise CalendarError(CalendarProblem.TOO_BIG)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[: len(_MAGIC)]
    if head.upper() != _MAGIC:
        raise CalendarError(CalendarProblem.NOT_ICALENDAR)
    try:
        text = data.decode("utf-8-sig")
        calendar = icalendar.Calendar.from_ical(text)
    except UnicodeDecodeError as error:
        raise CalendarError(CalendarProblem.NOT_ICALENDAR) from error
    except (ValueError, KeyError, IndexError, TypeError) as error:  # icalendar's parse errors
        raise CalendarError(CalendarProblem.BROKEN) from error
    if not isinstance(calendar, icalendar.Calendar):
        raise CalendarError(CalendarProblem.NOT_ICALENDAR)
    return calendar


def _kept_events(events: Sequence[icalendar.Event], skipped: Counter[Skip]) -> dict[str, Any]:
    """The events worth expanding, by UID (a missing one is given), with their start;
    the others counted in ``skipped``. Overrides (RECURRENCE-ID) stay with their series."""
    kept: dict[str, Any] = {}
    for number, event in enumerate(events):
        if "UID" not in event:
            event["UID"] = f"coach-calendar-import-{number}"
        reason, start = _first_look(event)
        overrides = "RECURRENCE-ID" in event
        if reason is not None:
            if not overrides:
                skipped[reason] += 1
            event["X-COACH-SKIP"] = reason.value
        elif not overrides:
            kept[str(event["UID"])] = start
    return kept


def _first_look(event: icalendar.Event) -> tuple[Skip | None, Any]:
    try:
        prop: Any = event.get("DTSTART")
        start = None if prop is None else prop.dt
    except (ValueError, TypeError, AttributeError):
        return Skip.NO_START, None
    if not isinstance(start, date):
        return Skip.NO_START, None
    if not isinstance(start, datetime):
        return Skip.ALL_DAY, start
    if start.tzinfo is None and "TZID" in prop.params:
        return Skip.UNKNOWN_ZONE, start
    if str(event.get("STATUS") or "").upper() == "CANCELLED":
        return Skip.CANCELLED, start
    if _too_often(event):
        return Skip.TOO_OFTEN, start
    return None, start


def _too_often(event: icalendar.Event) -> bool:
    rules = event.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules]:
        if rule is None:
            continue
        if any(str(freq).upper() in _SUB_DAILY for freq in rule.get("FREQ", [])):
            return True
        if any(len(rule.get(part, [])) > 1 for part in ("BYHOUR", "BYMINUTE", "BYSECOND")):
            return True
    return False


def _expand(
    calendar: icalendar.Calendar, kept: Mapping[str, Any], first: date, end: date
) -> list[icalendar.Event]:
    """Every occurrence of the kept events between the day before ``first`` and the
    day after ``end`` (the exact bounds are checked in the runner's zone afterwards)."""
    import icalendar
    import recurring_ical_events

    only = icalendar.Calendar()
    for component in calendar.subcomponents:
        if isinstance(component, icalendar.Timezone) or (
            isinstance(component, icalendar.Event)
            and "X-COACH-SKIP" not in component
            and str(component["UID"]) in kept
        ):
            only.add_component(component)
    query = recurring_ical_events.of(only, skip_bad_series=True)
    try:
        found = query.between(first - timedelta(days=1), end + timedelta(days=1))
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
        raise CalendarError(CalendarProblem.BROKEN) from error
    return [event for event in found if isinstance(event, icalendar.Event)]


def _local_start(event: icalendar.Event, zone: ZoneInfo) -> datetime | None:
    prop: Any = event["DTSTART"]
    start = prop.dt
    if not isinstance(start, datetime):
        return None  # an RDATE given as a date in a timed series: no time to run at
    return _in_zone(start, zone)


def _in_zone(start: datetime, zone: tzinfo) -> datetime:
    if start.tzinfo is None:  # floating: the runner's own wall clock (RFC 5545, 3.3.5)
        return start.replace(tzinfo=zone)
    return start.astimezone(zone)


def _before(start: Any, zone: ZoneInfo, local_now: datetime) -> bool:
    if isinstance(start, datetime):
        return _in_zone(start, zone) < local_now
    return isinstance(start, date) and start < local_now.date()


def _categories(event: icalendar.Event) -> list[str]:
    value = event.get("CATEGORIES")
    lists = value if isinstance(value, list) else [value]
    return [str(cat) for item in lists if item is not None for cat in getattr(item, "cats", [])]


def _reading(
    found: Mapping[str, list[tuple[EventKind, str, Occurrence]]], skipped: Counter[Skip]
) -> CalendarReading:
    runs: set[Occurrence] = set()
    unsure: dict[str, tuple[str, set[Occurrence]]] = {}
    for slots in found.values():
        for kind, title, slot in slots:
            if kind is EventKind.RUN:
                runs.add(slot)
            elif kind is EventKind.UNSURE:
                unsure.setdefault(title.casefold(), (title, set()))[1].add(slot)
        if any(kind is EventKind.NOT_RUN for kind, _, _ in slots):
            skipped[Skip.NOT_A_RUN] += 1
    asked = tuple(
        UnsureEvent(title, tuple(sorted(slots - runs)))
        for title, slots in sorted(unsure.values(), key=lambda item: (-len(item[1]), item[0]))
        if slots - runs
    )
    if len(runs) + sum(len(event.occurrences) for event in asked) > MAX_RUNS:
        raise CalendarError(CalendarProblem.TOO_MANY)
    return CalendarReading(tuple(sorted(runs)), asked, dict(skipped))


__all__ = [
    "DEFAULT_WEEKS",
    "MAX_BYTES",
    "CalendarError",
    "CalendarProblem",
    "CalendarReading",
    "EventKind",
    "Occurrence",
    "Skip",
    "UnsureEvent",
    "classify",
    "read_calendar",
    "still_ahead",
]
