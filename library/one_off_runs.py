"""One-off runs: single runs outside the weekly schedule, added in the chat (``/run``,
plain words) or imported from a calendar file, each at a local date and start time.

A one-off run gets a warm-up like a planned run: due ``lead`` minutes before its start
in the runner's zone, DST-exact (:func:`library.schedule.local_instant`). The pure rules
of which run comes next, weekly or one-off, are in ``library/deliveries.py``
(:func:`library.deliveries.next_run`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from library.schedule import Slot, local_instant

# How far ahead a one-off run may be added.
MAX_AHEAD = timedelta(days=366)


class RunSource(StrEnum):
    """Where a one-off run came from."""

    CHAT = "chat"  # /run or plain words
    CALENDAR = "calendar"  # an imported .ics file


@dataclass(frozen=True, slots=True)
class OneOffRun:
    """One single run: its id, local date and start time, and where it came from."""

    id: int
    local_date: date
    local_time: time
    source: RunSource


def one_off_slot(run: OneOffRun, timezone: str, lead_minutes: int) -> Slot:
    """The run as a :class:`~library.schedule.Slot`: its start and its warm-up's due
    time (``lead_minutes`` before), both exact across daylight-saving changes."""
    start = local_instant(run.local_date, run.local_time, ZoneInfo(timezone))
    due = start - timedelta(minutes=lead_minutes)
    return Slot(run.local_date, start, due, run_key(run.local_time))


def run_key(local_time: time) -> str:
    """A one-off run's key within its date: its local start, "HH:MM"."""
    return f"{local_time.hour:02d}:{local_time.minute:02d}"


def upcoming_slots(
    runs: Iterable[OneOffRun], timezone: str, lead_minutes: int, after: datetime
) -> list[tuple[Slot, OneOffRun]]:
    """The runs whose warm-up is due strictly after ``after``, earliest first."""
    slots = [(one_off_slot(run, timezone, lead_minutes), run) for run in runs]
    return sorted(
        ((slot, run) for slot, run in slots if slot.due_utc > after),
        key=lambda pair: (pair[0].run_start_utc, pair[1].id),
    )
