"""Explanations on request: /exercises, /how <name>, plain-text questions and "How?" buttons.

A question about one aspect ("hops cues", "easier version of humps") gets that part
first, with a button to the whole explanation; a question about the kit ("what's a
ViPR") gets what it is, where it is used and what to use instead (handlers/kit_answers.py).

The question handlers sit in an early handler group and stop further handling only when
they answered, so a question asked in the middle of another conversation (onboarding,
a report) is answered and that conversation simply goes on.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers.context import CoachApplication, CoachContext
from handlers.explanations import (
    ASPECT_PREFIX,
    CATALOGUE_DATA,
    SHOW_PREFIX,
    aspect_answer,
    aspect_keyboard,
    catalogue_keyboard,
    catalogue_text,
    choices_keyboard,
    decode_aspect,
    explanation,
)
from handlers.i18n import N_, _
from handlers.kit_answers import answer_about_kit
from handlers.onboarding import remind_onboarding
from handlers.rendering import escape
from handlers.schedule_view import QUESTIONS
from library.aspects import Aspect
from library.exercises import Exercise
from library.kit import Kit
from library.matcher import ExerciseMatch, MatchKind

QUESTION_GROUP = -10
HOW_USAGE = N_(
    "Tell me which exercise, e.g. <code>/how hamstring humps</code> — or pick one below."
)
TRAINING_IN_PAIN = N_(
    "Work around it rather than through it. Today, leave out the hops and any other fast, "
    "springy or explosive work, and anything that hurts while you do it. Slow, gentle "
    "exercises only if they stay completely pain-free; when in doubt, rest.\n"
    "See a physio or doctor if the pain was sharp or came on suddenly, if you notice "
    "bruising or swelling, or if it hasn't eased after a few days."
)


def _unknown_text(query: str) -> str:
    if not query:
        return _("I don't know “that one” yet. These are the exercises I can explain:")
    return _("I don't know “{query}” yet. These are the exercises I can explain:").format(
        query=escape(query[:60])
    )


async def _kit_of(context: CoachContext) -> frozenset[Kit] | None:
    """The sender's kit, for their version of an exercise; read without registering them
    (None: a stranger, or a runner not asked yet)."""
    runner = await context.turn.known_runner()
    return runner.kit if runner is not None else None


async def _explain(
    message: Message, exercise: Exercise, aspect: Aspect | None, context: CoachContext
) -> None:
    """The whole explanation, or the aspect asked about first with a button to the rest."""
    if aspect is None:
        text = explanation(exercise, await _kit_of(context))
        await message.reply_html(text, disable_web_page_preview=True)
    else:
        await message.reply_html(
            aspect_answer(exercise, aspect), reply_markup=aspect_keyboard(exercise)
        )


async def _reply(message: Message, match: ExerciseMatch, context: CoachContext) -> None:
    services = context.services
    if match.kind is MatchKind.FOUND and match.exercise is not None:
        await _explain(message, match.exercise, match.aspect, context)
    elif match.kind is MatchKind.TRAINING_IN_PAIN:
        await message.reply_html(escape(_(TRAINING_IN_PAIN)))
    elif match.kind is MatchKind.KIT:
        await message.reply_html(answer_about_kit(services.matcher, match.kit))
    elif match.kind is MatchKind.AMBIGUOUS:
        await message.reply_html(
            _("Which one do you mean?"),
            reply_markup=choices_keyboard(match.exercises, match.aspect),
        )
    else:
        await message.reply_html(
            _unknown_text(match.query), reply_markup=catalogue_keyboard(services.catalog)
        )


async def show_catalogue(update: Update, context: CoachContext) -> None:
    if update.effective_message is not None:
        catalog = context.services.catalog
        await update.effective_message.reply_html(
            catalogue_text(catalog), reply_markup=catalogue_keyboard(catalog)
        )
    raise ApplicationHandlerStop


async def how(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    name = " ".join(context.args or [])
    if not name.strip():
        await message.reply_html(
            _(HOW_USAGE), reply_markup=catalogue_keyboard(context.services.catalog)
        )
    else:
        await _reply(message, context.services.matcher.match(name, asked=True), context)
    raise ApplicationHandlerStop


async def answer_question(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    match = context.services.matcher.match(message.text)
    if match.kind is MatchKind.NOT_A_QUESTION:
        return  # not ours: reports, onboarding answers and the catch-all come next
    await _reply(message, match, context)
    step = remind_onboarding(context)
    if step is not None:
        # A question in the middle of setting up: answered, now back to the set-up.
        await message.reply_html(
            _("Back to your set-up: {question}").format(question=_(QUESTIONS[step]))
        )
    raise ApplicationHandlerStop


async def show_exercise(update: Update, context: CoachContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    exercise = context.services.catalog.find(query.data.removeprefix(SHOW_PREFIX))
    if exercise is None:
        await query.answer(_("I don't know that exercise any more."))
        raise ApplicationHandlerStop
    await query.answer()
    if query.message is not None:
        await context.bot.send_message(
            query.message.chat.id,
            explanation(exercise, await _kit_of(context)),
            parse_mode="HTML",
            disable_web_page_preview=True,
        )
    raise ApplicationHandlerStop


async def show_aspect(update: Update, context: CoachContext) -> None:
    """A "which one?" button under an aspect question: that aspect of the chosen exercise."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    decoded = decode_aspect(query.data)
    exercise = context.services.catalog.find(decoded[1]) if decoded is not None else None
    if decoded is None or exercise is None:
        await query.answer(_("I don't know that exercise any more."))
        raise ApplicationHandlerStop
    await query.answer()
    if query.message is not None:
        await context.bot.send_message(
            query.message.chat.id,
            aspect_answer(exercise, decoded[0]),
            parse_mode="HTML",
            reply_markup=aspect_keyboard(exercise),
        )
    raise ApplicationHandlerStop


async def show_catalogue_button(update: Update, context: CoachContext) -> None:
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    if query.message is not None:
        catalog = context.services.catalog
        await context.bot.send_message(
            query.message.chat.id,
            catalogue_text(catalog),
            parse_mode="HTML",
            reply_markup=catalogue_keyboard(catalog),
        )
    raise ApplicationHandlerStop


def register(application: CoachApplication) -> None:
    group = QUESTION_GROUP
    application.add_handler(CommandHandler("exercises", show_catalogue), group=group)
    application.add_handler(CommandHandler("how", how), group=group)
    application.add_handler(
        CallbackQueryHandler(show_exercise, pattern=f"^{SHOW_PREFIX}"), group=group
    )
    application.add_handler(
        CallbackQueryHandler(show_aspect, pattern=f"^{ASPECT_PREFIX}"), group=group
    )
    application.add_handler(
        CallbackQueryHandler(show_catalogue_button, pattern=f"^{CATALOGUE_DATA}$"), group=group
    )
    application.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED, answer_question
        ),
        group=group,
    )
