"""The delivery lifecycle: the kinds of scheduled message, their states, and the pure rules
of when each is planned, whether a claimed one still goes, and what follows it.

A scheduled message is a row per runner, local date, kind and run key
(``storage/deliveries.py`` keeps them): a warm-up per run (a date can hold the weekly
run and one-off runs, each its own key, :data:`library.schedule.RunKey`), a summary per
week, a snoozed repeat per date. Its life: planned ``PENDING`` with a due time and a
deadline; claimed by a tick once due; then :func:`triage` says whether it is still
wanted (else ``CANCELLED``) and still in time (else ``MISSED``: a warm-up is never sent
after its run has started, a summary not after its day); a sent one is recorded
``SENT``; a failed try goes back to ``PENDING`` after :func:`retry_delay`. When a claimed row ends,
:func:`plan_after` gives the rows that follow it; :func:`plan_for` gives a runner's
rows afresh after a change of settings. The SQL, the sending and the wording live
elsewhere; every rule here is a function of its arguments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from library.one_off_runs import OneOffRun, upcoming_slots
from library.profiles import PauseReason, RunnerProfile
from library.schedule import (
    WEEKLY_KEY,
    RunKey,
    RunSchedule,
    Slot,
    local_instant,
    next_slot,
    slot_on,
)


class DeliveryKind(StrEnum):
    """What a scheduled message is: the pre-run warm-up, its snoozed repeat, or the
    weekly summary."""

    WARMUP = "warmup"
    SNOOZE = "snooze"
    SUMMARY = "summary"


class DeliveryStatus(StrEnum):
    """Where a scheduled message stands."""

    PENDING = "pending"  # waiting for its due time
    CLAIMED = "claimed"  # an instance is sending it (until its lease ends)
    SENT = "sent"
    MISSED = "missed"  # past its deadline before it could go: never sent late
    SKIPPED = "skipped"  # not wanted any more (skipped, paused, turned off, nothing to say)
    FAILED = "failed"  # Telegram refused it for good (the runner blocked the bot)


class Outcome(StrEnum):
    """What became of one claimed delivery."""

    SENT = "sent"
    MISSED = "missed"  # too late (the run had started, the summary's day is over)
    BLOCKED = "blocked"  # the runner blocked the bot: their scheduled messages are paused
    RETRY = "retry"  # Telegram or the network failed: due again after a back-off
    CANCELLED = "cancelled"  # paused, unscheduled or turned off since it was planned
    QUIET = "quiet"  # a summary with nothing to say (no training for weeks)


# The status a claimed delivery is recorded with, by how it ended (RETRY is not an end:
# the row goes back to PENDING).
STATUS_OF: Mapping[Outcome, DeliveryStatus] = {
    Outcome.SENT: DeliveryStatus.SENT,
    Outcome.MISSED: DeliveryStatus.MISSED,
    Outcome.BLOCKED: DeliveryStatus.FAILED,
    Outcome.CANCELLED: DeliveryStatus.SKIPPED,
    Outcome.QUIET: DeliveryStatus.SKIPPED,
}

SNOOZE_MINUTES = 10
# A warm-up's window: it may go from WINDOW_EARLY before its due time (lead + 10 minutes
# before the run) until WINDOW_CLOSE before the run; the dispatcher starts a wave that
# is too big for the rate early (library/waves.py). After the run starts it is missed.
WINDOW_EARLY = timedelta(minutes=10)
WINDOW_CLOSE = timedelta(minutes=5)
SUMMARY_TIME = time(18, 0)  # local time of the weekly summary on the runner's chosen day
SUMMARY_GRACE = timedelta(hours=12)  # a summary later than this is recorded missed
MAX_MISSED_RECORDED = 14  # runs that went by while the bot was down, recorded as missed
RETRY_BASE = timedelta(seconds=30)
RETRY_MAX = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Delivery:
    """One scheduled message to one runner: a warm-up for one planned run, its snoozed
    repeat, or one week's summary."""

    id: int
    user_id: int
    local_date: date
    kind: DeliveryKind
    status: DeliveryStatus
    deadline_utc: datetime  # a warm-up's run start; after it the message is missed
    next_due_utc: datetime
    attempts: int
    session_id: int | None
    run_key: str = WEEKLY_KEY  # a warm-up's run within its date (library.schedule.Slot.key)

    @property
    def run(self) -> RunKey:
        return (self.local_date, self.run_key)

    def too_late(self, now: datetime) -> bool:
        """True once the deadline has passed: then it is recorded missed, not sent."""
        return now >= self.deadline_utc


@dataclass(frozen=True, slots=True)
class Planned:
    """A delivery to write: its kind, the runner's local date, when it is due, and its
    deadline. ``MISSED`` ones are runs that went by while no instance was sending."""

    kind: DeliveryKind
    local_date: date
    due_utc: datetime
    deadline_utc: datetime
    status: DeliveryStatus = DeliveryStatus.PENDING
    run_key: str = WEEKLY_KEY

    @property
    def run(self) -> RunKey:
        return (self.local_date, self.run_key)


@dataclass(frozen=True, slots=True)
class Finished:
    """A claimed delivery's end, waiting to be recorded (in a group commit with others)."""

    delivery: Delivery
    outcome: Outcome
    message_id: int | None = None

    @property
    def status(self) -> DeliveryStatus:
        return STATUS_OF[self.outcome]


def wanted(kind: DeliveryKind, runner: RunnerProfile) -> bool:
    """Whether the runner's settings still ask for this kind of message: warm-ups and
    their repeats while not paused (a planned warm-up also needs a schedule); the weekly
    summary while it is on, even when warm-ups are paused, but not once they blocked
    the bot."""
    if kind is DeliveryKind.SUMMARY:
        return runner.summary_day is not None and runner.paused is not PauseReason.BLOCKED
    if runner.paused is not None:
        return False
    return kind is DeliveryKind.SNOOZE or runner.schedule is not None


def triage(delivery: Delivery, runner: RunnerProfile, now: datetime) -> Outcome | None:
    """What a claimed delivery comes to before anything is sent: ``CANCELLED`` when not
    wanted any more, ``MISSED`` when past its deadline, None when it should go."""
    if not wanted(delivery.kind, runner):
        return Outcome.CANCELLED
    if delivery.too_late(now):
        return Outcome.MISSED
    return None


def retry_delay(attempts: int) -> timedelta:
    """Back-off before the next try after ``attempts`` failed ones: 30 s doubling to 10 min."""
    delay: timedelta = RETRY_BASE * (2 ** max(0, min(attempts - 1, 10)))
    return min(delay, RETRY_MAX)


def warmup(slot: Slot, status: DeliveryStatus = DeliveryStatus.PENDING) -> Planned:
    """The warm-up of a planned run: due ``lead`` minutes before, missed once it starts."""
    return Planned(
        DeliveryKind.WARMUP, slot.local_date, slot.due_utc, slot.run_start_utc, status, slot.key
    )


def can_snooze(run_start: datetime, now: datetime, minutes: int = SNOOZE_MINUTES) -> bool:
    """Whether a snooze of ``minutes`` pressed at ``now`` comes back strictly before the
    run starting at ``run_start`` (else the card offers none and the button refuses)."""
    return now + timedelta(minutes=minutes) < run_start


def snooze(
    local_date: date, now: datetime, run_start: datetime, minutes: int = SNOOZE_MINUTES
) -> Planned | None:
    """The repeat of the warm-up of ``local_date`` (its run starting at ``run_start``),
    ``minutes`` from ``now`` and missed once the run starts, like the warm-up itself;
    None when it would not come back before the run (:func:`can_snooze`)."""
    if not can_snooze(run_start, now, minutes):
        return None
    return Planned(DeliveryKind.SNOOZE, local_date, now + timedelta(minutes=minutes), run_start)


def summary_after(
    timezone: str, weekday: int, after: datetime, *, skip_dates: frozenset[date] = frozenset()
) -> Planned:
    """The next weekly summary due strictly after ``after``: ``weekday`` at
    :data:`SUMMARY_TIME` local time, missed :data:`SUMMARY_GRACE` later (a summary can
    wait, but not for days)."""
    zone = ZoneInfo(timezone)
    day = after.astimezone(zone).date()
    day += timedelta(days=(weekday - day.weekday()) % 7)
    while True:  # ends: skip_dates is finite
        due = local_instant(day, SUMMARY_TIME, zone)
        if due > after and day not in skip_dates:
            return Planned(DeliveryKind.SUMMARY, day, due, due + SUMMARY_GRACE)
        day += timedelta(days=7)


def is_weekly_run(schedule: RunSchedule, slot: Slot) -> bool:
    """Whether a one-off ``slot`` is the weekly run of its date (same day, same start):
    then it is that run, not a second one."""
    return (
        slot.local_date.weekday() in schedule.weekdays
        and slot_on(schedule, slot.local_date).run_start_utc == slot.run_start_utc
    )


def next_run(
    schedule: RunSchedule,
    one_offs: Sequence[OneOffRun],
    after: datetime,
    skip: frozenset[RunKey] = frozenset(),
) -> Slot | None:
    """The first run, weekly or one-off, whose warm-up is due strictly after ``after``.

    Each run is its own: a date can hold its weekly run and one-off runs at other
    times, each with its warm-up (a one-off at the weekly run's very start is that
    run). A one-off run's warm-up is due the schedule's lead before it, in the
    schedule's zone. ``skip`` are runs already done with (sent, missed, skipped, or the
    weekly run of a date replaced by a one-off), by :data:`library.schedule.RunKey`.
    """
    weekly_skip = frozenset(day for day, key in skip if key == WEEKLY_KEY)
    weekly = next_slot(schedule, after, skip_dates=weekly_skip)
    single = next(
        (
            slot
            for slot, _ in upcoming_slots(one_offs, schedule.timezone, schedule.lead_minutes, after)
            if slot.run not in skip and not is_weekly_run(schedule, slot)
        ),
        None,
    )
    found = [slot for slot in (weekly, single) if slot is not None]
    return min(found, key=lambda slot: (slot.due_utc, slot.run_start_utc), default=None)


def runs_after(
    schedule: RunSchedule,
    previous_run_start: datetime,
    now: datetime,
    one_offs: Sequence[OneOffRun] = (),
    skip: frozenset[RunKey] = frozenset(),
) -> list[Planned]:
    """The warm-ups after the run starting at ``previous_run_start``, as seen at ``now``
    (weekly and ``one_offs`` alike, :func:`next_run`), none of the runs in ``skip``.

    The chain goes on from the previous run's warm-up due time, not its start, so a
    run whose warm-up falls before the previous run starts (Sat 23:50 then Sun 00:10
    with a 30-minute lead) still gets its own; runs are taken in order of due time, so
    none is planned twice. Runs whose start has passed (no instance was sending) come
    back as missed, at most :data:`MAX_MISSED_RECORDED` of them; the next is the first
    run not yet started, even if its due time has passed, so it is still sent before
    the run.
    """
    planned: list[Planned] = []
    lead = timedelta(minutes=schedule.lead_minutes)
    slot = next_run(schedule, one_offs, previous_run_start - lead, skip)
    while slot is not None and slot.run_start_utc <= now:
        if len(planned) == MAX_MISSED_RECORDED:
            slot = next_run(schedule, one_offs, now - lead, skip)
            break
        planned.append(warmup(slot, DeliveryStatus.MISSED))
        slot = next_run(schedule, one_offs, slot.due_utc, skip)
    if slot is not None:
        planned.append(warmup(slot))
    return planned


def plan_for(
    runner: RunnerProfile,
    now: datetime,
    taken: Mapping[DeliveryKind, frozenset[RunKey]] | None = None,
    one_offs: Sequence[OneOffRun] = (),
) -> list[Planned]:
    """The runner's pending messages afresh, after a change of settings: the next weekly
    summary and the next warm-up (weekly or one of ``one_offs``), none of them ``taken``
    already (summaries by local date; warm-ups by run, so a run that was sent, missed or
    skipped is never planned again, while another run the same day still is)."""
    taken = taken or {}
    planned: list[Planned] = []
    if wanted(DeliveryKind.SUMMARY, runner) and runner.summary_day is not None:
        summaries = taken.get(DeliveryKind.SUMMARY, frozenset())
        planned.append(
            summary_after(
                runner.timezone,
                runner.summary_day,
                now,
                skip_dates=frozenset(day for day, _ in summaries),
            )
        )
    schedule = runner.schedule
    if wanted(DeliveryKind.WARMUP, runner) and schedule is not None:
        slot = next_run(schedule, one_offs, now, taken.get(DeliveryKind.WARMUP, frozenset()))
        if slot is not None:
            planned.append(warmup(slot))
    return planned


def plan_after(
    delivery: Delivery,
    outcome: Outcome,
    runner: RunnerProfile | None,
    now: datetime,
    one_offs: Sequence[OneOffRun] = (),
    taken: frozenset[RunKey] = frozenset(),
) -> list[Planned]:
    """What follows a claimed delivery that ended with ``outcome``: a warm-up is followed
    by the runner's next run, weekly or one of ``one_offs`` (and the runs that went by
    meanwhile, as missed; never that run again nor one of the runs ``taken`` already),
    a summary by next week's. A snoozed repeat is followed by nothing (the run's own
    warm-up already was), nor is anything planned for a runner who blocked the bot, is
    gone or no longer wants that kind of message."""
    if (
        runner is None
        or outcome is Outcome.BLOCKED
        or delivery.kind is DeliveryKind.SNOOZE
        or not wanted(delivery.kind, runner)
    ):
        return []
    if delivery.kind is DeliveryKind.SUMMARY:
        assert runner.summary_day is not None  # wanted() says it is on
        return [
            summary_after(
                runner.timezone,
                runner.summary_day,
                now,
                skip_dates=frozenset({delivery.local_date}),
            )
        ]
    assert runner.schedule is not None  # wanted() says there is one
    return runs_after(runner.schedule, delivery.deadline_utc, now, one_offs, taken | {delivery.run})


def next_warmup(planned: list[Planned]) -> Planned | None:
    """The pending warm-up among ``planned``, if any."""
    return next(
        (
            item
            for item in planned
            if item.kind is DeliveryKind.WARMUP and item.status is DeliveryStatus.PENDING
        ),
        None,
    )
