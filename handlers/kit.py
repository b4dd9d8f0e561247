"""The runner's kit: /kit and the kit question's buttons.

The question is asked once, at the end of set-up (handlers/onboarding.py), and any time
with /kit. Ticking a piece of kit only redraws the buttons (the selection travels in the
buttons' data); Save stores it and replaces the question with what was saved, in the
same message. Until a runner answers, the cards assume the full kit.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.ext import CallbackQueryHandler, CommandHandler

from handlers.context import CoachApplication, CoachContext
from handlers.i18n import _
from handlers.kit_view import (
    KIT_PREFIX,
    KIT_QUESTION,
    KIT_STALE,
    SAVE,
    decode_kit_data,
    is_kit_question,
    kit_keyboard,
    with_question_answered,
)


async def kit_command(update: Update, context: CoachContext) -> None:
    """/kit: the question, with the kit the runner has now ticked."""
    message = update.effective_message
    if message is None:
        return
    profile = await context.turn.runner()
    if profile is None:
        return
    await context.turn.commit()  # the sender is registered
    await message.reply_html(_(KIT_QUESTION), reply_markup=kit_keyboard(profile.kit or frozenset()))


async def on_kit_button(update: Update, context: CoachContext) -> None:
    """A toggle redraws the buttons; Save stores the kit. Data that does not decode, or a
    kit button on a message that is not the kit question, changes nothing."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    decoded = decode_kit_data(query.data)
    message = query.message if isinstance(query.message, Message) else None
    if decoded is None or message is None or not is_kit_question(message.reply_markup):
        await query.answer(_(KIT_STALE))
        return
    action, kit = decoded
    if action != SAVE:
        await query.answer()
        await query.edit_message_reply_markup(reply_markup=kit_keyboard(kit))
        return
    turn = context.turn
    profile = await turn.runner()
    if profile is None:
        return
    uow = await turn.uow()
    turn.remember(await uow.users.update_settings(profile.id, kit=kit))
    await turn.commit()
    # TRANSLATORS: a short notice when the kit is saved.
    await query.answer(_("Saved."))
    await query.edit_message_text(
        with_question_answered(message.text_html, kit), parse_mode=ParseMode.HTML
    )


def register(application: CoachApplication) -> None:
    application.add_handler(CommandHandler("kit", kit_command))
    application.add_handler(CallbackQueryHandler(on_kit_button, pattern=f"^{KIT_PREFIX}"))
