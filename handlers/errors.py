"""The one error handler: log the failure with who and what, and tell the user it went wrong.

What they are told depends on what failed. An error of our own (a bug, the database)
rolled the update's turn back (ended here, before anything else runs), so nothing was
done and trying again is right.
A Telegram error (the bot's own request to Telegram failed) may come after the
handler committed its work, only its reply lost: "try again" could do it twice, so the
user is told to look before repeating. Replies after a committed write that must not be
repeated (rep reports, /undo) never get here: they handle their own failures
(handlers/replies.py).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from handlers.context import CoachApplication, CoachContext
from handlers.i18n import N_, _

_LOGGER = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = N_(
    "Sorry, something went wrong on my side and I couldn't finish that. "
    "Nothing was lost — please try again in a moment."
)
REPLY_NOT_CONFIRMED = N_(
    "Sorry, Telegram didn't take my reply just now, so what you asked for may be done "
    "already: please check /history or /settings before sending it again."
)


async def on_error(update: object, context: CoachContext) -> None:
    user_id = None
    if isinstance(update, Update) and update.effective_user is not None:
        user_id = update.effective_user.id
    _LOGGER.error(
        "handler failed user=%s update=%s",
        user_id,
        update.update_id if isinstance(update, Update) else None,
        exc_info=context.error,
    )
    if not isinstance(update, Update):
        return
    # What the failing handler wrote in the update's turn is rolled back now, so the
    # handlers after it (and this reply) do not build on half a change.
    await context.services.turns.end(update)
    if update.effective_chat is None:
        return
    failed_telegram = isinstance(context.error, TelegramError)
    text = _(REPLY_NOT_CONFIRMED) if failed_telegram else _(SOMETHING_WENT_WRONG)
    if update.callback_query is not None:
        try:  # stop the button's spinner, unless the handler already did
            await update.callback_query.answer()
        except TelegramError:
            _LOGGER.debug("callback query of user=%s already answered", user_id)
    try:
        await context.bot.send_message(update.effective_chat.id, text)
    except TelegramError:
        _LOGGER.warning("could not tell user=%s about the failure", user_id, exc_info=True)


def register(application: CoachApplication) -> None:
    application.add_error_handler(on_error)
