"""Reading a one-off run from what a runner types: ``/run today 18:30``, ``/run tomorrow
7am``, ``/run sat 09:00``, ``/run 5 dec 6pm``, and plain sentences that clearly announce
a run ("running at 6pm today", "I'm running tomorrow at 7").

:func:`parse_run` reads the words after ``/run`` (the day may be left out: today);
:func:`run_in` reads a run given from now ("in 2 hours", "in 45 min", "in an hour and
a half"), counted in real time, so a clock change in between is no matter;
:func:`plain_run` reads a whole message and returns None unless it is plainly a
future run with a day and a time (or from now), so small talk ("I ran at 6 yesterday", "is running
at 6pm ok?") is left alone. :func:`check_run` says whether a read run can be planned
at ``now``. Times and weekdays are read with ``library/schedule_text.py``'s own
readers. Problems are :class:`RunProblem` codes; handlers word them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from library.one_off_runs import MAX_AHEAD
from library.schedule import local_instant
from library.schedule_text import ScheduleError, parse_days, parse_time


class RunProblem(StrEnum):
    """Why a one-off run could not be read or planned."""

    NO_TIME = "no_time"  # no start time found
    BAD_TIME = "bad_time"  # a time that is not one ("25:00", "13pm")
    UNKNOWN_DAY = "unknown_day"  # value: the word
    NO_SUCH_DATE = "no_such_date"  # "31 feb"
    NO_SUCH_TIME = "no_such_time"  # the clock skips it that day (daylight saving)
    PAST = "past"  # the run would have started already
    TOO_SOON = "too_soon"  # its warm-up would be due already
    TOO_FAR = "too_far"  # more than a year ahead


class RunError(ValueError):
    """A one-off run that cannot be read or planned: its problem and the part concerned."""

    def __init__(self, problem: RunProblem, value: str = "") -> None:
        super().__init__(problem.value if not value else f"{problem.value}: {value}")
        self.problem = problem
        self.value = value


@dataclass(frozen=True, slots=True)
class RunAt:
    """A run as read: its local date and start time."""

    local_date: date
    local_time: time


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})\b"),
    re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"),
)
_TIME_PATTERN = re.compile(
    r"(?<![\w:.-])(?P<t>\d{1,2}(?:[:.h]\d{2})?(?:\s*(?:am|pm|a\.m\.|p\.m\.))?)(?![\w:]|\.\d)"
)
_EVENING = re.compile(r"\b(?:tonight|(?:this |in the )?(?:evening|afternoon))\b")
_MORNING = re.compile(r"\b(?:this |in the )?morning\b")
_FILLER = re.compile(r"\b(?:at|on|this|next|for|the|a|an|run|around|about)\b|[,;!@]")
_RELATIVE = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "tomorow": 1}


def _explicit_date(text: str, today: date) -> tuple[date, str] | None:
    """A written date ("5 dec", "dec 5th", "2026-12-05") and the text without it; a date
    without a year is the next one from ``today``."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        parts = match.groupdict()
        month = _MONTHS[parts["mon"]] if parts.get("mon") else int(parts["m"])
        year = int(parts["y"]) if parts.get("y") else today.year
        try:
            found = date(year, month, int(parts["d"]))
            if not parts.get("y") and found < today:
                found = date(year + 1, month, int(parts["d"]))
        except ValueError:
            raise RunError(RunProblem.NO_SUCH_DATE, match.group(0)) from None
        return found, text[: match.start()] + " " + text[match.end() :]
    return None


def _day(words: list[str], today: date) -> date | None:
    """The day named by the remaining words (today, tomorrow, a weekday), or None."""
    if not words:
        return None
    phrase = " ".join(words)
    if phrase in _RELATIVE:
        return today + timedelta(days=_RELATIVE[phrase])
    try:
        days = parse_days(phrase)
    except ScheduleError as error:
        raise RunError(RunProblem.UNKNOWN_DAY, error.value or phrase[:20]) from None
    if len(days) != 1:
        raise RunError(RunProblem.UNKNOWN_DAY, phrase[:20])
    (weekday,) = days
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _time(text: str, evening: bool) -> tuple[time, str]:
    matches = list(_TIME_PATTERN.finditer(text))
    if not matches:
        raise RunError(RunProblem.NO_TIME)
    if len(matches) > 1:
        raise RunError(RunProblem.BAD_TIME, " ".join(m.group("t") for m in matches)[:20])
    match = matches[0]
    raw = match.group("t")
    try:
        found = parse_time(raw)
    except ScheduleError:
        raise RunError(RunProblem.BAD_TIME, raw) from None
    has_suffix = re.search(r"[ap]\.?m", raw) is not None
    if evening and not has_suffix and 1 <= found.hour < 12:
        found = found.replace(hour=found.hour + 12)
    return found, text[: match.start()] + " " + text[match.end() :]


def parse_run(text: str, today: date, clock: time | None = None) -> RunAt:
    """The run in the words after ``/run``: a day (today, tonight, tomorrow, a weekday
    — the next one, today included unless ``clock``, the local time now, is already
    past the run's time: then next week's — or a date) and a start time, in any order;
    no day means today. Raises :class:`RunError`."""
    folded = " " + text.casefold().replace("’", "'").strip() + " "
    evening = _EVENING.search(folded) is not None
    explicit = _explicit_date(folded, today)
    day: date | None = None
    if explicit is not None:
        day, folded = explicit
    at, rest = _time(folded, evening)
    rest = _MORNING.sub(" ", _EVENING.sub(" ", rest))
    words = _FILLER.sub(" ", rest).split()
    named = _day(words, today) if explicit is None else None
    weekday_named = bool(words) and " ".join(words) not in _RELATIVE
    if named == today and weekday_named and clock is not None and at <= clock:
        named = today + timedelta(days=7)  # "/run fri 6:30" on a Friday at 07:00
    if explicit is None and named is None and words:
        raise RunError(RunProblem.UNKNOWN_DAY, " ".join(words)[:20])
    if explicit is not None and words:
        raise RunError(RunProblem.UNKNOWN_DAY, " ".join(words)[:20])
    return RunAt(day or named or today, at)


_PLAIN = re.compile(
    r"^\s*(?:(?:i'?m|i am|i'?ll be|i will be|we'?re|we are)\s+)?"
    r"(?:running|going running|going for a run|off for a run|heading out for a run|"
    r"out for a run|going out for a run|(?:i'?ll|i will|we'?ll)\s+run|"
    r"(?:i'?m|i am)\s+(?:going|planning)\s+to\s+run)\b(?P<rest>.*?)[.!]?\s*$"
)
_DAY_WORD = re.compile(
    r"\b(?:today|tonight|tomorrow|tmrw|mon|monday|tue|tues|tuesday|wed|wednesday|thu|"
    r"thurs|thursday|fri|friday|sat|saturday|sun|sunday|this (?:morning|evening|afternoon))\b"
)


def plain_run(text: str, today: date, clock: time | None = None) -> RunAt | None:
    """A message that plainly announces a run with a day and a time ("running at 6pm
    today", "I'm running tomorrow at 7"), or None for anything else: a question, a run
    in the past, a day or time missing or not read (``clock``: as in
    :func:`parse_run`). Never raises."""
    rest = _announced(text)
    if rest is None:
        return None
    if _DAY_WORD.search(rest) is None and _explicit_date_or_none(rest, today) is None:
        return None
    try:
        return parse_run(rest, today, clock)
    except RunError:
        return None


def _announced(text: str) -> str | None:
    """What follows the words that plainly announce a run ("running", "I'm going for a
    run", …), folded; None for a question, a long message or no such words."""
    folded = text.casefold().replace("’", "'")
    if "?" in folded or len(folded) > 80:
        return None
    match = _PLAIN.match(folded)
    return None if match is None else match.group("rest")


def _explicit_date_or_none(text: str, today: date) -> date | None:
    try:
        found = _explicit_date(" " + text + " ", today)
    except RunError:
        return None
    return None if found is None else found[0]


def check_run(run: RunAt, timezone: str, lead_minutes: int, now: datetime) -> datetime:
    """The run's start (UTC) when it can be planned at ``now`` with a warm-up
    ``lead_minutes`` before; raises :class:`RunError` for a time the clock skips that
    day, a run already started, one whose warm-up would be due already, or one more
    than a year ahead."""
    zone = ZoneInfo(timezone)
    start = local_instant(run.local_date, run.local_time, zone)
    wall = start.astimezone(zone)
    if (wall.date(), wall.time()) != (run.local_date, run.local_time):
        raise RunError(RunProblem.NO_SUCH_TIME, f"{run.local_time:%H:%M}")
    now = now.astimezone(UTC)
    if start <= now:
        raise RunError(RunProblem.PAST)
    if start - timedelta(minutes=lead_minutes) <= now:
        raise RunError(RunProblem.TOO_SOON)
    if start - now > MAX_AHEAD:
        raise RunError(RunProblem.TOO_FAR)
    return start


_IN = re.compile(r"^\s*(?:in|within)\s+(?P<span>.+?)\s*(?:from now|time)?\s*[.!]?\s*$")
_AMOUNT = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?|an?|one|two|three|four|five|six|ten|fifteen|twenty|thirty|"
    r"forty|forty-five|fifty)\s*(?P<unit>hours?|hrs?|h|minutes?|mins?|m)(?![a-z])"
)
_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45,
    "fifty": 50,
}  # fmt: skip
_SAID = (  # phrases said as a whole, in minutes
    (re.compile(r"\b(?:a )?quarter(?: of)?(?: an)? hour\b"), "15 min"),
    (re.compile(r"\bhalf(?: an)? hour\b"), "30 min"),
    (re.compile(r"\b(?:an? )?hour and a half\b|\b(?:an? )?hour and half\b"), "90 min"),
)
_AND_A_HALF = re.compile(r"^(?:and|&)\s+a\s+half\b")


def _span(text: str) -> timedelta | None:
    """How long from now: "2 hours", "1.5h", "45 min", "an hour and a half", "2h30",
    "2 and a half hours", "half an hour". None when anything else is in the text."""
    rest = text
    for said, minutes in _SAID:
        rest = said.sub(minutes, rest)
    rest = re.sub(
        r"\b(\d+|one|two|three|four|five|six) and a half (hours?|hrs?|h)\b",
        lambda m: f"{_WORD_NUMBERS.get(m[1]) or m[1]}.5 {m[2]}",
        rest,
    )
    total = 0.0
    last_unit = ""
    while rest := rest.strip(" ,").removeprefix("and ").strip():
        half = _AND_A_HALF.match(rest)
        if half is not None and last_unit:
            total += 30 if last_unit == "h" else 0.5
            rest = rest[half.end() :]
            continue
        match = _AMOUNT.match(rest)
        if match is None:
            bare = re.match(r"(\d{1,2})$", rest)  # "2h30": minutes after the hours
            if bare is None or last_unit != "h":
                return None
            total += int(bare.group(1))
            break
        number = match.group("n")
        amount = _WORD_NUMBERS.get(number) or float(number.replace(",", "."))
        last_unit = "h" if match.group("unit").startswith("h") else "m"
        total += amount * (60 if last_unit == "h" else 1)
        rest = rest[match.end() :]
    return timedelta(minutes=round(total)) if total > 0 else None


def run_in(text: str, now: datetime) -> RunAt | None:
    """A run given from now ("in 2 hours", "in 45 min", "in an hour and a half") at the
    runner's local ``now`` (aware): its local date and minute, counted in real time.
    None when the text is not of that form."""
    match = _IN.match(text.casefold())
    if match is None:
        return None
    span = _span(match.group("span"))
    if span is None:
        return None
    start = (now.astimezone(UTC) + span).astimezone(now.tzinfo)
    return RunAt(start.date(), start.time().replace(second=0, microsecond=0))


def plain_run_in(text: str, now: datetime) -> RunAt | None:
    """A message that plainly announces a run from now ("running in 2 hours", "I'm
    going for a run in 45 minutes"), or None (as :func:`plain_run`). Never raises."""
    rest = _announced(text)
    return None if rest is None else run_in(rest, now)
