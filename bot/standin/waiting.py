"""Waiting on the stand-in: the signal of each change, ``wait_until``, ``quiet`` and stopping."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable


class Activity:
    """What happens in the stand-in, for whoever waits on it: every change of state
    (an update pushed, a request answered, a delivery made) wakes the waiters; requests
    in flight and the time of the last change tell when the bot has gone quiet;
    ``closing`` ends long polls and hanging requests when the stand-in stops."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.closing = False
        self._last_change = time.monotonic()
        self._waiters: list[asyncio.Future[None]] = []

    def touch(self) -> None:
        """Something happened: note the time and wake the waiters."""
        self._last_change = time.monotonic()
        self.notify()

    def notify(self) -> None:
        """Wake the waiters without counting as activity (a queue emptied, a setting changed)."""
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    def close(self) -> None:
        """The stand-in stops: long polls and waits end at once instead of at their timeout."""
        self.closing = True
        self.notify()

    async def next_change(self, timeout: float) -> None:
        """Sleep until the next change of state (update pushed, request answered) or timeout."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(waiter, max(timeout, 0))

    async def wait_until(self, condition: Callable[[], bool], timeout: float) -> None:
        """Wait for ``condition`` to hold, re-checking after every change; TimeoutError if not."""
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the stand-in did not reach the expected state in time")
            await self.next_change(min(remaining, 0.25))

    async def quiet(self, idle: float, timeout: float) -> None:
        """Wait until no request is in flight and none has come for ``idle`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            silent_for = time.monotonic() - self._last_change
            if self.in_flight == 0 and silent_for >= idle:
                return
            if time.monotonic() > deadline:
                raise TimeoutError("the bot did not go quiet in time")
            await asyncio.sleep(max(0.01, idle - silent_for))


__all__ = ["Activity"]
