"""handlers/sending.send_text: the light send of the hot paths, through the bot's own
request and rate limiter, against the stand-in."""

from __future__ import annotations

import asyncio

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import Forbidden, RetryAfter
from telegram.ext import ExtBot

from bot.http import BotApiRequest
from bot.rate_limit import limiter_for
from bot.standin import BotApiStandIn, Fault, StandInUser
from handlers.sending import send_text
from tests.helpers import TEST_TOKEN

RUNNER = StandInUser(id=5150, first_name="Lena")
KEYBOARD = {"inline_keyboard": [[{"text": "✅ Fertig", "callback_data": "wd:12"}]]}


def _bot(standin: BotApiStandIn, rate: float = 30.0) -> ExtBot[int]:
    return ExtBot[int](
        TEST_TOKEN,
        base_url=standin.base_url,
        request=BotApiRequest(2),
        rate_limiter=limiter_for(rate, paid_broadcast=False, max_retries=0),
    )


async def test_the_message_arrives_as_sent_and_its_id_comes_back(standin: BotApiStandIn) -> None:
    standin.register_user(RUNNER)
    async with _bot(standin) as bot:
        first = await send_text(
            bot,
            RUNNER.chat_id,
            "<b>Aufwärmen</b> · 8 min",
            parse_mode=ParseMode.HTML,
            reply_markup=KEYBOARD,
        )
        second = await send_text(bot, RUNNER.chat_id, "Noch einmal")
    sent = standin.sent
    assert [m.message_id for m in sent] == [first, second]
    assert first != second
    assert sent[0].text == "<b>Aufwärmen</b> · 8 min"
    assert sent[0].parse_mode == ParseMode.HTML
    assert sent[0].reply_markup == KEYBOARD
    assert sent[1].reply_markup is None
    assert sent[1].parse_mode is None


async def test_a_ptb_keyboard_goes_as_the_same_json(standin: BotApiStandIn) -> None:
    standin.register_user(RUNNER)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("✅ Fertig", callback_data="wd:12")]])
    async with _bot(standin) as bot:
        await send_text(bot, RUNNER.chat_id, "Karte", reply_markup=markup)
    assert standin.sent[0].reply_markup == KEYBOARD


async def test_paid_broadcast_is_asked_only_when_wanted(standin: BotApiStandIn) -> None:
    standin.register_user(RUNNER)
    async with _bot(standin) as bot:
        await send_text(bot, RUNNER.chat_id, "free")
        await send_text(bot, RUNNER.chat_id, "paid", paid_broadcast=True)
    calls = standin.calls_to("sendMessage")
    assert "allow_paid_broadcast" not in calls[0].params
    assert calls[1].params["allow_paid_broadcast"] is True


async def test_telegram_errors_are_raised_as_send_message_raises_them(
    standin: BotApiStandIn,
) -> None:
    standin.register_user(RUNNER)
    standin.block(RUNNER)
    async with _bot(standin) as bot:
        with pytest.raises(Forbidden):
            await send_text(bot, RUNNER.chat_id, "blocked")
        standin.unblock(RUNNER)
        standin.inject(Fault.too_many_requests(3), methods="sendMessage", times=1)
        with pytest.raises(RetryAfter):
            await send_text(bot, RUNNER.chat_id, "flood")
    assert standin.sent == []


async def test_it_waits_its_turn_in_the_rate_limiter_behind_replies(
    standin: BotApiStandIn,
) -> None:
    """Priority 1 (a scheduled send) queued together with priority 0 (a reply): the reply
    goes first, as with send_message's rate_limit_args."""
    standin.register_user(RUNNER)
    other = StandInUser(id=5151, first_name="Max")
    standin.register_user(other)
    async with _bot(standin, rate=1.0) as bot:
        await send_text(bot, RUNNER.chat_id, "opens the second")
        await asyncio.gather(
            send_text(bot, RUNNER.chat_id, "scheduled", priority=1),
            send_text(bot, other.chat_id, "reply", priority=0),
        )
    assert [m.text for m in standin.sent] == ["opens the second", "reply", "scheduled"]
