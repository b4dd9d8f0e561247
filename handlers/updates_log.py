"""One log line per incoming update: who sent it and which command or button, never its text."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import TypeHandler

from handlers.context import CoachApplication, CoachContext

_LOGGER = logging.getLogger("coachbot.updates")
LOG_GROUP = -100


def describe(update: Update) -> str:
    message = update.effective_message
    if update.callback_query is not None:
        return f"button:{(update.callback_query.data or '')[:64]}"
    if message is not None and message.text and message.text.startswith("/"):
        return message.text.split(maxsplit=1)[0][:64]
    if message is not None and message.text:
        return "text"
    if message is not None and message.location:
        return "location"
    return "other"


async def log_update(update: Update, context: CoachContext) -> None:
    user = update.effective_user
    _LOGGER.info(
        "update=%s user=%s event=%s", update.update_id, user.id if user else None, describe(update)
    )


def register(application: CoachApplication) -> None:
    application.add_handler(TypeHandler(Update, log_update), group=LOG_GROUP)
