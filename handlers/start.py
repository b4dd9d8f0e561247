"""/start registers the runner and greets them; /help lists every command."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from handlers.context import CoachApplication, CoachContext
from handlers.i18n import _, current
from handlers.menu import COMMAND_MENU, publish_menu_button
from handlers.onboarding import begin_onboarding
from handlers.rendering import escape
from handlers.schedule_view import planned_warmup_line
from library.languages import Language
from library.profiles import PauseReason


def welcome_text(name: str, *, returning: bool, next_step: str | None = None) -> str:
    """The greeting; ``next_step`` (HTML) is the onboarding question or the plan's status."""
    greeting = (
        _("Welcome back, {name}!") if returning else _("Hi {name}, I'm your hamstring coach.")
    ).format(name=escape(name))
    lines = [
        f"<b>{greeting}</b>",
        _("• Before each run you plan, I send a short hamstring warm-up."),
        _("• Ask me how any exercise is done, in your own words, whenever you like."),
        _("• Tell me your reps for each leg and I'll even out the weaker side."),
        "",
    ]
    if next_step:
        lines += [next_step, _("(/help lists everything I can do.)")]
    else:
        lines.append(_("Next: send /help to see everything you can ask me."))
    return "\n".join(lines)


def help_text() -> str:
    lines = ["<b>" + _("What I can do") + "</b>"]
    lines += [f"/{command.name} — {escape(_(command.description))}" for command in COMMAND_MENU]
    return "\n".join(lines)


async def start(update: Update, context: CoachContext) -> None:
    """Greet the runner; then onboarding, or where their plan stands if they have one."""
    message = update.effective_message
    if message is None:
        return
    markup = None
    turn = context.turn
    profile = await turn.runner()
    if profile is None:
        return
    uow = await turn.uow()
    if profile.paused is PauseReason.BLOCKED:
        # They blocked the bot and are back: warm-ups resume as they were.
        resumed = await uow.users.update_settings(profile.id, paused=None)
        profile = resumed or profile
        turn.remember(profile)
        await uow.deliveries.reschedule(profile.id, context.services.clock())
    if profile.schedule is None:
        next_step, markup = await begin_onboarding(uow, context, profile)
    else:
        next_step = await planned_warmup_line(uow, profile)
    returning = not turn.is_new
    await turn.commit()
    await message.reply_html(
        welcome_text(profile.display_name, returning=returning, next_step=next_step),
        reply_markup=markup,
    )
    if current() is not Language.EN:  # the default menu button speaks English
        await publish_menu_button(context.bot, context.services.webapp_url, message.chat_id)


async def show_help(update: Update, context: CoachContext) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_html(help_text())


def register(application: CoachApplication) -> None:
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", show_help))
