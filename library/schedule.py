"""Run schedules: which days and at what local time a runner runs (a time per weekday:
Tuesday and Thursday at 06:30, Saturday at 08:00), and when each warm-up is due.

All times are computed with zoneinfo from the runner's local wall-clock time, so a 07:00
run stays at 07:00 through daylight-saving changes. On a fall-back day an ambiguous time
is taken once (its first occurrence); a time that falls into a spring-forward gap moves
to the first valid minute after the gap. A slot is identified by its :attr:`Slot.run`
key: the run's local date and, for a run outside the weekly schedule, its local start
("HH:MM"); the weekly run of a date has the empty key. That key is what makes each
warm-up unique per runner and run, so a day can hold a weekly run and one-off runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

DEFAULT_LEAD_MINUTES = 15
MIN_LEAD_MINUTES = 5
MAX_LEAD_MINUTES = 120
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class RunSchedule:
    """When a runner runs: weekdays (Monday 0), a local start time per weekday, zone and
    warm-up lead.

    ``run_time`` is the start of every day not in ``day_times``, the days whose time
    differs: ``RunSchedule(days, time(7, 0), zone)`` is those days at 07:00, and
    :meth:`per_day` builds a schedule from each day's time. ``times`` is each day's start.
    """

    weekdays: frozenset[int]
    run_time: time
    timezone: str
    lead_minutes: int = DEFAULT_LEAD_MINUTES
    day_times: Mapping[int, time] = field(default_factory=dict)

    def __post_init__(self) -> None:
        weekdays = frozenset(self.weekdays) | frozenset(self.day_times)
        if any(day not in range(7) for day in weekdays):
            raise ValueError("weekdays go from 0 (Monday) to 6")
        differing = {d: at for d, at in sorted(self.day_times.items()) if at != self.run_time}
        object.__setattr__(self, "weekdays", weekdays)
        object.__setattr__(self, "day_times", MappingProxyType(differing))

    def __hash__(self) -> int:
        return hash((self.times_key, self.timezone, self.lead_minutes))

    @classmethod
    def per_day(
        cls, times: Mapping[int, time], timezone: str, lead_minutes: int = DEFAULT_LEAD_MINUTES
    ) -> RunSchedule:
        """Each day at its own time ({1: 06:30, 3: 06:30, 5: 08:00}); ``run_time`` is the
        earliest."""
        earliest = min(times.values(), default=time(0, 0))
        return cls(frozenset(times), earliest, timezone, lead_minutes, times)

    @property
    def times(self) -> Mapping[int, time]:
        """Each run day's local start, by weekday."""
        return MappingProxyType(
            {day: self.day_times.get(day, self.run_time) for day in sorted(self.weekdays)}
        )

    @property
    def times_key(self) -> tuple[tuple[int, time], ...]:
        return tuple(self.times.items())

    def time_on(self, weekday: int) -> time:
        """The start on ``weekday`` (KeyError: no run that day)."""
        if weekday not in self.weekdays:
            raise KeyError(weekday)
        return self.day_times.get(weekday, self.run_time)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


# A run's identity for one runner: its local date and WEEKLY_KEY for the weekly run of that
# date, or the local start ("HH:MM") for a one-off run.
RunKey = tuple[date, str]
WEEKLY_KEY = ""


@dataclass(frozen=True, slots=True)
class Slot:
    """One planned run: its local date, when it starts and when its warm-up is due (UTC),
    and its key within the date (:data:`WEEKLY_KEY`, or a one-off's "HH:MM")."""

    local_date: date
    run_start_utc: datetime
    due_utc: datetime
    key: str = WEEKLY_KEY

    @property
    def run(self) -> RunKey:
        """The run's identity: (local date, key)."""
        return (self.local_date, self.key)


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
    """The run on ``day`` at that weekday's time (KeyError: no run on that weekday)."""
    run_start = local_instant(day, schedule.time_on(day.weekday()), schedule.zone)
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
    # Days are walked in order and each run's due time is its start less the same lead,
    # so the first match is the earliest even when the days' times differ.
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


def time_groups(times: Mapping[int, time]) -> list[tuple[frozenset[int], time]]:
    """The days that share a time, ordered by their first weekday:
    {1: 06:30, 3: 06:30, 5: 08:00} -> [({1, 3}, 06:30), ({5}, 08:00)]."""
    by_time: dict[time, set[int]] = {}
    for day in sorted(times):
        by_time.setdefault(times[day], set()).add(day)
    return sorted(
        ((frozenset(days), at) for at, days in by_time.items()), key=lambda group: min(group[0])
    )


def encode_week(days: Iterable[int], times: Mapping[int, time]) -> str:
    """Days and their times for storage: '0=06:30,2=06:30,5=08:00'; a day whose time is
    not known yet (set-up asks the days first) is the weekday alone: '1,3'."""
    parts = []
    for day in sorted(set(days) | set(times)):
        at = times.get(day)
        parts.append(str(day) if at is None else f"{day}={at:%H:%M}")
    return ",".join(parts)


def decode_week(text: str | None) -> tuple[frozenset[int], dict[int, time]]:
    """The days and the times of :func:`encode_week`'s text (ValueError: not that form)."""
    days: set[int] = set()
    times: dict[int, time] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        day_text, _, time_text = part.partition("=")
        day = int(day_text)
        if day not in range(7):
            raise ValueError("weekdays go from 0 (Monday) to 6")
        days.add(day)
        if time_text:
            times[day] = time.fromisoformat(time_text)
    return frozenset(days), times
