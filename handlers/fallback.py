"""The catch-all: whatever no feature understood gets an honest reply and a pointer to /help."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from handlers.context import CoachApplication, CoachContext
from handlers.rendering import escape

NOT_UNDERSTOOD = (
    "Sorry, I didn't catch that — I can't handle this kind of message yet.\n"
    "Send /help to see what I can do."
)


def unknown_command_text(command: str) -> str:
    return f"I don't know the command {escape(command)}.\nSend /help for the ones I do know."


async def not_understood(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    text = message.text or ""
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0].split("@", 1)[0][:64]
        await message.reply_html(unknown_command_text(command))
    else:
        await message.reply_html(NOT_UNDERSTOOD)


async def stale_button(update: Update, context: CoachContext) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer("That button doesn't do anything any more.")


def register(application: CoachApplication) -> None:
    application.add_handler(
        MessageHandler(filters.ALL & ~filters.UpdateType.EDITED, not_understood)
    )
    application.add_handler(CallbackQueryHandler(stale_button))
