"""The language of each update, and /language to change it.

First thing for every update (before any feature's handler), the runner's stored
language becomes the one the update is worded in (handlers/i18n.py); someone the bot
does not know yet is spoken to in their Telegram app's language, which is also what they
are registered with. The lookup is the update's one runner lookup (handlers/turn.py):
later handlers reuse it.

``/language`` shows the five languages as buttons; ``/language de`` or ``/language
Deutsch`` (a code, or the language's name in any of the five) changes it at once. The
confirmation is worded in the new language. Anything else shows the buttons again and
changes nothing.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, TypeHandler

from handlers.context import CoachApplication, CoachContext
from handlers.i18n import _, set_language
from handlers.menu import publish_menu_button
from library.languages import Language, language_for, parse_language
from library.profiles import RunnerProfile
from storage import UnitOfWork

LANGUAGE_GROUP = -90  # after the update log (-100), before every feature
LANGUAGE_PREFIX = "lang:"

# Each language's name as its speakers write it: the buttons are read by someone who may
# not understand the language the bot is speaking now.
NATIVE_NAMES = {
    Language.EN: "🇬🇧 English",
    Language.DE: "🇩🇪 Deutsch",
    Language.ES: "🇪🇸 Español",
    Language.FR: "🇫🇷 Français",
    Language.RU: "🇷🇺 Русский",
}


async def speak_their_language(update: object, context: CoachContext) -> None:
    """Word this update in the sender's language (stored, else their Telegram app's)."""
    if not isinstance(update, Update):
        return
    turn = context.turn
    sender = turn.sender
    if sender is None:
        return
    known = context.services.languages.get(sender.telegram_user_id)
    if known is not None:
        set_language(known)
        return
    set_language(language_for(sender.language_code))
    await turn.known_runner()  # a registered runner's own language (the turn sets it)


def language_keyboard() -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(name, callback_data=f"{LANGUAGE_PREFIX}{language.value}")
        for language, name in NATIVE_NAMES.items()
    ]
    return InlineKeyboardMarkup([buttons[:3], buttons[3:]])


def choose_text() -> str:
    return _(
        "Which language shall I write to you in? Tap one, or send /language followed by its name."
    )


def changed_text() -> str:
    # TRANSLATORS: said in the language just chosen; the command stays /language.
    return _("Done: I'll write to you in English from now on. Send /language to change it again.")


def refusal_text(said: str) -> str:
    """The answer to a /language that names no language (nothing said: the question)."""
    prefix = _("I don't speak that language yet.") + "\n" if said else ""
    return prefix + choose_text()


async def store_language(
    uow: UnitOfWork, runner: RunnerProfile, language: Language
) -> RunnerProfile | None:
    """Store the runner's language (not committed); the runner as stored now."""
    if runner.language is language:
        return runner
    return await uow.users.update_settings(runner.id, language=language)


async def language_command(update: Update, context: CoachContext) -> None:
    """/language alone: the buttons; /language <code or name>: change it at once."""
    message = update.effective_message
    if message is None:
        return
    said = " ".join(context.args or ())
    chosen = parse_language(said) if said else None
    if chosen is None:
        await context.turn.runner()
        await context.turn.commit()  # the sender is registered
        await message.reply_text(refusal_text(said), reply_markup=language_keyboard())
        return
    await _change(context, chosen)
    await message.reply_text(changed_text())


async def on_language_button(update: Update, context: CoachContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    code = query.data.removeprefix(LANGUAGE_PREFIX)
    chosen = next((language for language in Language if language.value == code), None)
    if chosen is None or not isinstance(query.message, Message):
        await query.answer(_("That button is out of date. Send /language to choose again."))
        return
    await _change(context, chosen)
    await query.answer()
    await query.edit_message_text(changed_text())


async def _change(context: CoachContext, language: Language) -> None:
    """Store the runner's language and word the rest of the update in it."""
    turn = context.turn
    runner = await turn.runner()
    if runner is None:
        return
    changed = runner.language is not language
    if changed:
        turn.remember(await store_language(await turn.uow(), runner, language))
    await turn.commit()
    set_language(language)
    sender = turn.sender
    if changed and sender is not None:  # the chat's menu button in the new language
        await publish_menu_button(context.bot, context.services.webapp_url, sender.chat_id)


def register(application: CoachApplication) -> None:
    application.add_handler(TypeHandler(Update, speak_their_language), group=LANGUAGE_GROUP)
    application.add_handler(CommandHandler("language", language_command))
    application.add_handler(CallbackQueryHandler(on_language_button, pattern=f"^{LANGUAGE_PREFIX}"))
