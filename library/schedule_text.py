"""Reading a schedule from what a runner types: days ('tue thu', 'weekdays', 'mon-fri'),
a time ('6:30am', '18h30'), a week of days with their times ('tue thu 06:30, sat 08:00',
'mon, wed & sat at 6:30am', 'weekdays 6:30 and sun 9am', 'Tuesdays at half six'), a
lead in minutes and a time zone (a zone name, a city with small typos forgiven, 'UTC+2',
or 'I live in NYC').

Days and times are read in English and in the runner's language (``language``, keyword
only): 'Di Do 6:30', 'mar jue a las 6:30', 'mardi et jeudi à 6h30', 'вт чт в 6:30',
'werktags 6 Uhr 30', 'по будням в 7 утра'. Only that language's words are added to
English, because short day names clash across languages ('do', 'so', 'mar', 'mi'). The
words are library/day_words.py's.

A text that cannot be read raises :class:`ScheduleError` with a :class:`ScheduleProblem`
code and the part that did not fit; handlers word it (handlers/wording.py).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from library.city_names import CITY_ALIASES, PLACE_PHRASE, plain
from library.day_words import DAY_WORDS, Clock, fold_marks
from library.languages import DEFAULT, Language
from library.schedule import MAX_LEAD_MINUTES, MIN_LEAD_MINUTES

_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2})|h)?\s*(am|pm|a\.m\.|p\.m\.)?$")


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


_Replacement = str | Callable[[re.Match[str]], str]


# One language's spoken clock times, compiled: each pattern with what it becomes.
_ClockRules = tuple[tuple[re.Pattern[str], _Replacement], ...]


def _apply(rules: _ClockRules, text: str) -> str:
    for pattern, replace in rules:
        text = pattern.sub(replace, text)
    return text


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """English and one other language's words, folded and compiled."""

    days: Mapping[str, int]
    groups: Mapping[str, frozenset[int]]
    joins: frozenset[str]
    fillers: frozenset[str]
    phrases: tuple[tuple[re.Pattern[str], str], ...]  # group phrases -> a group word
    day_range: re.Pattern[str]
    clocks: tuple[_ClockRules, ...]


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of folded words and phrases, longest first."""
    folded = sorted({fold_marks(word) for word in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, word.split())) for word in folded)


_HOUR = r"(?<![:.\d])(\d{1,2})(?![:.h]?\d)"
_AT = r"(?<![:.\d])\b(\d{1,2})(?:[:.h](\d{2}))?\s*"  # an hour, maybe with minutes


def _phrase_pattern(template: str) -> re.Pattern[str]:
    """'halb {h}' -> a pattern with the hour as its group."""
    parts = [_HOUR if word == "{h}" else re.escape(word) for word in fold_marks(template).split()]
    pattern = parts[0]
    for before, part in itertools.pairwise(parts):
        pattern += (r"\s*" if _HOUR in (before, part) else r"\s+") + part
    return re.compile(rf"\b{pattern}\b")


def _spoken(kind: Clock) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        hour = int(match.group(1))
        before = hour - 1 if hour > 1 else (12 if hour == 1 else 23)
        return {
            Clock.HALF_PAST: f"{hour}:30",
            Clock.HALF_BEFORE: f"{before}:30",
            Clock.QUARTER_PAST: f"{hour}:15",
            Clock.QUARTER_TO: f"{before}:45",
        }[kind]

    return replace


def _at(evening: bool) -> Callable[[re.Match[str]], str]:
    """An hour with its minutes, in the evening moved past noon ("7 de la tarde": 19:00)."""

    def replace(match: re.Match[str]) -> str:
        hour, minute = int(match.group(1)), match.group(2) or "00"
        if len(match.groups()) > 2 and match.group(3):
            minute = match.group(3)
        if evening and 1 <= hour < 12:
            hour += 12
        return f"{hour}:{minute}"

    return replace


@cache
def _clock_rules(language: Language) -> _ClockRules:
    words = DAY_WORDS[language]
    steps: list[tuple[re.Pattern[str], _Replacement]] = []
    if words.numbers:
        numbers = {fold_marks(word): str(number) for word, number in words.numbers.items()}
        pattern = re.compile(rf"\b({_alternation(numbers)})\b")
        steps.append((pattern, lambda match: numbers[match.group(1)]))
    for said, clock in ((words.noon_words, "12:00"), (words.midnight_words, "0:00")):
        if said:
            steps.append((re.compile(rf"(?<!-)\b(?:{_alternation(said)})\b"), clock))
    steps += [(_phrase_pattern(template), _spoken(kind)) for template, kind in words.clock]
    if words.hour_words:
        minutes = ""
        if language is not Language.EN:  # "6 Uhr 30", "7 часов 30 минут"
            minutes = rf"(?:\s*(\d{{2}})\b(?:\s*(?:{_alternation(words.minute_words)})\b)?)?"
        hours = re.compile(rf"{_AT}(?:{_alternation(words.hour_words)})\b{minutes}")
        steps.append((hours, _at(evening=False)))
    for said, evening in ((words.morning_words, False), (words.evening_words, True)):
        if said:
            steps.append((re.compile(rf"{_AT}(?:{_alternation(said)})\b"), _at(evening)))
    return tuple(steps)


def clock_words(text: str, language: Language) -> str:
    """Folded text with the language's own spoken clock times as digits ("6 Uhr 30" ->
    "6:30", "7 de la tarde" -> "19:00", "halb sieben" -> "6:30"); English text, and
    English words, are left as they are."""
    return text if language is Language.EN else _apply(_clock_rules(language), text)


@cache
def _vocabulary(language: Language) -> _Vocabulary:
    codes = tuple(dict.fromkeys((Language.EN, language)))
    tables = [DAY_WORDS[code] for code in codes]
    days = {fold_marks(word): day for words in tables for word, day in words.days.items()}
    groups = {
        fold_marks(word): frozenset(group)
        for words in tables
        for word, group in words.groups.items()
    }
    phrases = tuple(
        (re.compile(rf"\b(?:{_alternation([phrase])})\b"), group)
        for words in tables
        for phrase, group in words.group_phrases.items()
    )
    day = _alternation(days)
    through = _alternation(word for words in tables for word in words.range_words)
    day_range = re.compile(rf"\b({day})s?\s*(?:-|–|\b(?:{through})\b)\s*({day})s?\b")
    return _Vocabulary(
        days=days,
        groups=groups,
        joins=frozenset(fold_marks(word) for words in tables for word in words.joins),
        fillers=frozenset(fold_marks(word) for words in tables for word in words.fillers),
        phrases=phrases,
        day_range=day_range,
        clocks=tuple(_clock_rules(code) for code in codes),
    )


def _day_phrases(folded: str, vocabulary: _Vocabulary) -> str:
    """Folded text with group phrases as one word ("jeden tag" -> "daily") and day
    ranges joined ("mon to fri" -> "mon-fri", "lunes a viernes" -> "lunes-viernes")."""
    for phrase, group in vocabulary.phrases:
        folded = phrase.sub(group, folded)
    return vocabulary.day_range.sub(r"\1-\2", folded)


def _part_days(part: str, vocabulary: _Vocabulary) -> frozenset[int] | None:
    """The weekdays one word names ('tue', 'weekends', 'mon-fri'), or None."""
    if part in vocabulary.groups:
        return vocabulary.groups[part]
    if part in vocabulary.days:
        return frozenset({vocabulary.days[part]})
    span = re.fullmatch(r"([^\W\d_]+)-([^\W\d_]+)", part)
    if span and span.group(1) in vocabulary.days and span.group(2) in vocabulary.days:
        start, end = vocabulary.days[span.group(1)], vocabulary.days[span.group(2)]
        return frozenset(d % 7 for d in range(start, start + (end - start) % 7 + 1))
    return None


def parse_days(text: str, *, language: Language = DEFAULT) -> frozenset[int]:
    """'mon wed fri', 'Mon,Wed,Fri', 'weekdays', 'daily', 'mon-fri', 'tue and thu'; in
    ``language`` too ('Di und Do', 'lunes a viernes', 'en semaine', 'по будням')."""
    vocabulary = _vocabulary(language)
    folded = _day_phrases(fold_marks(text).strip(), vocabulary)
    if not folded:
        raise ScheduleError(ScheduleProblem.NO_DAYS)
    days: set[int] = set()
    for word in re.split(r"[\s,;/+&]+", folded):
        part = word.rstrip(".")  # an abbreviation's dot: "sam.", "Sa.", "mié."
        if not part or part in vocabulary.joins:
            continue
        found = _part_days(part, vocabulary)
        if found is None:
            raise ScheduleError(ScheduleProblem.UNKNOWN_DAY, part[:20])
        days.update(found)
    if not days:  # only separators: ",", "and"
        raise ScheduleError(ScheduleProblem.NO_DAYS)
    return frozenset(days)


def parse_time(text: str, *, language: Language = DEFAULT) -> time:
    """'07:00', '7:30', '7am', '6.45 pm', '18h30', '18h'; in ``language`` its spoken
    forms too ('6 Uhr 30', '7 de la tarde', '7 heures')."""
    said = text.casefold() if language is Language.EN else clock_words(fold_marks(text), language)
    match = _TIME.match(said.strip())
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


_SEPARATORS = re.compile(r"[\s,;/&+@]+")


def _normalized(text: str, vocabulary: _Vocabulary) -> str:
    """The text folded, with spoken times as digits ('half six' -> '6:30', 'quarter to
    seven' -> '6:45', 'six am' -> '6am', 'noon' -> '12:00', 'halb sieben' -> '6:30',
    '6 Uhr 30' -> '6:30'), 'a.m.' as 'am', group phrases as one word ('every day' ->
    'daily', 'fin de semana' -> 'weekends') and day ranges joined ('mon to fri' ->
    'mon-fri')."""
    folded = fold_marks(text)
    for phrase, group in vocabulary.phrases:
        folded = phrase.sub(group, folded)
    for rules in vocabulary.clocks:
        folded = _apply(rules, folded)
    folded = re.sub(r"\b([ap])\.m\.?", r"\1m", folded)
    folded = re.sub(r"(\d)\s+([ap]m)\b", r"\1\2", folded)
    return vocabulary.day_range.sub(r"\1-\2", folded)


def _day_token(word: str, vocabulary: _Vocabulary) -> frozenset[int] | None:
    """The weekdays a word names ('tue', 'tuesdays', 'weekends', 'mon-fri'), None for a
    word that joins them ('at', 'and', 'um', 'по')."""
    if word in vocabulary.fillers:
        return None
    for candidate in (word, word.removesuffix("s")):
        found = _part_days(candidate, vocabulary)
        if found is not None:
            return found
    raise ScheduleError(ScheduleProblem.UNKNOWN_DAY, word[:20])


def _tokens(text: str, vocabulary: _Vocabulary) -> list[frozenset[int] | time]:
    """The days and times of a text, in order."""
    found: list[frozenset[int] | time] = []
    for word in _SEPARATORS.split(_normalized(text, vocabulary)):
        word = word.strip(".!?()'\"¿¡«»")
        if not word:
            continue
        if word[0].isdigit():
            found.append(parse_time(word))
        elif (days := _day_token(word, vocabulary)) is not None:
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


def parse_week(text: str, *, language: Language = DEFAULT) -> WeekAnswer:
    """Days with their times, written as people write them: 'tue thu 06:30, sat 08:00',
    'tue/thu/sat at 6.30', 'mon, wed & sat at 6:30am', 'weekdays 6:30 and sun 9am',
    'Tuesdays and Thursdays at half six', '7am mon wed fri'; or days alone ('mon wed
    fri'), or a time alone ('6:30pm'). In ``language`` too: 'Di Do 6:30', 'lunes a
    viernes a las 7', 'le week-end à 8h', 'по вторникам и четвергам в 6:30'.

    A day in two groups, a time with no days, or days left without a time (once other
    days have one) are refused: which one was meant cannot be told.
    """
    tokens = _tokens(text, _vocabulary(language))
    if not tokens:
        raise ScheduleError(ScheduleProblem.NO_DAYS)
    first = tokens[0]
    if len(tokens) == 1 and isinstance(first, time):
        return WeekAnswer(frozenset(), {}, first)
    return _time_first(tokens) if isinstance(first, time) else _days_first(tokens)


def parse_lead(text: str, *, language: Language = DEFAULT) -> int:
    """Minutes before the run: '15', '15 min', '20m'; in ``language`` its minute words
    too ('15 Minuten', '15 minutos', '15 минут').

    At least 5, so the warm-up always lands before the run starts; at most 120, because
    a warm-up done much earlier than 15-20 minutes before the effort has worn off.
    """
    units = _alternation(
        ["m", "min", "mins", "minute", "minutes", *DAY_WORDS[language].minute_words]
    )
    match = re.fullmatch(rf"(\d{{1,4}})\s*(?:{units})?", fold_marks(text).strip())
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
    index.update(CITY_ALIASES)
    return index


@cache
def _city_keys() -> tuple[str, ...]:
    return tuple(_city_index())


def find_timezone(text: str) -> str:
    """A zone from what a runner types: an IANA name, a city, or an offset like 'UTC+2',
    also said as a sentence ('I live in NYC', "I'm in London", 'based in Berlin'), and in
    the coach's other languages ('ich wohne in München', 'vivo en Sevilla', 'я живу в Москве').

    Small typos in a city are forgiven ('Lodnon'). Raises :class:`ScheduleError` when
    nothing fits.
    """
    cleaned = PLACE_PHRASE.sub("", " ".join(text.replace("’", "'").split()), count=1)
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
    key = plain(cleaned).removesuffix(" time").strip(" .,!")
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
