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
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo

from library.day_words import DAY_WORDS, RUN_WORDS, RunWords, fold_marks
from library.languages import DEFAULT, Language
from library.one_off_runs import MAX_AHEAD
from library.question_words import strip_marks
from library.schedule import local_instant
from library.schedule_text import ScheduleError, clock_words, parse_days, parse_time


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


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of folded words and phrases, longest first."""
    folded = sorted({fold_marks(word) for word in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, word.split())) for word in folded)


@dataclass(frozen=True, slots=True)
class _Words:
    """English and one other language's words for a run, folded and compiled."""

    months: dict[str, int]
    dates: tuple[re.Pattern[str], ...]
    relative: dict[str, int]
    evening: re.Pattern[str] | None
    morning: re.Pattern[str] | None
    said: dict[str, str]  # evening and morning phrases: what is left of them
    filler: re.Pattern[str] | None
    announce: tuple[re.Pattern[str], ...]
    day_word: re.Pattern[str] | None


@cache
def _words(language: Language) -> _Words:
    own: RunWords | None = RUN_WORDS.get(language)
    months = dict(_MONTHS) | {fold_marks(w): m for w, m in (own.months if own else {}).items()}
    # Day first everywhere ("5 dec", "5. Dezember", "5 de diciembre", "5 декабря"); the
    # month first only in English, and not with a word that is a day here ("mar 7").
    days_here = {fold_marks(word) for word in DAY_WORDS[language].days}
    month_first = [name for name in _MONTHS if language is Language.EN or name not in days_here]
    dates = (
        re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:of\s+|de\s+)?(?P<mon>{_alternation(months)})\b"
        ),
        re.compile(
            rf"\b(?P<mon>{_alternation(month_first)})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?![:.]\d)"
        ),
    )
    relative = dict(_RELATIVE)
    if own is None:
        return _Words(months, dates, relative, None, None, {}, None, (), None)
    relative |= {fold_marks(word): days for word, days in own.relative.items()}
    said = {
        fold_marks(phrase): fold_marks(left)
        for phrase, left in (*own.evening.items(), *own.morning.items())
    }
    evening = re.compile(rf"(?<![\w'-])(?:{_alternation(own.evening)})(?![\w'-])")
    morning = re.compile(rf"(?<![\w'-])(?:{_alternation(own.morning)})(?![\w'-])")
    filler = re.compile(rf"(?<![\w'-])(?:{_alternation(own.fillers)})(?![\w'-])")
    named = [*relative, *(word for word in days_here if len(word) > 1), *said.values()]
    day_word = re.compile(rf"(?<![\w'-])(?:{_alternation(w for w in named if w)})(?![\w'-])")
    # Patterns keep their case (\s, \b, (?P<rest>)): only their marks go (й -> и).
    announce = tuple(re.compile(strip_marks(pattern)) for pattern in own.announce)
    return _Words(months, dates, relative, evening, morning, said, filler, announce, day_word)


_TIME_PATTERN = re.compile(
    r"(?<![\w:.-])(?P<t>\d{1,2}(?:[:.h]\d{2})?(?:\s*(?:am|pm|a\.m\.|p\.m\.))?)(?![\w:]|\.\d)"
)
_EVENING = re.compile(r"\b(?:tonight|(?:this |in the )?(?:evening|afternoon))\b")
_MORNING = re.compile(r"\b(?:this |in the )?morning\b")
_FILLER = re.compile(r"\b(?:at|on|this|next|for|the|a|an|run|around|about)\b|[,;!@]")
_RELATIVE = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "tomorow": 1}


def _explicit_date(text: str, today: date, language: Language = DEFAULT) -> tuple[date, str] | None:
    """A written date ("5 dec", "dec 5th", "2026-12-05", "5. Dezember", "5 de diciembre",
    "5 декабря") and the text without it; a date without a year is the next one from
    ``today``."""
    words = _words(language)
    for pattern in words.dates:
        match = pattern.search(text)
        if match is None:
            continue
        parts = match.groupdict()
        mon = parts.get("mon")
        month = words.months[" ".join(mon.split())] if mon else int(parts["m"])
        year = int(parts["y"]) if parts.get("y") else today.year
        try:
            found = date(year, month, int(parts["d"]))
            if not parts.get("y") and found < today:
                found = date(year + 1, month, int(parts["d"]))
        except ValueError:
            raise RunError(RunProblem.NO_SUCH_DATE, match.group(0)) from None
        return found, text[: match.start()] + " " + text[match.end() :]
    return None


def _day(words: list[str], today: date, language: Language = DEFAULT) -> date | None:
    """The day named by the remaining words (today, tomorrow, a weekday), or None."""
    if not words:
        return None
    phrase = " ".join(words)
    relative = _words(language).relative
    if phrase in relative:
        return today + timedelta(days=relative[phrase])
    try:
        days = parse_days(phrase, language=language)
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


def _said(folded: str, words: _Words) -> tuple[str, bool]:
    """Folded text with its evening and morning phrases replaced by what is left of them
    ("heute abend" -> "heute", "por la tarde" -> ""), and whether one said evening."""
    evening = _EVENING.search(folded) is not None
    if words.evening is None or words.morning is None:
        return folded, evening
    evening = evening or words.evening.search(folded) is not None
    for pattern in (words.evening, words.morning):
        folded = pattern.sub(lambda m: f" {words.said[' '.join(m.group(0).split())]} ", folded)
    return folded, evening


def parse_run(
    text: str, today: date, clock: time | None = None, *, language: Language = DEFAULT
) -> RunAt:
    """The run in the words after ``/run``: a day (today, tonight, tomorrow, a weekday
    — the next one, today included unless ``clock``, the local time now, is already
    past the run's time: then next week's — or a date) and a start time, in any order;
    no day means today. In ``language`` too ("morgen um 7", "mañana a las 7", "demain
    à 7h", "завтра в 7"). Raises :class:`RunError`."""
    words_here = _words(language)
    folded = clock_words(" " + fold_marks(text).strip() + " ", language)
    folded, evening = _said(folded, words_here)
    explicit = _explicit_date(folded, today, language)
    day: date | None = None
    if explicit is not None:
        day, folded = explicit
    at, rest = _time(folded, evening)
    rest = _FILLER.sub(" ", _MORNING.sub(" ", _EVENING.sub(" ", rest)))
    if words_here.filler is not None:
        rest = words_here.filler.sub(" ", rest)
    words = rest.split()
    named = _day(words, today, language) if explicit is None else None
    weekday_named = bool(words) and " ".join(words) not in words_here.relative
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


def plain_run(
    text: str, today: date, clock: time | None = None, *, language: Language = DEFAULT
) -> RunAt | None:
    """A message that plainly announces a run with a day and a time ("running at 6pm
    today", "I'm running tomorrow at 7"; "ich laufe morgen um 7", "corro mañana a las 7",
    "je cours demain à 7h", "побегу завтра в 7"), or None for anything else: a
    question, a run in the past, a day or time missing or not read (``clock``: as in
    :func:`parse_run`). Never raises."""
    rest = _announced(text, language)
    if rest is None:
        return None
    words = _words(language)
    said, _ = _said(rest, words)
    names_day = _DAY_WORD.search(rest) is not None or (
        words.day_word is not None and words.day_word.search(said) is not None
    )
    if not names_day and _explicit_date_or_none(rest, today, language) is None:
        return None
    try:
        return parse_run(rest, today, clock, language=language)
    except RunError:
        return None


def _announced(text: str, language: Language = DEFAULT) -> str | None:
    """What follows the words that plainly announce a run ("running", "I'm going for a
    run", "ich laufe", "voy a correr", "je vais courir", "побегу", …), folded; None for
    a question, a long message or no such words."""
    folded = fold_marks(text)
    if "?" in folded or "¿" in folded or len(folded) > 80:
        return None
    for pattern in (_PLAIN, *_words(language).announce):
        match = pattern.match(folded)
        if match is not None:
            return match.group("rest")
    return None


def _explicit_date_or_none(text: str, today: date, language: Language = DEFAULT) -> date | None:
    try:
        found = _explicit_date(" " + text + " ", today, language)
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
    while rest := rest.strip(" ,"):
        half = _AND_A_HALF.match(rest)  # "2 hours and a half", "2 horas y media"
        if half is not None and last_unit:
            total += 30 if last_unit == "h" else 0.5
            rest = rest[half.end() :]
            continue
        rest = rest.removeprefix("and ").strip()
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


@cache
def _within(language: Language) -> re.Pattern[str]:
    """'in 2 hours' and the language's opening: 'in', 'en', 'dentro de', 'dans', 'через'."""
    own = RUN_WORDS.get(language)
    openings = _alternation(["in", "within", *(own.within if own else ())])
    return re.compile(rf"^\s*(?:{openings})\s+(?P<span>.+?)\s*(?:from now|time)?\s*[.!]?\s*$")


@cache
def _span_table(language: Language) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """The language's span words and what they are in English ("Stunden": "hours",
    "полчаса": "30 min", "dos": "2")."""
    own = RUN_WORDS.get(language)
    if own is None:
        return None
    table = {fold_marks(phrase): said for phrase, said in own.span_phrases.items()}
    table |= {fold_marks(word): str(number) for word, number in own.span_numbers.items()}
    return re.compile(rf"(?<![\w'-])(?:{_alternation(table)})(?![\w'-])"), table


def _in_english(span: str, language: Language) -> str:
    """A span said in ``language`` said the English way: "2 Stunden und 15 Minuten" ->
    "2 hours and 15 min", "час" -> "1 hour"."""
    found = _span_table(language)
    if found is None:
        return span
    pattern, table = found
    said = pattern.sub(lambda match: table[" ".join(match.group(0).split())], span)
    return re.sub(r"^\s*(?=(?:hours?|min|h)\b)", "1 ", said)  # "через час": an hour


def run_in(text: str, now: datetime, *, language: Language = DEFAULT) -> RunAt | None:
    """A run given from now ("in 2 hours", "in 45 min", "in an hour and a half"; in
    ``language`` too: "in 2 Stunden", "dentro de 45 minutos", "dans une heure",
    "через полчаса") at the runner's local ``now`` (aware): its local date and minute,
    counted in real time. None when the text is not of that form."""
    match = _within(language).match(fold_marks(text))
    if match is None:
        return None
    span = _span(_in_english(match.group("span"), language))
    if span is None:
        return None
    start = (now.astimezone(UTC) + span).astimezone(now.tzinfo)
    return RunAt(start.date(), start.time().replace(second=0, microsecond=0))


def plain_run_in(text: str, now: datetime, *, language: Language = DEFAULT) -> RunAt | None:
    """A message that plainly announces a run from now ("running in 2 hours", "I'm
    going for a run in 45 minutes", "ich gehe in 2 Stunden laufen", "побегу через
    час"), or None (as :func:`plain_run`). Never raises."""
    rest = _announced(text, language)
    return None if rest is None else run_in(rest, now, language=language)
