"""The strict rate limiter (bot/rate_limit.py) on virtual time: no one-second window ever
holds more than the rate, also after a quiet spell; one message a second per chat and 20
a minute per group; replies before scheduled sends; 429s waited out exactly; paid
broadcasts beyond the free rate."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError
from telegram.error import RetryAfter

from bot.rate_limit import SlidingWindow, StrictRateLimiter, creates_message, is_group, limiter_for
from bot.settings import Settings
from handlers.deliveries import SCHEDULED_PRIORITY


class VirtualTime:
    """A clock that only moves when every task is waiting for it: ``sleep`` parks the
    caller, :meth:`run` lets the loop settle, then jumps to the next wake-up."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        wake = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + delay, next(self._order), wake))
        await wake

    async def settle(self) -> None:
        for _ in range(50):
            await asyncio.sleep(0)

    async def run(self, work: Awaitable[Any]) -> Any:
        task = asyncio.ensure_future(work)
        while True:
            await self.settle()
            if task.done():
                return task.result()
            await self.advance()

    async def advance(self) -> None:
        """Move to the next wake-up that nobody cancelled, and wake it."""
        while self._sleepers:
            at, _, wake = heapq.heappop(self._sleepers)
            if not wake.done():
                self.now = max(self.now, at)
                wake.set_result(None)
                return
        raise AssertionError("everything waits and no one will wake it: a deadlock")

    async def until(self, moment: float) -> None:
        """Run everything due up to ``moment``, then stand at ``moment``."""
        await self.settle()
        while self._sleepers and min(s[0] for s in self._sleepers if not s[2].done()) <= moment:
            await self.advance()
            await self.settle()
        self.now = moment
        await self.settle()


class Server:
    """The callback PTB would call: records when each request went out, and answers 429
    with ``retry_after`` to the first ``refuse`` requests of the chats in ``refusing``."""

    def __init__(self, time: VirtualTime) -> None:
        self.time = time
        self.sent: list[tuple[float, object]] = []
        self.refusing: dict[object, int] = {}
        self.retry_after = 3

    def callback(self, chat: object) -> Callable[[], Coroutine[Any, Any, bool]]:
        async def send() -> bool:
            self.sent.append((self.time.now, chat))
            if self.refusing.get(chat, 0) > 0:
                self.refusing[chat] -= 1
                raise RetryAfter(timedelta(seconds=self.retry_after))
            return True

        return send

    def times(self, chat: object | None = None) -> list[float]:
        return [at for at, to in self.sent if chat is None or to == chat]


def most_in_any_window(times: list[float], period: float = 1.0) -> int:
    """The largest number of ``times`` inside one window [t, t + period): the busiest
    window starts at one of the times."""
    ordered = sorted(times)
    return max((sum(1 for u in ordered if t <= u < t + period) for t in ordered), default=0)


def send(
    limiter: StrictRateLimiter,
    server: Server,
    chat: object,
    *,
    endpoint: str = "sendMessage",
    priority: int | None = None,
    paid: bool = False,
) -> Awaitable[Any]:
    data: dict[str, Any] = {"text": "hi"}
    if chat is not None:
        data["chat_id"] = chat
    if paid:
        data["allow_paid_broadcast"] = True
    return limiter.process_request(server.callback(chat), (), {}, endpoint, data, priority)


@pytest.fixture
def time() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def server(time: VirtualTime) -> Server:
    return Server(time)


def strict(time: VirtualTime, rate: float, **options: Any) -> StrictRateLimiter:
    options.setdefault("margin", 0.0)
    options.setdefault("slack", 0.0)
    return StrictRateLimiter(rate, clock=time.clock, sleep=time.sleep, **options)


async def test_a_crowd_of_sends_never_puts_more_than_the_rate_in_one_second(
    time: VirtualTime, server: Server
) -> None:
    """100 sends to 100 chats at once at 10/s: 10 each second, none in a window beyond
    10, and the last one at 9 s (no slower than the rate either)."""
    limiter = strict(time, 10)
    await time.run(asyncio.gather(*(send(limiter, server, chat) for chat in range(1, 101))))
    times = server.times()
    assert len(times) == 100
    assert most_in_any_window(times) == 10
    assert max(times) == 9.0
    assert sorted(times) == [float(second) for second in range(10) for _ in range(10)]


async def test_no_burst_above_the_rate_after_a_quiet_spell(
    time: VirtualTime, server: Server
) -> None:
    """A leaky bucket would let a full bucket out after 5 quiet seconds and keep leaking:
    up to twice the rate in one second. The window lets out 10, then 10 a second later."""
    limiter = strict(time, 10)
    await time.run(asyncio.gather(*(send(limiter, server, chat) for chat in range(1, 6))))
    await time.until(5.0)
    await time.run(asyncio.gather(*(send(limiter, server, chat) for chat in range(10, 35))))
    after = [t for t in server.times() if t >= 5.0]
    assert len(after) == 25
    assert most_in_any_window(after) == 10
    assert most_in_any_window(server.times(), period=1.0) == 10
    assert sorted(after)[:11] == [5.0] * 10 + [6.0]


async def test_sends_spread_over_time_still_hold_to_every_window(
    time: VirtualTime, server: Server
) -> None:
    """Sends arriving every 0.05 s (20/s offered at a 7/s limit) for 6 s: whatever
    window one looks at, at most 7, counted on half-open windows starting anywhere."""
    limiter = strict(time, 7)
    pending = []
    for n in range(120):
        pending.append(asyncio.ensure_future(send(limiter, server, 1000 + n)))
        await time.until(time.now + 0.05)
    await time.run(asyncio.gather(*pending))
    times = server.times()
    assert len(times) == 120
    assert most_in_any_window(times) == 7
    starts = [t - 0.999 for t in times] + [t + 0.001 for t in times]
    assert max(sum(1 for u in times if s <= u < s + 1.0) for s in starts) <= 7


async def test_one_message_a_second_in_a_chat_without_holding_up_the_others(
    time: VirtualTime, server: Server
) -> None:
    """Five messages to Ann at once go a second apart; Bo's goes at once."""
    limiter = strict(time, 30)
    await time.run(
        asyncio.gather(*(send(limiter, server, 77) for _ in range(5)), send(limiter, server, 78))
    )
    assert server.times(77) == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert server.times(78) == [0.0]


async def test_chat_actions_and_edits_are_not_spaced_within_the_chat(
    time: VirtualTime, server: Server
) -> None:
    """A typing action and an edit count towards the rate but are not messages: the
    message after them goes at once."""
    limiter = strict(time, 30)
    await time.run(send(limiter, server, 77, endpoint="sendChatAction"))
    await time.run(send(limiter, server, 77, endpoint="editMessageText"))
    await time.run(send(limiter, server, 77))
    assert server.times(77) == [0.0, 0.0, 0.0]
    assert limiter.sent == 3


async def test_a_group_gets_at_most_20_messages_a_minute(time: VirtualTime, server: Server) -> None:
    limiter = strict(time, 30)
    await time.run(asyncio.gather(*(send(limiter, server, -100123) for _ in range(22))))
    times = server.times(-100123)
    assert times[:20] == [float(n) for n in range(20)]
    assert times[20:] == [60.0, 61.0]
    assert most_in_any_window(times, period=60.0) == 20


async def test_requests_without_a_chat_are_never_held(time: VirtualTime, server: Server) -> None:
    """answerCallbackQuery, getFile, setMyCommands carry no chat_id: they go at once
    even while the window is full, and take no room in it."""
    limiter = strict(time, 2)
    crowd = asyncio.ensure_future(
        asyncio.gather(*(send(limiter, server, chat) for chat in range(1, 7)))
    )
    await time.settle()
    assert server.times() == [0.0, 0.0]
    await time.run(send(limiter, server, None, endpoint="answerCallbackQuery"))
    assert [at for at, chat in server.sent if chat is None] == [0.0]
    await time.run(crowd)
    assert sorted(server.times()) == [0.0, 0.0, 0.0, 1.0, 1.0, 2.0, 2.0]


async def test_a_reply_goes_before_a_waiting_wave(time: VirtualTime, server: Server) -> None:
    """20 scheduled sends wait at 5/s; a reply that comes at 0.5 s goes at 1 s, the first
    moment there is room, before the 15 scheduled ones still waiting."""
    limiter = strict(time, 5)
    wave = asyncio.ensure_future(
        asyncio.gather(
            *(send(limiter, server, c, priority=SCHEDULED_PRIORITY) for c in range(1, 21))
        )
    )
    await time.until(0.5)
    reply = asyncio.ensure_future(send(limiter, server, 999))
    await time.run(asyncio.gather(wave, reply))
    assert server.times(999) == [1.0]
    at_one = [chat for at, chat in server.sent if at == 1.0]
    assert at_one[0] == 999
    assert len(at_one) == 5
    assert most_in_any_window(server.times()) == 5


async def test_a_429_is_waited_out_and_retried_first(time: VirtualTime, server: Server) -> None:
    """Ann's send is refused with retry_after 3: nothing counted goes for 3 s, then hers
    goes first and Bo's (sent at 1 s) right after; a request without a chat is not held."""
    limiter = strict(time, 30)
    server.refusing[77] = 1
    ann = asyncio.ensure_future(send(limiter, server, 77))
    await time.until(1.0)
    bo = asyncio.ensure_future(send(limiter, server, 78))
    await time.settle()
    await time.run(send(limiter, server, None, endpoint="getFile"))
    assert await time.run(asyncio.gather(ann, bo)) == [True, True]
    assert server.sent == [(0.0, 77), (1.0, None), (3.0, 77), (3.0, 78)]
    assert limiter.retries == 1


async def test_a_429_beyond_max_retries_reaches_the_sender(
    time: VirtualTime, server: Server
) -> None:
    limiter = strict(time, 30, max_retries=2)
    server.refusing[77] = 10
    server.retry_after = 2
    with pytest.raises(RetryAfter):
        await time.run(send(limiter, server, 77))
    assert server.times(77) == [0.0, 2.0, 4.0]


async def test_a_cancelled_wait_takes_no_room(time: VirtualTime, server: Server) -> None:
    limiter = strict(time, 1)
    first = asyncio.ensure_future(send(limiter, server, 1))
    second = asyncio.ensure_future(send(limiter, server, 2))
    await time.settle()
    second.cancel()
    await time.settle()
    assert limiter.waiting == 0
    await time.run(first)
    await time.until(1.0)
    await time.run(send(limiter, server, 3))
    assert server.sent == [(0.0, 1), (1.0, 3)]


async def test_paid_broadcasts_go_beyond_the_free_rate_and_replies_stay_within_it(
    time: VirtualTime, server: Server
) -> None:
    """At 100/s with paid broadcasts: 100 paid sends and 40 replies at once. Paid ones
    fill the 100 of the first second; replies never exceed the free 30 in a second."""
    limiter = StrictRateLimiter(100, unpaid_rate=30, margin=0.0, clock=time.clock, sleep=time.sleep)
    paid = [send(limiter, server, c, paid=True, priority=SCHEDULED_PRIORITY) for c in range(1, 101)]
    replies = [send(limiter, server, c) for c in range(1001, 1041)]
    await time.run(asyncio.gather(*paid, *replies))
    assert most_in_any_window(server.times()) == 100
    reply_times = [at for at, chat in server.sent if isinstance(chat, int) and chat > 1000]
    assert most_in_any_window(reply_times) == 30
    assert len(server.sent) == 140


async def test_the_bot_s_limiter_holds_unpaid_sends_to_the_free_rate() -> None:
    """limiter_for(500, paid): 500 paid sends a second, the rest within 30 (real clock:
    nothing waits, since each kind stays within its window)."""
    limiter = limiter_for(500, paid_broadcast=True)
    server = Server(VirtualTime())
    await asyncio.gather(*(send(limiter, server, c, paid=True) for c in range(1, 471)))
    await asyncio.gather(*(send(limiter, server, c) for c in range(1001, 1031)))
    assert len(server.sent) == 500
    assert limiter.waiting == 0
    free = limiter_for(30, paid_broadcast=False)
    await asyncio.gather(*(send(free, server, c, paid=True) for c in range(2001, 2031)))
    late = asyncio.ensure_future(send(free, server, 3000, paid=True))
    await asyncio.sleep(0)
    assert free.waiting == 1  # without paid broadcasts, paid or not, 30 is the rate
    late.cancel()
    with pytest.raises(asyncio.CancelledError):
        await late
    assert free.waiting == 0
    await free.shutdown()


def test_windows_below_one_a_second_and_fractions() -> None:
    """2.5/s means at most 2 in any second; 0.5/s one every 2 s."""
    assert (SlidingWindow.per_second(2.5, 0).limit, SlidingWindow.per_second(2.5, 0).period) == (
        2,
        1.0,
    )
    half = SlidingWindow.per_second(0.5, 0.1)
    assert (half.limit, half.period) == (1, 2.2)


async def test_the_margin_keeps_every_window_a_little_longer(
    time: VirtualTime, server: Server
) -> None:
    """By default every window is 5% longer and at least 0.1 s longer: at 10/s the next
    10 go at 1.1 s (5% would be only 50 ms of room for a late arrival), and a chat's
    second message 1.1 s after its first at the earliest."""
    limiter = StrictRateLimiter(10, clock=time.clock, sleep=time.sleep)
    await time.run(
        asyncio.gather(
            *(send(limiter, server, chat) for chat in range(1, 21)), send(limiter, server, 1)
        )
    )
    assert sorted(server.times()) == [0.0] * 10 + [1.1] * 10 + [2.2]
    assert server.times(1) == [0.0, 2.2]


def test_the_slack_is_a_floor_and_the_margin_wins_on_long_windows() -> None:
    """A one-second window gets the 0.1 s floor (5% would be 0.05 s); a window of 4 s
    (0.25/s) its 5% (0.2 s); a group's minute, 5% (3 s)."""
    assert SlidingWindow.per_second(30, 0.05, 0.1).period == pytest.approx(1.1)
    assert SlidingWindow.per_second(0.25, 0.05, 0.1).period == pytest.approx(4.2)
    assert SlidingWindow.per_second(30, 0.0, 0.0).period == 1.0


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("sendMessage", True),
        ("sendPhoto", True),
        ("copyMessage", True),
        ("forwardMessage", True),
        ("sendChatAction", False),
        ("editMessageText", False),
        ("answerCallbackQuery", False),
    ],
)
def test_what_counts_as_a_message(endpoint: str, message: bool) -> None:
    assert creates_message(endpoint) is message


@pytest.mark.parametrize(
    ("chat", "group"), [(77, False), ("77", False), (-100123, True), ("-100", True), ("@c", True)]
)
def test_groups_and_channels(chat: object, group: bool) -> None:
    assert is_group(chat) is group


def test_paid_broadcasts_allow_a_rate_up_to_1000() -> None:
    """TELEGRAM_PAID_BROADCAST=true takes TELEGRAM_RATE_LIMIT up to Telegram's 1,000 paid
    messages a second, and refuses more with a line naming the setting."""
    paid = Settings(_env_file=None, telegram_paid_broadcast=True, telegram_rate_limit=1000)
    assert (paid.telegram_paid_broadcast, paid.telegram_rate_limit) == (True, 1000)
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, telegram_paid_broadcast=True, telegram_rate_limit=1001)
    (problem,) = refused.value.errors()
    assert problem["loc"] == ("telegram_rate_limit",)
    assert "1000" in problem["msg"]
    free = Settings(_env_file=None)
    assert (free.telegram_paid_broadcast, free.telegram_chat_rate_limit) == (False, 1.0)


# The fast path: a request that finds nobody waiting and room in every window goes
# without a future; it never passes a request already waiting, nor goes during a 429 hold.


async def test_with_room_and_nobody_waiting_each_send_goes_at_once(
    time: VirtualTime, server: Server
) -> None:
    limiter = strict(time, 3)
    for chat in (1, 2, 3):
        await time.run(send(limiter, server, chat))
    assert server.sent == [(0.0, 1), (0.0, 2), (0.0, 3)]
    assert limiter.waiting == 0
    assert limiter.sent == 3


async def test_a_send_does_not_pass_one_already_waiting(time: VirtualTime, server: Server) -> None:
    """At 2/s, chat 3 waits for the window; chat 4 comes at 0.5 s, when its own chat
    would have room: it still goes after chat 3, both at 1 s."""
    limiter = strict(time, 2)
    first = asyncio.ensure_future(asyncio.gather(*(send(limiter, server, c) for c in (1, 2, 3))))
    await time.until(0.5)
    assert limiter.waiting == 1
    later = asyncio.ensure_future(send(limiter, server, 4))
    await time.run(asyncio.gather(first, later))
    assert server.sent == [(0.0, 1), (0.0, 2), (1.0, 3), (1.0, 4)]
    assert most_in_any_window(server.times()) == 2


async def test_nobody_waiting_still_waits_out_a_429(time: VirtualTime, server: Server) -> None:
    """A 429 with retry_after 3 whose sender gives up (cancelled at 0.5 s) leaves nobody
    waiting; the next send, at 1 s, still goes only when the hold ends, at 3 s."""
    limiter = strict(time, 30)
    server.refusing[77] = 1
    refused = asyncio.ensure_future(send(limiter, server, 77))
    await time.until(0.5)
    refused.cancel()
    await time.settle()
    assert limiter.waiting == 0
    await time.until(1.0)
    await time.run(send(limiter, server, 78))
    assert server.sent == [(0.0, 77), (3.0, 78)]


async def test_a_chat_s_second_message_waits_its_spacing(time: VirtualTime, server: Server) -> None:
    """One message a second in a chat: the second, sent at once after the first, is not
    let out by the fast path but a second later."""
    limiter = strict(time, 30)
    await time.run(send(limiter, server, 5))
    await time.run(send(limiter, server, 5))
    assert server.times(5) == [0.0, 1.0]
