"""The bot's rate limiter: never more than the rate in any one-second window, one message
a second in a chat, and replies to runners before scheduled sends.

python-telegram-bot's ``AIORateLimiter`` is a leaky bucket (aiolimiter): after a quiet
spell it lets a full bucket out at once and keeps leaking meanwhile, so up to twice the
rate leaves within one second, which a strict server answers with 429s.
:class:`StrictRateLimiter` keeps the times of the last sends instead and lets a request
go only when the one-second window ending now holds fewer than the rate (a sliding
window): no window of one second, wherever it starts, ever holds more.

What is counted. A request that carries a ``chat_id`` counts towards the overall rate,
as with PTB's limiter (sends, edits, chat actions); requests without one (getUpdates,
answerCallbackQuery, getFile, setMyCommands, ...) are never held. Requests that create a
message in a chat (``send*`` but sendChatAction, ``copy*``, ``forward*``) are also
spaced a second apart within their chat (``chat_rate``, TELEGRAM_CHAT_RATE_LIMIT), and
groups and channels (a negative id or an @name) get at most 20 of them a minute,
Telegram's limits for one chat. A chat waiting for its second never holds up others.

Paid broadcasts. A request with ``allow_paid_broadcast`` counts towards ``rate`` only
(TELEGRAM_RATE_LIMIT, up to 1,000 with TELEGRAM_PAID_BROADCAST); every other request is
also held to ``unpaid_rate`` (Telegram's free 30 a second), counted over unpaid requests.

Priority (the small API the senders agree on). ``rate_limit_args`` is the request's
priority, an int (None: 0); lower goes first. Replies to updates pass nothing (0);
scheduled sends pass ``handlers.deliveries.SCHEDULED_PRIORITY`` (1). Whenever the window
has room, the waiting requests are let out in (priority, arrival) order, so a wave of
warm-ups never queues in front of a reply: a reply waits at most until the window next
has room (under a second), whatever the size of the wave. Within one priority it is
first come, first served.

429s. A ``RetryAfter`` holds every counted request for its ``retry_after`` from the
moment it came (Telegram's flood wait is per bot, and the limiter cannot tell a chat's
429 from the bot's), exactly that long and no longer: the refused request keeps its
place and is retried first, up to ``max_retries`` times, then the error is raised to the
sender (``handlers.deliveries.guarded_send`` hands a warm-up back for later).

Every window is kept ``margin`` (5%) longer than its period, and at least ``slack``
(0.1 s) longer, so that a request that reaches the server a little later than the one
after it (network, connection queue, a busy event loop) still lands in a window with
room: 5% of a one-second window is only 50 ms of such jitter. The scheduler already
paces warm-ups 10% apart (``BUDGET_MARGIN``), so the slack costs a wave nothing. The
clock and sleep are injectable: tests drive the limiter on virtual time, exactly and
fast.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram.constants import FloodLimit
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

_LOGGER = logging.getLogger(__name__)

SAFETY_MARGIN = 0.05  # every window is kept 5% longer (see the module docstring)
MIN_SLACK = 0.1  # … and at least this many seconds longer
CHAT_RATE = 1.0  # one message a second in one chat
GROUP_LIMIT = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP  # 20 a minute in a group
GROUP_PERIOD = 60.0
FREE_RATE = float(FloodLimit.MESSAGES_PER_SECOND)  # 30: Telegram's free broadcast rate
PAID_RATE = float(FloodLimit.PAID_MESSAGES_PER_SECOND)  # 1,000 with allow_paid_broadcast
_MESSAGE_PREFIXES = ("send", "copy", "forward")
_NOT_A_MESSAGE = frozenset({"sendchataction"})
_FORGET_AFTER = 1024  # chats remembered before the ones long quiet are forgotten

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
Callback = Callable[..., Coroutine[Any, Any, Any]]


class SlidingWindow:
    """At most ``limit`` events in any ``period`` seconds: the times of the recent ones."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self._times: deque[float] = deque()

    @classmethod
    def per_second(cls, rate: float, margin: float, slack: float = 0.0) -> SlidingWindow:
        """``rate`` a second, strictly: ``floor(rate)`` a second (one per ``1/rate``
        seconds below one a second), each window longer by the fraction ``margin`` and
        by at least ``slack`` seconds."""
        if rate >= 1:
            return cls(math.floor(rate), longer(1.0, margin, slack))
        return cls(1, longer(1.0 / rate, margin, slack))

    def free_at(self, now: float) -> float:
        """The earliest time from ``now`` when one more event fits."""
        while self._times and self._times[0] <= now - self.period:
            self._times.popleft()
        if len(self._times) < self.limit:
            return now
        return self._times[-self.limit] + self.period

    def add(self, now: float) -> None:
        self._times.append(now)

    def __len__(self) -> int:
        return len(self._times)


def longer(period: float, margin: float, slack: float) -> float:
    """``period`` kept longer by the fraction ``margin``, and by ``slack`` at least."""
    return max(period * (1.0 + margin), period + slack)


@dataclass(eq=False, slots=True)
class _Ticket:
    """A request waiting for its turn: what it is counted as, and its place."""

    priority: int
    order: int
    chat: object
    message: bool  # creates a message: spaced within its chat
    group: bool  # a group or channel: 20 a minute
    paid: bool  # allow_paid_broadcast: not held to the free rate
    # Made only when the ticket has to wait (the fast path lets it out without one).
    granted: asyncio.Future[None] | None = field(default=None, repr=False)

    @property
    def place(self) -> tuple[int, int]:
        return (self.priority, self.order)


def creates_message(endpoint: str) -> bool:
    """Whether a Bot API method puts a message in a chat (sendChatAction does not)."""
    name = endpoint.lower()
    return name.startswith(_MESSAGE_PREFIXES) and name not in _NOT_A_MESSAGE


def is_group(chat_id: object) -> bool:
    """Groups and channels: a negative id, or an @username (only those have one here)."""
    if isinstance(chat_id, str):
        return not chat_id.lstrip("-").isdigit() or chat_id.startswith("-")
    return isinstance(chat_id, int) and chat_id < 0


def _seconds(error: RetryAfter) -> float:
    wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


class StrictRateLimiter(BaseRateLimiter[int]):
    """A strict sliding-window limiter for python-telegram-bot (see the module docstring).

    ``rate``: requests a second over all chats (TELEGRAM_RATE_LIMIT); ``unpaid_rate``:
    the limit of requests without ``allow_paid_broadcast`` (None: ``rate``);
    ``chat_rate``: messages a second in one chat; ``max_retries``: how often a request
    refused with a 429 is tried again; ``margin``: the fraction every window is kept
    longer than its period, ``slack``: the seconds it is kept longer at least.
    """

    def __init__(
        self,
        rate: float,
        *,
        unpaid_rate: float | None = None,
        chat_rate: float = CHAT_RATE,
        max_retries: int = 3,
        margin: float = SAFETY_MARGIN,
        slack: float = MIN_SLACK,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if min(rate, chat_rate, unpaid_rate or rate) <= 0:
            raise ValueError("rates must be above 0")
        self._overall = SlidingWindow.per_second(rate, margin, slack)
        self._unpaid = (
            None
            if unpaid_rate is None or unpaid_rate >= rate
            else SlidingWindow.per_second(unpaid_rate, margin, slack)
        )
        self._max_retries = max_retries
        self._chat_spacing = longer(1.0 / chat_rate, margin, slack)
        self._group_period = longer(GROUP_PERIOD, margin, slack)
        self._clock = clock
        self._sleep = sleep
        self._chats: dict[object, float] = {}  # chat -> when its next message may go
        self._groups: dict[object, SlidingWindow] = {}
        self._held_until = -math.inf  # a 429's retry_after
        self._waiting: list[_Ticket] = []  # in (priority, arrival) order
        self._arrivals = itertools.count()
        self._timer: asyncio.Task[None] | None = None
        self._timer_at = math.inf
        self.sent = 0  # counted requests let out (retries included)
        self.retries = 0  # 429s waited out and tried again

    async def initialize(self) -> None:
        """Nothing to set up: state is made as requests come."""

    async def shutdown(self) -> None:
        """Stop waking up; requests still waiting are cancelled."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        for ticket in self._waiting:
            if ticket.granted is not None:
                ticket.granted.cancel()
        self._waiting.clear()

    @property
    def waiting(self) -> int:
        """Requests waiting for their turn."""
        return len(self._waiting)

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        """Let the request out in its turn; a 429 is waited out and retried."""
        chat = data.get("chat_id")
        if chat is None:
            return await callback(*args, **kwargs)
        message = creates_message(endpoint)
        order = next(self._arrivals)
        attempt = 0
        while True:
            ticket = _Ticket(
                priority=rate_limit_args or 0,
                order=order,
                chat=chat,
                message=message,
                group=message and is_group(chat),
                paid=bool(data.get("allow_paid_broadcast")),
            )
            await self._turn(ticket)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt >= self._max_retries:
                    _LOGGER.warning(
                        "%s still refused (429) after %d retries", endpoint, self._max_retries
                    )
                    raise
                attempt += 1
                self.retries += 1
                self._hold(_seconds(error))

    # ------------------------------------------------------------------ turns
    async def _turn(self, ticket: _Ticket) -> None:
        """Wait until ``ticket`` is let out (at once when there is room)."""
        if not self._waiting:
            # The fast path: nobody waits, so nobody can be passed; when the windows
            # have room now, the ticket is counted and goes without a future or a wait.
            now = self._clock()
            if self._ready_at(ticket, now) <= now:
                self._take(ticket, now)
                if len(self._chats) > _FORGET_AFTER:
                    self._forget(now)
                return
        granted = ticket.granted = asyncio.get_running_loop().create_future()
        index = len(self._waiting)
        while index and self._waiting[index - 1].place > ticket.place:
            index -= 1
        self._waiting.insert(index, ticket)
        self._schedule()
        try:
            await granted
        except asyncio.CancelledError:
            if ticket in self._waiting:  # not let out: it takes no room
                self._waiting.remove(ticket)
            raise

    def _hold(self, seconds: float) -> None:
        """A 429: nothing counted goes for ``seconds`` from now."""
        self._held_until = max(self._held_until, self._clock() + seconds)
        _LOGGER.info("429 from Telegram: holding sends for %.1fs", seconds)

    def _schedule(self) -> None:
        """Let out what may go now, in order; wake up when the next one may go."""
        now = self._clock()
        self._let_out(now)
        if not self._waiting:
            return
        at = min(self._ready_at(ticket, now) for ticket in self._waiting)
        if self._timer is not None and not self._timer.done() and self._timer_at <= at:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer_at = at
        self._timer = asyncio.get_running_loop().create_task(self._wake_after(at - now))

    async def _wake_after(self, delay: float) -> None:
        await self._sleep(max(0.0, delay))
        self._timer = None
        self._timer_at = math.inf
        self._schedule()

    def _let_out(self, now: float) -> None:
        waiting: list[_Ticket] = []
        for ticket in self._waiting:
            granted = ticket.granted
            if granted is None or granted.done():  # cancelled meanwhile
                continue
            if self._ready_at(ticket, now) <= now:
                self._take(ticket, now)
                granted.set_result(None)
            else:
                waiting.append(ticket)
        self._waiting = waiting
        if len(self._chats) > _FORGET_AFTER:
            self._forget(now)

    def _ready_at(self, ticket: _Ticket, now: float) -> float:
        """The earliest time ``ticket`` may go, as things stand at ``now``."""
        at = max(now, self._held_until, self._overall.free_at(now))
        if self._unpaid is not None and not ticket.paid:
            at = max(at, self._unpaid.free_at(now))
        if ticket.message:
            at = max(at, self._chats.get(ticket.chat, now))
        if ticket.group:
            at = max(at, self._group(ticket.chat).free_at(now))
        return at

    def _take(self, ticket: _Ticket, now: float) -> None:
        self.sent += 1
        self._overall.add(now)
        if self._unpaid is not None and not ticket.paid:
            self._unpaid.add(now)
        if ticket.message:
            self._chats[ticket.chat] = now + self._chat_spacing
        if ticket.group:
            self._group(ticket.chat).add(now)

    def _group(self, chat: object) -> SlidingWindow:
        window = self._groups.get(chat)
        if window is None:
            window = self._groups[chat] = SlidingWindow(GROUP_LIMIT, self._group_period)
        return window

    def _forget(self, now: float) -> None:
        """Drop chats whose second has passed and groups with an empty window."""
        self._chats = {chat: at for chat, at in self._chats.items() if at > now}
        for chat, window in list(self._groups.items()):
            window.free_at(now)  # forgets what has left the window
            if not len(window):
                del self._groups[chat]


def limiter_for(
    rate: float, *, paid_broadcast: bool, chat_rate: float = CHAT_RATE, max_retries: int = 3
) -> StrictRateLimiter:
    """The bot's limiter for TELEGRAM_RATE_LIMIT, TELEGRAM_PAID_BROADCAST and
    TELEGRAM_CHAT_RATE_LIMIT: with paid broadcasts only the paid sends (scheduled
    warm-ups) may go beyond the free 30 a second."""
    unpaid = min(rate, FREE_RATE) if paid_broadcast else None
    return StrictRateLimiter(rate, unpaid_rate=unpaid, chat_rate=chat_rate, max_retries=max_retries)


__all__ = [
    "CHAT_RATE",
    "FREE_RATE",
    "PAID_RATE",
    "SAFETY_MARGIN",
    "SlidingWindow",
    "StrictRateLimiter",
    "creates_message",
    "is_group",
    "limiter_for",
]
