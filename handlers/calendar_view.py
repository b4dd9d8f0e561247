"""The words and buttons of a calendar import: the preview, its problems and its outcome.

The codes come from ``library/calendar_import.py``; everything a runner reads about an
import is written here (the problems with a file, what was left out and why, the runs
found), each sentence whole with its values put in.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.rendering import escape
from library.calendar_import import (
    MAX_BYTES,
    CalendarProblem,
    CalendarReading,
    Occurrence,
    Skip,
)

CALENDAR_PREFIX = "ics:"  # ics:<token>:t<n> tick an event | ics:<token>:ok import | ics:<token>:no
WEEKS_AHEAD = 12
MAX_ASKED = 8  # unsure titles asked about with a button each
_LABEL_CHARACTERS = 28

_PROBLEMS = {
    CalendarProblem.TOO_BIG: (
        f"That file is too big for a training calendar (over {MAX_BYTES // 1024 // 1024} MB). "
        "Export only your training plan, or just the coming weeks, and send that."
    ),
    CalendarProblem.NOT_ICALENDAR: (
        "That doesn't look like a calendar file. Send the .ics file your training app or "
        "calendar exports: it starts with BEGIN:VCALENDAR."
    ),
    CalendarProblem.BROKEN: (
        "I couldn't read that calendar file: part of it is damaged. Try exporting it again."
    ),
    CalendarProblem.NO_EVENTS: "That calendar has no events in it, so there's nothing to import.",
    CalendarProblem.TOO_MANY: (
        "That calendar holds far more than a training plan (hundreds of events in the "
        f"next {WEEKS_AHEAD} weeks). Export only your training plan and send that."
    ),
}
_SKIPPED = {
    Skip.ALL_DAY: "all-day (no start time)",
    Skip.NO_START: "no start time I could read",
    Skip.UNKNOWN_ZONE: "a time zone I don't know",
    Skip.TOO_OFTEN: "repeating more than once a day",
    Skip.CANCELLED: "cancelled",
    Skip.NOT_A_RUN: "not a run",
    Skip.PAST: "already over",
    Skip.LATER: f"more than {WEEKS_AHEAD} weeks ahead",
}
NOTHING_SAVED = "Nothing is saved until you tap Import; a newer file replaces runs imported before."
ASK_UNSURE = "Which of these are runs too? Tap to tick them:"
NO_RUNS_HINT = (
    "I take events whose title or category says it's a run, e.g. “Easy run 40 min”, "
    "“Intervals 6×800” or “Long run”."
)
NEEDS_SCHEDULE = (
    "Before I import runs I need your time zone: set it with /schedule, e.g. "
    "<code>/schedule tue thu 06:30 Europe/Berlin</code>, then send the file again."
)
EXPIRED = "This import is no longer open. Send the file again to see it afresh."
TICK_FIRST = "Tick at least one event first, or tap Cancel."
CANCELLED = "Calendar import cancelled: nothing was changed."


def counted(number: int, singular: str, plural: str) -> str:
    """'1 run', '12 runs': the one place a count picks its noun."""
    return f"{number} {singular if number == 1 else plural}"


def short_day(day: date) -> str:
    """'Tue 9 Dec'."""
    return f"{day:%a} {day.day} {day:%b}"


def problem_text(problem: CalendarProblem) -> str:
    return _PROBLEMS[problem]


def skipped_line(skipped: Mapping[Skip, int]) -> str | None:
    """'Left out: all-day (no start time): 3 · not a run: 2.' (None when nothing was)."""
    parts = [f"{_SKIPPED[skip]}: {skipped[skip]}" for skip in Skip if skipped.get(skip)]
    if not parts:
        return None
    return "Left out: " + " · ".join(parts) + "."


def runs_line(runs: Sequence[Occurrence]) -> str:
    """'12 runs from Mon 8 Dec to Mon 2 Feb, next: Tue 9 Dec 06:30.'"""
    first, last = runs[0], runs[-1]
    span = (
        f"on {short_day(first.day)}"
        if first.day == last.day
        else f"from {short_day(first.day)} to {short_day(last.day)}"
    )
    return (
        f"<b>{counted(len(runs), 'run', 'runs')}</b> {span}, "
        f"next: <b>{short_day(first.day)} {first.start:%H:%M}</b>."
    )


def preview_text(
    file_name: str, reading: CalendarReading, chosen: Collection[int], weeks: int
) -> str:
    runs = reading.chosen(chosen)
    lines = [f"📅 <b>{escape(file_name)}</b>, the next {weeks} weeks:"]
    lines.append(runs_line(runs) if runs else "No runs ticked yet.")
    if (left_out := skipped_line(reading.skipped)) is not None:
        lines.append(left_out)
    if reading.unsure:
        lines.append(ASK_UNSURE)
    lines.append(NOTHING_SAVED)
    return "\n".join(lines)


def nothing_found_text(file_name: str, reading: CalendarReading, weeks: int) -> str:
    lines = [f"📅 I found no runs in <b>{escape(file_name)}</b> for the next {weeks} weeks."]
    if (left_out := skipped_line(reading.skipped)) is not None:
        lines.append(left_out)
    lines += [NO_RUNS_HINT, "Nothing was changed."]
    return "\n".join(lines)


def imported_text(runs: Sequence[Occurrence], warmup_line: str) -> str:
    return f"✅ Imported: {runs_line(runs)}\nEach gets its warm-up before it.\n{warmup_line}"


def _label(title: str, times: int, ticked: bool) -> str:
    name = title if len(title) <= _LABEL_CHARACTERS else title[: _LABEL_CHARACTERS - 1] + "…"
    return f"{'☑' if ticked else '☐'} {name or '(no title)'} ×{times}"


def preview_markup(
    token: str, reading: CalendarReading, chosen: Collection[int]
) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                _label(event.title, len(event.occurrences), index in chosen),
                callback_data=f"{CALENDAR_PREFIX}{token}:t{index}",
            )
        ]
        for index, event in enumerate(reading.unsure[:MAX_ASKED])
    ]
    total = len(reading.chosen(chosen))
    rows.append(
        [
            InlineKeyboardButton(
                f"Import {counted(total, 'run', 'runs')}",
                callback_data=f"{CALENDAR_PREFIX}{token}:ok",
            ),
            InlineKeyboardButton("Cancel", callback_data=f"{CALENDAR_PREFIX}{token}:no"),
        ]
    )
    return InlineKeyboardMarkup(rows)
