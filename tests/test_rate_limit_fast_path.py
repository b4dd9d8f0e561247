"""The rate limiter's fast path (bot/rate_limit.py): a request that finds nobody waiting
and room in every window goes without a future; the guarantees stay: it never passes a
request already waiting, and never goes while a 429 holds the bot."""

from __future__ import annotations

import asyncio

import pytest

from tests.test_rate_limit import Server, VirtualTime, most_in_any_window, send, strict


@pytest.fixture
def time() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def server(time: VirtualTime) -> Server:
    return Server(time)


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
