"""Failures the stand-in answers with: injected faults, blocked chats, Telegram's flood limits."""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from bot.standin.checks import ApiError

# The status recorded for a request that got no HTTP answer (Fault.dropped_connection, hang).
NO_ANSWER = 0
_SEND_METHODS = frozenset({"sendmessage", "sendphoto", "senddocument", "sendchataction"})
_EDIT_METHODS = frozenset({"editmessagetext", "editmessagereplymarkup"})
PAID_RATE_LIMIT = 1000.0  # sends a second with allow_paid_broadcast (Telegram's limit)


@dataclass(frozen=True, slots=True)
class Fault:
    """A failure to answer a request with: an error status, a delay, no answer at all.

    What the request did, which decides whether a client's retry can double a message:

    - an error status (429, 403, 5xx): answered, and the request not performed;
    - :meth:`slow`: answered late, and performed, even when the client has given up
      waiting by then (its timeout cannot tell this from a hang: the ambiguous case);
    - :meth:`dropped_connection`: the connection is closed without an answer and the
      request not performed (it never reached Telegram); the client sees the server
      disconnect;
    - :meth:`hang`: no answer ever and the request not performed; it is held until the
      client gives up (its read timeout) or the stand-in stops. The client sees a
      timeout, after which a retry doubles nothing.

    Unanswered requests are recorded in ``calls`` with status :data:`NO_ANSWER`; requests
    not performed never reach ``sent``.
    """

    status: int = 0
    description: str = ""
    retry_after: int | None = None
    delay: float = 0.0
    no_answer: Literal["drop", "hang"] | None = None

    @classmethod
    def too_many_requests(cls, retry_after: int = 1) -> Fault:
        return cls(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    @classmethod
    def blocked(cls) -> Fault:
        return cls(403, "Forbidden: bot was blocked by the user")

    @classmethod
    def server_error(cls) -> Fault:
        return cls(500, "Internal Server Error")

    @classmethod
    def bad_gateway(cls) -> Fault:
        return cls(502, "Bad Gateway")

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """Answered ``seconds`` late, and performed either way."""
        return cls(delay=seconds)

    @classmethod
    def dropped_connection(cls) -> Fault:
        """The connection closed without an answer; the request is not performed."""
        return cls(no_answer="drop")

    @classmethod
    def hang(cls) -> Fault:
        """Never answered (until the client gives up); the request is not performed."""
        return cls(no_answer="hang")


class NoAnswerError(Exception):
    """Inside the stand-in: the request gets no HTTP answer at all (a drop or a hang)."""

    def __init__(self, how: Literal["drop", "hang"]) -> None:
        super().__init__(how)
        self.how = how


@dataclass(slots=True)
class _FaultRule:
    fault: Fault
    methods: frozenset[str] | None
    chat_id: int | None
    remaining: int

    def matches(self, method: str, chat_id: object) -> bool:
        if self.remaining <= 0:
            return False
        if self.methods is not None and method not in self.methods:
            return False
        return self.chat_id is None or self.chat_id == chat_id


class _TokenBucket:
    """Telegram's flood control as a token bucket: ``rate`` per second, bursts up to ``burst``."""

    def __init__(self, rate: float, burst: float | None = None) -> None:
        self.rate = rate
        self.capacity = max(1.0, burst if burst is not None else rate)
        self.tokens = self.capacity
        self.updated = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class _SlidingWindow:
    """A strict server's flood control: at most ``rate`` sends in any one second (one per
    ``1/rate`` seconds below one a second), counted over the times of the last sends."""

    def __init__(self, rate: float, clock: Callable[[], float]) -> None:
        self.limit = math.floor(rate) if rate >= 1 else 1
        self.period = 1.0 if rate >= 1 else 1.0 / rate
        self.clock = clock
        self.times: deque[float] = deque()

    def take(self) -> bool:
        now = self.clock()
        while self.times and self.times[0] <= now - self.period:
            self.times.popleft()
        if len(self.times) >= self.limit:
            return False
        self.times.append(now)
        return True

    def retry_after(self) -> int:
        """Whole seconds until the window has room again (at least 1), as Telegram says."""
        if len(self.times) < self.limit:
            return 1
        return max(1, math.ceil(self.times[-self.limit] + self.period - self.clock()))


_Limiter = _TokenBucket | _SlidingWindow


class FaultInjector:
    """Decides, before a request is performed, whether it fails instead: the first injected
    fault that matches it, then a chat that blocked the bot (403), then the flood limits
    (429, counted in ``rate_limited``).

    Flood limits are token buckets (bursts up to the rate, as Telegram is lenient), or
    with ``strict`` sliding windows: never more than the rate in any one second, a 429's
    retry_after the seconds until the window has room. A send with
    ``allow_paid_broadcast`` is held to ``paid_rate_limit`` (Telegram's 1,000 a second)
    instead of ``rate_limit``; chats keep their own limit either way."""

    def __init__(
        self,
        *,
        rate_limit: float | None,
        per_chat_rate_limit: float | None,
        strict: bool = False,
        paid_rate_limit: float = PAID_RATE_LIMIT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.blocked_chats: set[int] = set()
        self.rate_limited = 0  # 429s answered because a rate limit was exceeded
        self.paid_sends = 0  # sends let through as paid broadcasts
        self._rules: list[_FaultRule] = []
        self._strict = strict
        self._clock = clock
        self._rate_limit = None if rate_limit is None else self._limiter(rate_limit)
        self._paid_rate_limit = self._limiter(paid_rate_limit)
        self._per_chat_rate_limit = per_chat_rate_limit
        self._chat_buckets: dict[object, _Limiter] = {}

    def _limiter(self, rate: float) -> _Limiter:
        if self._strict:
            return _SlidingWindow(rate, self._clock)
        return _TokenBucket(rate)

    def inject(
        self, fault: Fault, *, methods: str | Iterable[str] | None, chat_id: int | None, times: int
    ) -> None:
        if isinstance(methods, str):
            methods = [methods]
        wanted = None if methods is None else frozenset(m.lower() for m in methods)
        self._rules.append(_FaultRule(fault, wanted, chat_id, times))

    async def apply(self, method: str, chat_id: object, *, paid: bool = False) -> None:
        """Raise the failure the request to ``method`` in ``chat_id`` meets, if any: an
        :class:`ApiError` to answer, or a :class:`NoAnswerError`; a slow fault just waits.
        ``paid``: the request has ``allow_paid_broadcast``."""
        for rule in self._rules:
            if rule.matches(method, chat_id):
                rule.remaining -= 1
                if rule.fault.delay:
                    await asyncio.sleep(rule.fault.delay)
                if rule.fault.no_answer is not None:
                    raise NoAnswerError(rule.fault.no_answer)
                if rule.fault.status:
                    raise ApiError(
                        rule.fault.status, rule.fault.description, rule.fault.retry_after
                    )
                break
        self._rules = [rule for rule in self._rules if rule.remaining > 0]
        if (method in _SEND_METHODS or method in _EDIT_METHODS) and chat_id in self.blocked_chats:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if method in _SEND_METHODS and method != "sendchataction":
            self._check_rate(chat_id, paid)

    def _check_rate(self, chat_id: object, paid: bool) -> None:
        overall = self._paid_rate_limit if paid else self._rate_limit
        full: _Limiter | None = None
        if overall is not None and not overall.take():
            full = overall
        if full is None and self._per_chat_rate_limit is not None:
            bucket = self._chat_buckets.get(chat_id)
            if bucket is None:
                bucket = self._chat_buckets[chat_id] = self._limiter(self._per_chat_rate_limit)
            full = None if bucket.take() else bucket
        if full is not None:
            self.rate_limited += 1
            wait = full.retry_after() if isinstance(full, _SlidingWindow) else 1
            raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
        if paid:
            self.paid_sends += 1


__all__ = ["NO_ANSWER", "PAID_RATE_LIMIT", "Fault", "FaultInjector", "NoAnswerError"]
