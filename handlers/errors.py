"""The one error handler: log the failure with who and what, and tell the user it went wrong."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from handlers.context import CoachApplication, CoachContext

_LOGGER = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong on my side and I couldn't finish that. "
    "Nothing was lost — please try again in a moment."
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
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await context.bot.send_message(update.effective_chat.id, SOMETHING_WENT_WRONG)
    except TelegramError:
        _LOGGER.warning("could not tell user=%s about the failure", user_id, exc_info=True)


def register(application: CoachApplication) -> None:
    application.add_error_handler(on_error)
