"""The bot's public profile in each language: the command menu's descriptions
(setMyCommands), the description an empty chat shows and the short one on the bot's
page. Telegram picks the list and texts for each user by their app's language; English
is also set without a language code, for everyone whose language the coach does not
speak. Command names stay the same in every language.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from telegram import BotCommand
from telegram.ext import ExtBot

from handlers.i18n import N_, _, speaking
from handlers.menu import COMMAND_MENU
from library.languages import Language

# TRANSLATORS: the bot's description, shown in an empty chat before /start (512 at most).
DESCRIPTION = N_(
    "Your running coach for stronger, more even hamstrings. I send a short warm-up before "
    "every run you plan, explain each exercise, keep count of your reps leg by leg and "
    "adjust the next session to them. Tap Start to set up your runs."
)
# TRANSLATORS: the bot's short description on its profile page (120 characters at most).
SHORT_DESCRIPTION = N_(
    "Pre-run hamstring warm-ups on time, exercise how-tos and leg-by-leg progress."
)


def commands() -> list[BotCommand]:
    """The command menu in the current language."""
    return [BotCommand(command.name, _(command.description)) for command in COMMAND_MENU]


async def publish(bot: ExtBot[int]) -> None:
    """Set the menu and descriptions for every language (and English for the rest): the
    15 calls at once, since the bot takes no update before they are done (one after
    another, they were about 15 round trips to Telegram at every start)."""
    calls: list[Awaitable[bool]] = []
    for language in Language:
        code = None if language is Language.EN else language.value
        with speaking(language):
            calls += [
                bot.set_my_commands(commands(), language_code=code),
                bot.set_my_description(_(DESCRIPTION), language_code=code),
                bot.set_my_short_description(_(SHORT_DESCRIPTION), language_code=code),
            ]
    await asyncio.gather(*calls)
