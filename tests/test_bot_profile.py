"""handlers/bot_profile.publish: the menu and descriptions in every language, set with
all the calls out at once (the bot takes no update before they are done)."""

from __future__ import annotations

from telegram.ext import ExtBot

from bot.http import BotApiRequest
from bot.rate_limit import limiter_for
from bot.standin import BotApiStandIn, Fault
from handlers.bot_profile import publish
from tests.helpers import TEST_TOKEN

CALLS = ("setMyCommands", "setMyDescription", "setMyShortDescription")


async def test_every_language_is_published_with_the_calls_out_together(
    standin: BotApiStandIn,
) -> None:
    request = BotApiRequest(8)
    for method in CALLS:  # each answered late: calls made one by one never overlap
        standin.inject(Fault.slow(0.2), methods=method, times=5)
    limiter = limiter_for(30.0, paid_broadcast=False)  # holds messages, not these calls
    bot = ExtBot[int](TEST_TOKEN, base_url=standin.base_url, request=request, rate_limiter=limiter)
    async with bot:
        await publish(bot)
    for method in CALLS:
        codes = {call.params.get("language_code") for call in standin.calls_to(method)}
        assert codes == {None, "de", "es", "fr", "ru"}
    assert request.most_in_flight == 8  # as many out at once as there are connections
