"""Run schedules: which days and at what local time a runner runs, and when each warm-up is due.

All times are computed with zoneinfo from the runner's local wall-clock time, so a 07:00
run stays at 07:00 through daylight-saving changes. On a fall-back day an ambiguous time
is taken once (its first occurrence); a time that falls into a spring-forward gap moves
to the first valid minute after the gap. A slot is identified by the run's local date,
which is what makes each delivery unique per runner and run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_LEAD_MINUTES = 15
MIN_LEAD_MINUTES = 5
MAX_LEAD_MINUTES = 120
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


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


def days_mask(days: Iterable[int]) -> int:
    """Weekdays (Monday 0) as a bit mask for storage: Monday is bit 0."""
    mask = 0
    for day in days:
        mask |= 1 << day
    return mask


def days_from_mask(mask: int) -> frozenset[int]:
    return frozenset(day for day in range(7) if mask & (1 << day))
