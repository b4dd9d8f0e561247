"""The send budget every instance of one bot shares: how many scheduled messages an
instance may claim now, and when each of them may go.

Telegram's limit is per bot, not per process, so the instances of a bot split one rate
between them through the database. Before claiming, an instance reads two figures every
instance writes: where the *queue* ends (the end of the latest claim any instance still
holds: its last slot and one spacing; the rows of a claim share one lease, a fixed grace
after that, so the lease tells it) and when the last send was recorded. The new claim
is queued behind both, one ``spacing`` apart, and may fill the *horizon* (the next few
seconds):

    start   = max(now + ready, last_sent + spacing, queue_end)
    claim   = floor((now + horizon − start) / spacing)      (0 … limit)
    slot(i) = start + i × spacing

``spacing`` is ``(1 + margin) / rate``: a little slower than the rate, which leaves room
for jitter (below). Each instance sends its claim at its own slots (and its process
limiter still holds it to the rate), so instances queue behind each other instead of
sending at the same moment, and N instances together stay within the rate. A claim's
lease ends a fixed grace after its last slot, so the claims of an instance that dies
come back within seconds, not minutes. ``ready`` leaves the claimer time to prepare its
rows before the first slot.

Slots are a plan; the sender's clock is not exact. :class:`Pacer` lets each row go at
its slot but never within a spacing of the row before, so after a stall (a busy loop,
a full connection pool) the rest of the claim slides back one spacing apart from the
stall's end instead of catching up in a burst, and no row goes after the claim's last
slot: a row that would is handed back for a later claim, so a slid claim never runs
into the next one, which another instance may hold. With ``slack`` the largest
lateness taken as on time, any one second then holds at most the rate as long as
``2 × slack`` stays under the margin's ``margin`` seconds a second (40 ms of the bot's
100); the rest of it is left for the network. A slack well above a sleep's overshoot
matters at high rates: at 1,000 a second a 5 ms slack took every busy moment of the
loop for a stall and deferred rows by the hundred.

Pure: the caller gives the figures; no clock, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class SendBudget:
    """One claim's share of the shared rate: ``count`` rows, the first at ``start``."""

    now: datetime
    start: datetime
    count: int
    spacing: timedelta

    def slot(self, index: int) -> datetime:
        """When the ``index``-th row of the claim (from 0) may go, at the earliest."""
        return self.start + self.spacing * index

    @property
    def end(self) -> datetime:
        """Just after the claim's last slot: where the next claim queues."""
        return self.slot(self.count)

    def lease(self, grace: timedelta) -> timedelta:
        """How long the claim is held: until ``grace`` after its last slot."""
        return max(self.end - self.now, timedelta(0)) + grace


def spacing_for(rate: float, margin: float) -> timedelta:
    """The time between two sends at ``rate`` a second, ``margin`` (a fraction) slower."""
    if rate <= 0 or margin < 0:
        raise ValueError("the rate must be positive and the margin not negative")
    return timedelta(seconds=(1.0 + margin) / rate)


def send_budget(
    now: datetime,
    *,
    rate: float,
    horizon: timedelta,
    queue_end: datetime | None,
    last_sent: datetime | None,
    limit: int,
    margin: float = 0.05,
    ready: timedelta = timedelta(0),
) -> SendBudget:
    """The claim an instance may make at ``now``: the claims every instance holds end at
    ``queue_end`` (None: none held), the last recorded send was at ``last_sent`` (None:
    none lately); at most ``limit`` rows (a batch), the budget being ``rate`` a second
    over ``horizon``, the first slot ``ready`` from now at the earliest."""
    spacing = spacing_for(rate, margin)
    start = max(
        now + ready,
        now if last_sent is None else last_sent + spacing,
        now if queue_end is None else queue_end,
    )
    room = math.floor((now + horizon - start) / spacing)
    return SendBudget(now=now, start=start, count=max(0, min(limit, room)), spacing=spacing)


def queue_end(held_until: datetime | None, grace: timedelta) -> datetime | None:
    """Where the claims held end, from the latest lease (``held_until``) and the grace
    every instance adds after a claim's last slot (:meth:`SendBudget.lease`)."""
    return None if held_until is None else held_until - grace


STALL = 0.02  # seconds: a row woken later than its time by more counts as stalled


class Pace(StrEnum):
    """What a row woken for its turn does."""

    GO = "go"
    WAIT = "wait"  # woken by the end of a stall: it waits one more spacing
    DEFER = "defer"  # its turn would pass the claim's last slot: handed back


@dataclass(slots=True)
class Pacer:
    """When each row of one claim goes, on the sender's monotonic clock (seconds): at
    its slot (``first`` + index × ``spacing``), never within ``spacing`` of the row
    before, never after the last slot (+ ``slack``). See the module docstring.

    A stall's end counts as a send: the row woken by it waits one spacing more, since a
    request written just before the stall may reach the server only as it ends."""

    first: float
    spacing: float
    count: int
    slack: float = STALL
    _previous: float | None = None

    def target(self, index: int) -> float:
        """When the ``index``-th row should go: its slot, or a spacing after the row
        before (or the stall) when that was late."""
        slot = self.first + self.spacing * index
        return slot if self._previous is None else max(slot, self._previous + self.spacing)

    @property
    def last_slot(self) -> float:
        return self.first + self.spacing * (self.count - 1)

    def fits(self, target: float) -> bool:
        """Whether a row may still go at ``target``: not past the claim's last slot."""
        return target <= self.last_slot + self.slack

    def admit(self, target: float, now: float) -> Pace:
        """What a row woken at ``now`` for ``target`` does: GO when on time (within
        ``slack``; the next row keeps its spacing from ``target``), else WAIT for its
        new target, or DEFER when that passes the claim's last slot."""
        if now - target > self.slack:
            self._previous = now
            return Pace.WAIT if self.fits(now + self.spacing) else Pace.DEFER
        if not self.fits(target):
            return Pace.DEFER
        self._previous = target
        return Pace.GO


@dataclass(slots=True)
class PrepareTime:
    """How long a claim takes to prepare before its first slot may come: ``fixed``, and
    ``per_row`` for each row expected, the per-row part learnt from the claims prepared
    so far (the mean of the last estimate and the latest claim's). A fixed allowance
    alone let a large claim's first slots pass while it was still being prepared, and
    the pacer then slid the whole claim and handed its tail back."""

    fixed: timedelta
    per_row: float  # seconds, until a claim has been prepared

    def ready(self, rows: int) -> timedelta:
        """The time to leave before the first slot of a claim of ``rows``."""
        return self.fixed + timedelta(seconds=self.per_row * rows)

    def observe(self, seconds: float, rows: int) -> None:
        """A claim of ``rows`` took ``seconds`` to prepare."""
        if rows > 0:
            self.per_row = (self.per_row + seconds / rows) / 2
