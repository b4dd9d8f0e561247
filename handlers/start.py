"""/start registers the runner and greets them; /help lists every command."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from handlers.context import CoachApplication, CoachContext
from handlers.menu import COMMAND_MENU
from handlers.rendering import escape


def welcome_text(name: str, *, returning: bool) -> str:
    greeting = (
        f"Welcome back, {escape(name)}!"
        if returning
        else f"Hi {escape(name)}, I'm your hamstring coach."
    )
    return "\n".join(
        [
            f"<b>{greeting}</b>",
            "• Before each run you plan, I send a short hamstring warm-up.",
            "• Ask me how any exercise is done, in your own words, whenever you like.",
            "• Tell me your reps for each leg and I'll even out the weaker side.",
            "",
            "Next: send /help to see everything you can ask me.",
        ]
    )


def help_text() -> str:
    lines = ["<b>What I can do</b>"]
    lines += [f"/{command.name} — {escape(command.description)}" for command in COMMAND_MENU]
    return "\n".join(lines)


async def start(update: Update, context: CoachContext) -> None:
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if user is None or chat is None or message is None:
        return
    services = context.services
    async with services.database.unit_of_work() as uow:
        profile, created = await uow.users.register(
            telegram_user_id=user.id,
            chat_id=chat.id,
            name=user.full_name,
            default_timezone=services.default_timezone,
            now=services.clock(),
        )
        await uow.commit()
    await message.reply_html(welcome_text(profile.display_name, returning=not created))


async def show_help(update: Update, context: CoachContext) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_html(help_text())


def register(application: CoachApplication) -> None:
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", show_help))
