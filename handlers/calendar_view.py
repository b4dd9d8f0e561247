"""The words and buttons of a calendar import: the preview, its problems and its outcome.

The codes come from ``library/calendar_import.py``; everything a runner reads about an
import is written here (the problems with a file, what was left out and why, the runs
found), each sentence whole with its values put in.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.i18n import N_, _, format_date, ngettext
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
    # TRANSLATORS: {megabytes} is the largest file taken, e.g. 1.
    CalendarProblem.TOO_BIG: N_(
        "That file is too big for a training calendar (over {megabytes} MB). "
        "Export only your training plan, or just the coming weeks, and send that."
    ),
    CalendarProblem.NOT_ICALENDAR: N_(
        "That doesn't look like a calendar file. Send the .ics file your training app or "
        "calendar exports: it starts with BEGIN:VCALENDAR."
    ),
    CalendarProblem.BROKEN: N_(
        "I couldn't read that calendar file: part of it is damaged. Try exporting it again."
    ),
    CalendarProblem.NO_EVENTS: N_(
        "That calendar has no events in it, so there's nothing to import."
    ),
}
# Why events were left out, after "Left out:" (Skip.LATER counts weeks: _skip_reason).
_SKIPPED = {
    Skip.ALL_DAY: N_("all-day (no start time)"),
    Skip.NO_START: N_("no start time I could read"),
    Skip.UNKNOWN_ZONE: N_("a time zone I don't know"),
    Skip.TOO_OFTEN: N_("repeating more than once a day"),
    Skip.CANCELLED: N_("cancelled"),
    Skip.NOT_A_RUN: N_("not a run"),
    Skip.PAST: N_("already over"),
}
# TRANSLATORS: "Import" is the button that imports the runs.
NOTHING_SAVED = N_(
    "Nothing is saved until you tap Import; a newer file replaces runs imported before."
)
ASK_UNSURE = N_("Which of these are runs too? Tap to tick them:")
# TRANSLATORS: the quoted titles are examples of what the coach takes as a run.
NO_RUNS_HINT = N_(
    "I take events whose title or category says it's a run, e.g. “Easy run 40 min”, "
    "“Intervals 6×800” or “Long run”."
)
NEEDS_SCHEDULE = N_(
    "Before I import runs I need your run days and time zone: set them with "
    "<code>/schedule tue thu 06:30</code> and <code>/timezone Europe/Berlin</code>, "
    "then send the file again."
)
# TRANSLATORS: EXPIRED and TICK_FIRST are alerts over the chat: at most 200 characters.
EXPIRED = N_("This import is no longer open. Send the file again to see it afresh.")
# TRANSLATORS: "Cancel" is the button that drops the import.
TICK_FIRST = N_("Tick at least one event first, or tap Cancel.")
CANCELLED = N_("Calendar import cancelled: nothing was changed.")


def short_day(day: date) -> str:
    """'Tue 9 Dec'."""
    return format_date(day, "EEE d MMM")


def problem_text(problem: CalendarProblem) -> str:
    if problem is CalendarProblem.TOO_MANY:
        return ngettext(
            "That calendar holds far more than a training plan (hundreds of events in the "
            "next {weeks} week). Export only your training plan and send that.",
            "That calendar holds far more than a training plan (hundreds of events in the "
            "next {weeks} weeks). Export only your training plan and send that.",
            WEEKS_AHEAD,
        ).format(weeks=WEEKS_AHEAD)
    return _(_PROBLEMS[problem]).format(megabytes=MAX_BYTES // 1024 // 1024)


def _skip_reason(skip: Skip) -> str:
    if skip is Skip.LATER:
        return ngettext(
            "more than {weeks} week ahead", "more than {weeks} weeks ahead", WEEKS_AHEAD
        ).format(weeks=WEEKS_AHEAD)
    return _(_SKIPPED[skip])


def skipped_line(skipped: Mapping[Skip, int]) -> str | None:
    """'Left out: all-day (no start time): 3 · not a run: 2.' (None when nothing was)."""
    parts = [f"{_skip_reason(skip)}: {skipped[skip]}" for skip in Skip if skipped.get(skip)]
    if not parts:
        return None
    # TRANSLATORS: {reasons} is e.g. "all-day (no start time): 3 · not a run: 2".
    return _("Left out: {reasons}.").format(reasons=" · ".join(parts))


def runs_line(runs: Sequence[Occurrence]) -> str:
    """'12 runs from Mon 8 Dec to Mon 2 Feb, next: Tue 9 Dec 06:30.'"""
    first, last = runs[0], runs[-1]
    count = len(runs)
    values = {
        "count": count,
        "first": short_day(first.day),
        "last": short_day(last.day),
        "time": f"{first.start:%H:%M}",
    }
    if first.day == last.day:
        # TRANSLATORS: {first} is a short date ("Tue 9 Dec"), {time} 24-hour HH:MM.
        return ngettext(
            "<b>{count} run</b> on {first}, next: <b>{first} {time}</b>.",
            "<b>{count} runs</b> on {first}, next: <b>{first} {time}</b>.",
            count,
        ).format(**values)
    # TRANSLATORS: {first} and {last} are short dates ("Tue 9 Dec"), {time} 24-hour HH:MM.
    return ngettext(
        "<b>{count} run</b> from {first} to {last}, next: <b>{first} {time}</b>.",
        "<b>{count} runs</b> from {first} to {last}, next: <b>{first} {time}</b>.",
        count,
    ).format(**values)


def preview_text(
    file_name: str, reading: CalendarReading, chosen: Collection[int], weeks: int
) -> str:
    runs = reading.chosen(chosen)
    lines = [
        ngettext(
            "📅 <b>{file}</b>, the next {weeks} week:",
            "📅 <b>{file}</b>, the next {weeks} weeks:",
            weeks,
        ).format(file=escape(file_name), weeks=weeks)
    ]
    lines.append(runs_line(runs) if runs else _("No runs ticked yet."))
    if (left_out := skipped_line(reading.skipped)) is not None:
        lines.append(left_out)
    if reading.unsure:
        lines.append(_(ASK_UNSURE))
    lines.append(_(NOTHING_SAVED))
    return "\n".join(lines)


def nothing_found_text(file_name: str, reading: CalendarReading, weeks: int) -> str:
    lines = [
        ngettext(
            "📅 I found no runs in <b>{file}</b> for the next {weeks} week.",
            "📅 I found no runs in <b>{file}</b> for the next {weeks} weeks.",
            weeks,
        ).format(file=escape(file_name), weeks=weeks)
    ]
    if (left_out := skipped_line(reading.skipped)) is not None:
        lines.append(left_out)
    lines += [_(NO_RUNS_HINT), _("Nothing was changed.")]
    return "\n".join(lines)


def imported_text(runs: Sequence[Occurrence], warmup_line: str) -> str:
    imported = _("✅ Imported: {runs}").format(runs=runs_line(runs))
    return f"{imported}\n{_('Each gets its warm-up before it.')}\n{warmup_line}"


def _label(title: str, times: int, ticked: bool) -> str:
    name = title if len(title) <= _LABEL_CHARACTERS else title[: _LABEL_CHARACTERS - 1] + "…"
    return f"{'☑' if ticked else '☐'} {name or _('(no title)')} ×{times}"


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
                # TRANSLATORS: button label.
                ngettext("Import {count} run", "Import {count} runs", total).format(count=total),
                callback_data=f"{CALENDAR_PREFIX}{token}:ok",
            ),
            InlineKeyboardButton(_("Cancel"), callback_data=f"{CALENDAR_PREFIX}{token}:no"),
        ]
    )
    return InlineKeyboardMarkup(rows)
