"""The send budget every instance of one bot shares: how many scheduled messages an
instance may claim now, and when each of them may go.

Telegram's limit is per bot, not per process, so the instances of a bot split one rate
between them through the database. Before claiming, an instance reads two figures every
instance writes: how many rows are *in flight* (claimed by any instance, lease not ended,
not yet recorded) and when the last send was recorded. The sends already claimed are
taken to go back to back at the shared rate from that moment on; the new claim is queued
behind them, one ``spacing`` apart, and may fill the *horizon* (the next few seconds):

    start   = max(now, last_sent + spacing) + in_flight × spacing
    claim   = floor((now + horizon − start) / spacing)      (0 … limit)
    slot(i) = start + i × spacing

``spacing`` is ``(1 + margin) / rate``: a little slower than the rate, so that a few
milliseconds of scheduling jitter at the seam between two instances' slots never puts
one message too many into a second. Each instance sends its claim at its own slots (and
its process limiter still holds it to the rate), so instances queue behind each other
instead of sending at the same moment, and N instances together stay within the rate.
A claim's lease ends a fixed grace after its last slot, so the claims of an instance
that dies come back within seconds, not minutes.

Pure: the caller gives the figures; no clock, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta


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
    in_flight: int,
    last_sent: datetime | None,
    limit: int,
    margin: float = 0.05,
) -> SendBudget:
    """The claim an instance may make at ``now``: ``in_flight`` rows claimed by every
    instance still to go, the last recorded send at ``last_sent`` (None: none lately),
    at most ``limit`` rows (a batch), the budget being ``rate`` a second over ``horizon``."""
    spacing = spacing_for(rate, margin)
    free = now if last_sent is None else max(now, last_sent + spacing)
    start = free + spacing * max(in_flight, 0)
    room = math.floor((now + horizon - start) / spacing)
    return SendBudget(now=now, start=start, count=max(0, min(limit, room)), spacing=spacing)
