"""The bot's Bot API client: a few connections, and the sends beyond them wait their turn
instead of failing on the HTTP pool's timeout."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot
from telegram.error import TimedOut
from telegram.request import HTTPXRequest

from bot.http import BoundedRequest
from bot.standin import BotApiStandIn, Fault, StandInUser
from tests.conftest import TEST_TOKEN

SENDS = 6
SLOW = 1.2  # seconds per send: longer than PTB's 1 s pool timeout


async def _send_all(
    standin: BotApiStandIn, request: HTTPXRequest, slow: float | None = None
) -> list[object]:
    user = StandInUser(id=4242, first_name="Q")
    standin.register_user(user)
    if slow is not None:
        standin.inject(Fault.slow(slow), methods="sendMessage", times=SENDS)
    bot = Bot(TEST_TOKEN, base_url=standin.base_url, request=request)
    async with bot:
        return await asyncio.gather(
            *(bot.send_message(user.chat_id, f"#{n}") for n in range(SENDS)),
            return_exceptions=True,
        )


async def test_sends_beyond_the_connections_queue_and_all_arrive(standin: BotApiStandIn) -> None:
    """6 slow sends through 2 connections: never more than 2 in flight, and every one is
    sent, although most wait longer than the HTTP pool's timeout."""
    request = BoundedRequest(2)
    results = await _send_all(standin, request, SLOW)
    assert not [r for r in results if isinstance(r, BaseException)]
    assert request.most_in_flight == 2
    assert sorted(m.plain for m in standin.sent) == [f"#{n}" for n in range(SENDS)]


async def test_without_the_queue_the_pool_timeout_loses_sends(standin: BotApiStandIn) -> None:
    """The reason for BoundedRequest: PTB's plain request with the same 2 connections lets
    the waiting sends time out in the HTTP pool."""
    results = await _send_all(standin, HTTPXRequest(connection_pool_size=2), SLOW)
    assert any(isinstance(r, TimedOut) for r in results)
    assert len(standin.sent) < SENDS


@pytest.mark.parametrize("connections", [1, 4, 8])
async def test_the_bot_uses_the_configured_number_of_connections(
    standin: BotApiStandIn, connections: int
) -> None:
    """BoundedRequest(n) lets at most n concurrent sends reach Telegram at once."""
    request = BoundedRequest(connections)
    results = await _send_all(standin, request, 0.05)
    assert not [r for r in results if isinstance(r, BaseException)]
    assert request.most_in_flight == min(connections, SENDS)
