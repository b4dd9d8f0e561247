"""Logging reps with buttons: "📝 Log reps" and its exercise buttons, and the one-tap
quick log ("✅ As planned: L 8 · R 8", ➖/➕ per leg) in one message edited in place.

Nothing is stored before the save button; a double tap, a second press or an old
message's button store one report (handlers/report_questions.py), and the report goes
through the report desk like a typed one (handlers/report_desk.py)."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardButton, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from handlers.accounts import Sender
from handlers.context import CoachApplication, CoachContext, Services
from handlers.i18n import N_, _
from handlers.pain_check import replan
from handlers.quick_log_view import (
    ADJUST_PREFIX,
    LABEL_DATA,
    SAVE_PREFIX,
    decode,
    quick_rows,
    quick_text,
    with_quick_rows,
)
from handlers.replies import reliably
from handlers.report_desk import ReportJob
from handlers.report_questions import fresh_doubt, is_answered
from handlers.session_view import (
    LOG_PREFIX,
    PROMPT_PREFIX,
    decode_prompt,
    log_choice_keyboard,
    log_order,
    session_number,
)
from handlers.training import SESSION_CLOSED, STALE_PROMPT, desk_of
from library.adaptation import Prescription
from library.exercises import Exercise
from library.profiles import RunnerProfile
from library.quick_log import fits, sets_to_store, start
from library.reports import ParsedReport
from library.training import Leg, SessionStatus, TrainingSession
from storage import UnitOfWork

ALREADY_SAVED = N_("Already saved: nothing changed.")
HOW_TO_ADJUST = N_("Tap ➖ or ➕ beside it to change the count.")


async def _quick_rows(
    uow: UnitOfWork,
    services: Services,
    profile: RunnerProfile,
    session: TrainingSession,
    exercise: Exercise,
) -> list[list[InlineKeyboardButton]]:
    """The quick log of ``exercise`` at the card's targets; none when it is off the card."""
    item = (await replan(uow, services, profile, session)).item(exercise.id)
    return [] if item is None else quick_rows(session.id, item, start(item))


async def on_log_reps(update: Update, context: CoachContext) -> None:
    """📝 Log reps: the quick log of the exercise at hand (the next one not logged yet),
    which is also the one typed reps now go to, then every exercise of the session."""
    query = update.callback_query
    if query is None or query.data is None or query.message is None:
        return
    services = context.services
    session_id = session_number(query.data.removeprefix(LOG_PREFIX))
    turn = context.turn
    profile = await turn.runner()
    session = None
    order: list[Exercise] = []
    reported: set[str] = set()
    rows: list[list[InlineKeyboardButton]] = []
    if profile is not None and session_id is not None:
        uow = await turn.uow()
        session = await uow.training.get_session(profile.id, session_id)
        if session is not None and session.status is SessionStatus.OPEN:
            reported = await uow.training.reported_exercise_ids(profile.id, session.id)
            order = log_order(session.exercise_ids, reported, services.catalog)
            if order:
                rows = await _quick_rows(uow, services, profile, session, order[0])
                await uow.training.set_prompt(profile.id, session.id, order[0].id)
    await turn.commit()
    if session is None or session.status is not SessionStatus.OPEN:
        await query.answer(_(SESSION_CLOSED))
        return
    await query.answer()
    text = _("Which exercise do you want to log?")
    if rows:
        text = quick_text(order[0]) + "\n\n" + _("Another exercise? Choose it below.")
    choices = log_choice_keyboard(session.id, order, reported)
    await context.bot.send_message(
        query.message.chat.id,
        text,
        parse_mode="HTML",
        reply_markup=with_quick_rows(choices, rows),
    )


async def on_prompt(update: Update, context: CoachContext) -> None:
    """An exercise's button under "Log reps": typed reps now go to it, and its quick log."""
    query = update.callback_query
    if query is None or query.data is None or query.message is None:
        return
    services = context.services
    decoded = decode_prompt(query.data)
    exercise = services.catalog.find(decoded[1]) if decoded is not None else None
    if decoded is None or exercise is None:
        await query.answer(_(STALE_PROMPT))
        return
    session_id = decoded[0]
    refusal: str | None = SESSION_CLOSED
    rows: list[list[InlineKeyboardButton]] = []
    turn = context.turn
    profile = await turn.runner()
    if profile is not None:
        uow = await turn.uow()
        session = await uow.training.get_session(profile.id, session_id)
        if session is not None and session.status is SessionStatus.OPEN:
            # The button was made from the session's list: any other exercise is forged.
            refusal = STALE_PROMPT
            if exercise.id in session.exercise_ids and await uow.training.set_prompt(
                profile.id, session_id, exercise.id
            ):
                refusal = None
                rows = await _quick_rows(uow, services, profile, session, exercise)
    await turn.commit()
    if refusal is not None:
        await query.answer(_(refusal))
        return
    await query.answer()
    await context.bot.send_message(
        query.message.chat.id,
        quick_text(exercise),
        parse_mode="HTML",
        reply_markup=with_quick_rows(None, rows) if rows else None,
    )


def _own_message(query: CallbackQuery, sender: Sender) -> Message | None:
    """The message of the pressed button, when it is in the presser's private chat."""
    message = query.message
    if not isinstance(message, Message) or message.chat.id != sender.telegram_user_id:
        return None
    return message


async def _pressed_item(
    context: CoachContext, session_id: int, exercise_id: str, counts: dict[Leg, int]
) -> Prescription | None:
    """The card's prescription a quick-log button is about; None when the button does not
    fit it (another runner's session, an exercise off the card, forged counts)."""
    services = context.services
    exercise = services.catalog.find(exercise_id)
    item = None
    turn = context.turn
    profile = await turn.runner()
    if profile is not None and exercise is not None:
        uow = await turn.uow()
        session = await uow.training.get_session(profile.id, session_id)
        if session is not None and exercise.id in session.exercise_ids:
            candidate = (await replan(uow, services, profile, session)).item(exercise.id)
            if candidate is not None and fits(candidate, counts):
                item = candidate
    await turn.commit()
    return item


async def on_adjust(update: Update, context: CoachContext) -> None:
    """➖/➕: the same message with the new counts (nothing stored)."""
    query = update.callback_query
    sender = Sender.of(update)
    if query is None or query.data is None or sender is None:
        return
    message = _own_message(query, sender)
    decoded = decode(query.data)
    if message is None or decoded is None or decoded[0] != ADJUST_PREFIX:
        await query.answer(_(STALE_PROMPT))
        return
    if is_answered(context, message):
        await query.answer(_(ALREADY_SAVED))
        return
    _prefix, session_id, exercise_id, counts = decoded
    item = await _pressed_item(context, session_id, exercise_id, counts)
    if item is None:
        await query.answer(_(STALE_PROMPT))
        return
    await query.answer()
    markup = with_quick_rows(message.reply_markup, quick_rows(session_id, item, counts))
    if markup == message.reply_markup:  # ➖ at 0 or ➕ at the most: nothing to change
        return
    try:
        await query.edit_message_reply_markup(reply_markup=markup)
    except BadRequest as error:  # a quick double tap: the first press already showed it
        if "not modified" not in error.message.lower():
            raise


async def on_save(update: Update, context: CoachContext) -> None:
    """✅: store the counts the button carries, for the card's number of sets, once."""
    query = update.callback_query
    sender = Sender.of(update)
    if query is None or query.data is None or sender is None:
        return
    decoded = decode(query.data)
    message = _own_message(query, sender)
    if decoded is None or decoded[0] != SAVE_PREFIX:
        await query.answer(_(STALE_PROMPT))
        return
    if message is not None and is_answered(context, message):
        await query.answer(_(ALREADY_SAVED))
        return
    _prefix, session_id, exercise_id, counts = decoded
    item = await _pressed_item(context, session_id, exercise_id, counts)
    # Checked last, as it marks the message answered: a refused press leaves it usable.
    if item is None or not fresh_doubt(query, sender, context):
        await query.answer(_(STALE_PROMPT))
        return
    user_id = sender.telegram_user_id
    await reliably(query.answer, what="button answer", user_id=user_id, idempotent=True)
    report = ParsedReport(sets=sets_to_store(item, counts))
    answer = await desk_of(context).submit(
        ReportJob(sender, report, exercise=item.exercise, checked=True)
    )
    reply = answer.reply if answer is not None else None
    if reply is None:
        return
    edited = await reliably(
        lambda: query.edit_message_text(reply, parse_mode="HTML", reply_markup=None),
        what="quick log reply",
        user_id=user_id,
        idempotent=True,
    )
    if edited is None:  # the message could not be edited: say it in a new one
        await reliably(
            lambda: context.bot.send_message(user_id, reply, parse_mode="HTML"),
            what="quick log reply",
            user_id=user_id,
        )


async def on_label(update: Update, context: CoachContext) -> None:
    """A leg's count between ➖ and ➕: how to change it."""
    query = update.callback_query
    if query is not None:
        await query.answer(_(HOW_TO_ADJUST))


def register(application: CoachApplication) -> None:
    application.add_handler(CallbackQueryHandler(on_log_reps, pattern=f"^{LOG_PREFIX}"))
    application.add_handler(CallbackQueryHandler(on_prompt, pattern=f"^{PROMPT_PREFIX}"))
    application.add_handler(CallbackQueryHandler(on_adjust, pattern=f"^{ADJUST_PREFIX}"))
    application.add_handler(CallbackQueryHandler(on_save, pattern=f"^{SAVE_PREFIX}"))
    application.add_handler(CallbackQueryHandler(on_label, pattern=f"^{LABEL_DATA}$"))
