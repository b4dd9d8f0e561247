"""/start registers the runner and greets them; /help lists every command."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from handlers.accounts import runner_for
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
    message = update.effective_message
    if message is None:
        return
    async with context.services.database.unit_of_work() as uow:
        found = await runner_for(update, uow, context.services)
        await uow.commit()
    if found is not None:
        profile, created = found
        await message.reply_html(welcome_text(profile.display_name, returning=not created))


async def show_help(update: Update, context: CoachContext) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_html(help_text())


def register(application: CoachApplication) -> None:
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", show_help))
