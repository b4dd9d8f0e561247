"""Reading .ics files for runs (library/calendar_import.py): recurrence, exceptions, zones,
all-day and floating times, malformed and oversized files, and which events are runs."""

from __future__ import annotations

import os
import time as clock
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from library.calendar_import import (
    MAX_BYTES,
    CalendarError,
    CalendarProblem,
    CalendarReading,
    EventKind,
    Occurrence,
    Skip,
    classify,
    read_calendar,
    still_ahead,
)

BERLIN, LONDON, UTC_ZONE = ZoneInfo("Europe/Berlin"), ZoneInfo("Europe/London"), ZoneInfo("UTC")
# Thursday 20 March 2025, noon in Berlin: the US changed to summer time on 9 March, the EU
# changes on 30 March, inside the four weeks read.
NOW = datetime(2025, 3, 20, 12, 0, tzinfo=BERLIN)
COACH_ZONE = """BEGIN:VTIMEZONE
TZID:Coach Standard
BEGIN:STANDARD
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE"""


def event(summary: str, start: str, *lines: str) -> str:
    body = "\n".join(lines)
    return f"BEGIN:VEVENT\nSUMMARY:{summary}\nDTSTART{start}\n{body}\nEND:VEVENT".replace(
        "\n\n", "\n"
    )


def ics(*parts: str) -> bytes:
    inner = "\n".join(parts)
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//tests//calendar//EN\n{inner}\nEND:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


def read(data: bytes, zone: ZoneInfo = BERLIN, weeks: int = 4) -> CalendarReading:
    return read_calendar(data, zone, NOW, weeks)


def at(month: int, day: int, hour: int, minute: int) -> Occurrence:
    return Occurrence(date(2025, month, day), time(hour, minute))


WEEKLY_TEMPO = event(
    "Tempo run",
    ";TZID=Europe/Berlin:20250325T063000",
    "UID:tempo",
    "RRULE:FREQ=WEEKLY;COUNT=4",
    "EXDATE;TZID=Europe/Berlin:20250401T063000",
)


@pytest.mark.parametrize(
    ("name", "data", "zone", "runs"),
    [
        (
            "weekly with an exception, the runner in the event's zone",
            ics(WEEKLY_TEMPO),
            BERLIN,
            (at(3, 25, 6, 30), at(4, 8, 6, 30), at(4, 15, 6, 30)),
        ),
        (
            "the same series read in UTC moves an hour at the EU change",
            ics(WEEKLY_TEMPO),
            UTC_ZONE,
            (at(3, 25, 5, 30), at(4, 8, 4, 30), at(4, 15, 4, 30)),
        ),
        (
            "an RDATE adds a run to the series",
            ics(
                event(
                    "Intervals",
                    ";TZID=Europe/Berlin:20250324T180000",
                    "RRULE:FREQ=WEEKLY;COUNT=2",
                    "RDATE;TZID=Europe/Berlin:20250327T070000",
                )
            ),
            BERLIN,
            (at(3, 24, 18, 0), at(3, 27, 7, 0), at(3, 31, 18, 0)),
        ),
        (
            "a zone the file defines in a VTIMEZONE",
            ics(COACH_ZONE, event("Long run", ";TZID=Coach Standard:20250402T070000")),
            LONDON,
            (at(4, 2, 6, 0),),
        ),
        (
            "UTC times",
            ics(event("Parkrun", ":20250322T080000Z")),
            BERLIN,
            (at(3, 22, 9, 0),),
        ),
        (
            "a floating time is the runner's own wall clock",
            ics(event("Easy run", ":20250323T073000")),
            LONDON,
            (at(3, 23, 7, 30),),
        ),
        (
            "New York's summer time from 9 March, Berlin's from 30 March",
            ics(
                event(
                    "Morning jog",
                    ";TZID=America/New_York:20250325T060000",
                    "RRULE:FREQ=WEEKLY;COUNT=2",
                )
            ),
            BERLIN,
            (at(3, 25, 11, 0), at(4, 1, 12, 0)),
        ),
        (
            "a moved occurrence (RECURRENCE-ID) replaces its slot",
            ics(
                event(
                    "Fartlek",
                    ";TZID=Europe/Berlin:20250324T063000",
                    "UID:moved",
                    "RRULE:FREQ=WEEKLY;COUNT=2",
                ),
                event(
                    "Fartlek",
                    ";TZID=Europe/Berlin:20250325T190000",
                    "UID:moved",
                    "RECURRENCE-ID;TZID=Europe/Berlin:20250324T063000",
                ),
            ),
            BERLIN,
            (at(3, 25, 19, 0), at(3, 31, 6, 30)),
        ),
        (
            "a category says run",
            ics(event("Session 3", ":20250324T063000", "CATEGORIES:Running,Plan")),
            BERLIN,
            (at(3, 24, 6, 30),),
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_runs_found(name: str, data: bytes, zone: ZoneInfo, runs: tuple[Occurrence, ...]) -> None:
    assert read(data, zone).runs == runs


@pytest.mark.parametrize(
    ("name", "data", "skip", "count"),
    [
        ("an all-day event", ics(event("Long run", ";VALUE=DATE:20250322")), Skip.ALL_DAY, 1),
        (
            "a zone neither in the file nor in zoneinfo",
            ics(event("Easy run", ";TZID=Mars/Olympus:20250322T063000")),
            Skip.UNKNOWN_ZONE,
            1,
        ),
        ("no start", ics("BEGIN:VEVENT\nSUMMARY:Run\nEND:VEVENT"), Skip.NO_START, 1),
        ("a start that is no date", ics(event("Run", ":tomorrow")), Skip.NO_START, 1),
        (
            "earlier today",
            ics(event("Easy run", ";TZID=Europe/Berlin:20250320T063000")),
            Skip.PAST,
            1,
        ),
        ("last month", ics(event("Easy run", ":20250220T063000Z")), Skip.PAST, 1),
        ("beyond the weeks read", ics(event("Easy run", ":20250601T063000Z")), Skip.LATER, 1),
        ("a meeting", ics(event("Team meeting", ":20250324T090000Z")), Skip.NOT_A_RUN, 1),
        (
            "every hour",
            ics(event("Run", ":20250324T090000Z", "RRULE:FREQ=HOURLY")),
            Skip.TOO_OFTEN,
            1,
        ),
        (
            "cancelled",
            ics(event("Easy run", ":20250324T090000Z", "STATUS:CANCELLED")),
            Skip.CANCELLED,
            1,
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_events_skipped_and_counted(name: str, data: bytes, skip: Skip, count: int) -> None:
    reading = read(data)
    assert reading.runs == ()
    assert reading.unsure == ()
    assert reading.skipped == {skip: count}


def test_an_event_with_no_run_word_is_asked_about_once_per_title() -> None:
    data = ics(
        event("Session A", ":20250324T063000", "RRULE:FREQ=WEEKLY;COUNT=3"),
        event("Session B", ":20250325T063000"),
        event("Swim", ":20250326T063000"),
        event("Easy run", ":20250327T063000"),
    )
    reading = read(data)
    assert reading.runs == (at(3, 27, 6, 30),)
    assert [(e.title, len(e.occurrences)) for e in reading.unsure] == [
        ("Session A", 3),
        ("Session B", 1),
    ]
    assert reading.skipped == {Skip.NOT_A_RUN: 1}
    assert reading.chosen([1]) == (at(3, 25, 6, 30), at(3, 27, 6, 30))
    assert reading.chosen([]) == reading.runs
    assert reading.chosen([7]) == reading.runs  # an index no event has changes nothing


def test_one_time_twice_is_one_run() -> None:
    data = ics(event("Easy run", ":20250324T063000"), event("Run club", ":20250324T063000"))
    assert read(data).runs == (at(3, 24, 6, 30),)


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty", b"", CalendarProblem.NOT_ICALENDAR),
        ("a PDF", b"%PDF-1.7\n" + bytes(range(256)) * 4, CalendarProblem.NOT_ICALENDAR),
        ("a vCard", b"BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n", CalendarProblem.NOT_ICALENDAR),
        ("not UTF-8", b"BEGIN:VCALENDAR\r\nSUMMARY:\xff\xfe\r\n", CalendarProblem.NOT_ICALENDAR),
        ("a calendar with no events", ics(), CalendarProblem.NO_EVENTS),
        (
            "malformed lines",
            b"BEGIN:VCALENDAR\r\nthis line has no colon\r\nEND:VCALENDAR\r\n",
            CalendarProblem.BROKEN,
        ),
        (
            "one byte over the limit",
            ics(event("Run", ":20250324T063000")).ljust(MAX_BYTES + 1),
            CalendarProblem.TOO_BIG,
        ),
        (
            "too many runs",
            ics(
                *[
                    event(
                        "Run",
                        f":202503{24 + n // 100:02d}T{n % 24:02d}{n % 60:02d}00Z",
                        f"UID:u{n}",
                    )
                    for n in range(450)
                ]
            ),
            CalendarProblem.TOO_MANY,
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_files_refused(name: str, data: bytes, problem: CalendarProblem) -> None:
    with pytest.raises(CalendarError) as refused:
        read(data)
    assert refused.value.problem is problem


def test_five_megabytes_of_junk_are_refused_before_parsing() -> None:
    junk = os.urandom(5 * 1024 * 1024)
    started = clock.process_time()
    with pytest.raises(CalendarError) as refused:
        read(b"BEGIN:VCALENDAR\r\n" + junk)
    assert refused.value.problem is CalendarProblem.TOO_BIG
    assert clock.process_time() - started < 1.0  # refused by its size, never parsed


@pytest.mark.parametrize(
    ("title", "categories", "kind"),
    [
        ("Easy run", (), EventKind.RUN),
        ("Long Run 18 km", (), EventKind.RUN),
        ("Tempo 3x10'", (), EventKind.RUN),
        ("Intervals 6x800", (), EventKind.RUN),
        ("Fartlek", (), EventKind.RUN),
        ("Recovery jog", (), EventKind.RUN),
        ("Saturday parkrun", (), EventKind.RUN),
        ("10K race", (), EventKind.RUN),
        ("Half marathon pace", (), EventKind.RUN),
        ("Track session", (), EventKind.RUN),
        ("Strides after work", (), EventKind.RUN),
        ("Dauerlauf 45 min", (), EventKind.RUN),
        ("Laufen im Park", (), EventKind.RUN),
        ("Intervalle 6×800", (), EventKind.RUN),
        ("Intervalos 6x800", (), EventKind.RUN),
        ("Tirada larga 18 km", (), EventKind.RUN),
        ("Intervalles 6×800", (), EventKind.RUN),
        ("Sortie longue", (), EventKind.RUN),
        ("Интервалы 6×800", (), EventKind.RUN),
        ("Длительная", (), EventKind.RUN),
        ("Carrera suave", (), EventKind.RUN),
        ("Salir a correr", (), EventKind.RUN),
        ("Footing léger", (), EventKind.RUN),
        ("Course à pied", (), EventKind.RUN),
        ("Лёгкий бег", (), EventKind.RUN),
        ("Утренняя пробежка", (), EventKind.RUN),
        ("Session 4", ("Running",), EventKind.RUN),
        ("Team meeting", (), EventKind.NOT_RUN),
        ("Swim 2 km", (), EventKind.NOT_RUN),
        ("Bike ride", (), EventKind.NOT_RUN),
        ("Gym", (), EventKind.NOT_RUN),
        ("Yoga", (), EventKind.NOT_RUN),
        ("Schwimmen", (), EventKind.NOT_RUN),
        ("Встреча", (), EventKind.NOT_RUN),
        ("Swim + easy run", (), EventKind.UNSURE),
        ("Session 3", (), EventKind.UNSURE),
        ("Workout", (), EventKind.UNSURE),
        ("", (), EventKind.UNSURE),
        ("Rerun of the film", (), EventKind.UNSURE),
    ],
)
def test_classify(title: str, categories: tuple[str, ...], kind: EventKind) -> None:
    assert classify(title, categories) is kind


def test_runs_that_started_since_the_preview_are_left_out() -> None:
    runs = (at(3, 20, 11, 59), at(3, 20, 12, 0), at(3, 21, 6, 0))
    assert still_ahead(runs, BERLIN, NOW) == (at(3, 20, 12, 0), at(3, 21, 6, 0))
    assert still_ahead(runs, LONDON, NOW) == (at(3, 20, 11, 59), at(3, 20, 12, 0), at(3, 21, 6, 0))
