"""Sessions and reports: /warmup, /strength, the session buttons, rep reports in text, /undo."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import CallbackQueryHandler, CommandHandler, ExtBot, MessageHandler, filters

from handlers.accounts import Sender
from handlers.context import CoachApplication, CoachContext, Services
from handlers.i18n import N_, _, local, ngettext
from handlers.rendering import escape
from handlers.replies import reliably
from handlers.report_desk import ReportDesk, ReportJob
from handlers.report_questions import (
    answered,
    close_doubt,
    fresh_doubt,
    remember_question,
    send_report_reply,
    undo_open_question,
)
from handlers.sending import send_text
from handlers.session_view import (
    ASSIGN_PREFIX,
    CANCEL_DOUBT_DATA,
    DONE_PREFIX,
    KEEP_PREFIX,
    SKIP_PREFIX,
    assignment_keyboard,
    decode_assignment,
    decode_keep,
    plan_keyboard,
    plan_text,
    problem_text,
    session_number,
    sets_text,
    without_session_actions,
)
from library.exercises import Exercise, ExerciseKind
from library.pain_check import PainCheck
from library.planner import SessionPlan, plan_session
from library.profiles import RunnerProfile
from library.reports import (
    ParsedReport,
    looks_like_report,
)
from library.training import SessionStatus, TrainingSession
from storage import UnitOfWork

DESK_KEY = "report_desk"
# Texts defined ahead of use are translated where they are sent: _(NOTHING_TO_UNDO).
NOTHING_TO_UNDO = N_("There's no report to undo.")
PARSED_REPORTS = "parsed_reports"
# TRANSLATORS: the example in quotes is what a runner types: use words the bot reads.
NAME_THE_EXERCISE = N_(
    "Which exercise was that? Please name it in the message, e.g. “rxx left 6 6 right 6 6”."
)
# A "which exercise was that?" button that does not decode to an exercise of today's
# catalogue: forged, from an exercise since removed, or in the old positional format
# (ra:<catalogue index>:...), whose index may point at another exercise after a reorder.
STALE_ASSIGNMENT = N_(
    "This button is out of date, so nothing was saved. Please send your reps again "
    "with the exercise's name, e.g. “rxx left 6 6 right 6 6”."
)
# "Did you mean …?" (library/far_numbers.py): a press on a question answered already, on
# one no longer shown, or with data no button of it carries, changes nothing.
STALE_DOUBT = N_("That question has been answered already or is out of date: nothing changed.")
DOUBT_CANCELLED = N_("Cancelled: nothing saved. Send your reps again whenever you're ready.")
SESSION_CLOSED = N_("That session is closed — send /warmup for a new one.")
STALE_PROMPT = N_("This button is out of date — send /warmup for a fresh card.")


class ReportFilter(filters.MessageFilter):
    """Text that reads as a rep report: numbers with legs, an exercise name, or alone.

    A data filter: the parsed report reaches the handler as ``context.parsed_reports``,
    so each message is parsed once.
    """

    def __init__(self, services: Services) -> None:
        super().__init__(name="ReportFilter", data_filter=True)
        self._services = services

    def filter(self, message: Message) -> dict[str, list[ParsedReport]] | bool:
        if not message.text:
            return False
        report = self._services.read_report(message.text)
        if report is None or not looks_like_report(report):
            return False
        return {PARSED_REPORTS: [report]}


async def send_session(update: Update, context: CoachContext, kind: ExerciseKind) -> None:
    message = update.effective_message
    if message is None:
        return
    services = context.services
    turn = context.turn
    profile = await turn.runner()
    if profile is None:
        return
    uow = await turn.uow()
    plan = await plan_for(uow, services, profile, kind)
    session = await uow.training.open_session(
        profile.id,
        kind=kind.value,
        day=plan.day,
        exercise_ids=plan.exercise_ids,
        now=services.clock(),
    )
    await turn.commit()
    await message.reply_html(plan_text(plan), reply_markup=plan_keyboard(plan, session.id))


async def plan_for(
    uow: UnitOfWork, services: Services, profile: RunnerProfile, kind: ExerciseKind
) -> SessionPlan:
    history = await uow.training.history(profile.id)
    checks = await uow.training.pain_checks(profile.id)  # a sharp one may pause progression
    today = profile.local_date(services.clock())
    return plan_session(services.catalog, history, today, kind, kit=profile.kit, checks=checks)


async def warmup(update: Update, context: CoachContext) -> None:
    await send_session(update, context, ExerciseKind.WARMUP)


async def strength(update: Update, context: CoachContext) -> None:
    await send_session(update, context, ExerciseKind.STRENGTH)


def _choices(
    services: Services, candidates: Sequence[Exercise], report: ParsedReport
) -> Sequence[Exercise]:
    return candidates or [e for e in services.catalog if e.per_leg == report.has_legs]


def desk_of(context: CoachContext) -> ReportDesk:
    """The application's report desk (made by :func:`register`)."""
    desk = context.bot_data.get(DESK_KEY)
    if not isinstance(desk, ReportDesk):
        raise RuntimeError("the application was built without a report desk")
    return desk


async def _reply(
    message: Message,
    sender: Sender,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    context: CoachContext | None = None,
) -> None:
    """Reply once the report's fate is committed: retried only where that cannot double
    the reply, and a failure logged here, never sent on to the error handler, whose
    "please try again" would store the report twice (handlers/replies.py). A reply with
    buttons is a question about the report: remembered for /undo.

    A reply without buttons in a plain private chat (every confirmation) goes by
    :func:`send_text`, the same request without PTB's Message read back from the
    answer; quoting, topics and business chats keep ``reply_html``'s own rules."""
    bot = message.get_bot()
    if markup is None and isinstance(bot, ExtBot) and _plain_private(message):
        await reliably(
            lambda: send_text(bot, message.chat_id, text, parse_mode=ParseMode.HTML),
            what="report reply",
            user_id=sender.telegram_user_id,
        )
        if context is not None:
            remember_question(context, None)
        return
    sent = await reliably(
        lambda: message.reply_html(text, reply_markup=markup),
        what="report reply",
        user_id=sender.telegram_user_id,
    )
    if context is not None:
        remember_question(context, sent if markup is not None else None)


def _plain_private(message: Message) -> bool:
    """A private chat's message outside topics and business connections, which
    ``reply_html`` answers in the same chat without quoting or a thread."""
    return (
        message.chat.type == ChatType.PRIVATE
        and message.business_connection_id is None
        and not message.is_topic_message
        and message.message_thread_id is None
    )


async def on_report(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    parsed: list[ParsedReport] = getattr(context, PARSED_REPORTS, [])
    sender = Sender.of(update)
    if message is None or not parsed or sender is None:
        return
    report = parsed[0]
    answer = await desk_of(context).submit(ReportJob(sender, report))
    if answer is None:
        return
    if answer.reply is not None:
        if answer.stored or answer.markup is not None:
            await _reply(message, sender, answer.reply, answer.markup, context)
        else:
            await _reply(message, sender, answer.reply)
        return
    if report.problem is not None:
        await _reply(message, sender, problem_text(report.problem, None))
        return
    choices = _choices(context.services, answer.candidates, report)
    keyboard = assignment_keyboard(choices, report.sets, report.pain)
    if keyboard is None:
        await _reply(message, sender, _(NAME_THE_EXERCISE))
        return
    which = _("Which exercise was that? ({sets})").format(sets=escape(sets_text(report.sets)))
    await _reply(message, sender, which, keyboard, context)


async def on_assign(update: Update, context: CoachContext) -> None:
    query = update.callback_query
    sender = Sender.of(update)
    if query is None or query.data is None or query.message is None or sender is None:
        return
    services = context.services
    decoded = decode_assignment(query.data)
    exercise = services.catalog.find(decoded[0]) if decoded is not None else None
    if decoded is None or exercise is None:
        await query.answer(_(STALE_ASSIGNMENT))
        return
    _exercise_id, sets, pain = decoded
    user_id = sender.telegram_user_id
    # The spinner's answer is no reason to lose the report: a failure is only logged.
    await reliably(query.answer, what="button answer", user_id=user_id, idempotent=True)
    job = ReportJob(sender, ParsedReport(sets=sets, pain=pain), exercise=exercise)
    answer = await desk_of(context).submit(job)
    if answer is None or answer.reply is None:
        return
    if answer.stored or answer.markup is not None:  # stored, or on to "did you mean …?"
        if isinstance(query.message, Message):
            answered(context, query.message)
        await reliably(
            lambda: query.edit_message_reply_markup(reply_markup=None),
            what="assignment buttons removal",
            user_id=user_id,
            idempotent=True,
        )
    await send_report_reply(context, query.message.chat.id, user_id, answer.reply, answer.markup)


async def on_keep(update: Update, context: CoachContext) -> None:
    """[Yes, 15] or [No, 150 is right]: store the numbers the button carries, as they are."""
    query = update.callback_query
    sender = Sender.of(update)
    if query is None or query.data is None or query.message is None or sender is None:
        return
    decoded = decode_keep(query.data)
    exercise = context.services.catalog.find(decoded[0]) if decoded is not None else None
    if decoded is None or exercise is None or not fresh_doubt(query, sender, context):
        await query.answer(_(STALE_DOUBT))
        return
    _exercise_id, sets, pain = decoded
    await close_doubt(query, sender.telegram_user_id)
    if isinstance(query.message, Message):
        answered(context, query.message)
    job = ReportJob(sender, ParsedReport(sets=sets, pain=pain), exercise=exercise, checked=True)
    answer = await desk_of(context).submit(job)
    if answer is None or answer.reply is None:
        return
    chat_id, reply = query.message.chat.id, answer.reply
    await reliably(
        lambda: context.bot.send_message(chat_id, reply, parse_mode="HTML"),
        what="report reply",
        user_id=sender.telegram_user_id,
    )


async def on_cancel_doubt(update: Update, context: CoachContext) -> None:
    """[Cancel]: nothing is stored."""
    query = update.callback_query
    sender = Sender.of(update)
    if query is None or query.message is None or sender is None:
        return
    if not fresh_doubt(query, sender, context):
        await query.answer(_(STALE_DOUBT))
        return
    await close_doubt(query, sender.telegram_user_id)
    if isinstance(query.message, Message):
        answered(context, query.message)
    await context.bot.send_message(query.message.chat.id, _(DOUBT_CANCELLED))


def _session_id(data: str, prefix: str) -> int | None:
    return session_number(data.removeprefix(prefix))


@dataclass(frozen=True, slots=True)
class Closed:
    """A session just closed: its kind, the exercises reported in it, and whether the
    runner spoke of pain in it (a report, or Mild or Sharp before it)."""

    status: SessionStatus
    kind: str
    reported: frozenset[str]
    pain: bool


async def close_session(
    uow: UnitOfWork, user_id: int, session: TrainingSession, status: SessionStatus
) -> Closed | None:
    """Close the runner's open session as done or skipped (the ✅ Done and ⏭ Skip
    buttons, and the plain words "done" and "skip"); None when it was not open."""
    if not await uow.training.close_session(user_id, session.id, status):
        return None
    reported = await uow.training.reported_exercises(user_id, session.id)
    checked = session.pain_check in (PainCheck.MILD, PainCheck.SHARP)
    return Closed(status, session.kind, frozenset(reported), checked or any(reported.values()))


async def _close(update: Update, context: CoachContext, prefix: str, status: SessionStatus) -> None:
    query = update.callback_query
    if query is None or query.data is None or query.message is None:
        return
    session_id = _session_id(query.data, prefix)
    closed = None
    turn = context.turn
    profile = await turn.runner()
    if profile is not None and session_id is not None:
        uow = await turn.uow()
        session = await uow.training.get_session(profile.id, session_id)
        if session is not None:
            closed = await close_session(uow, profile.id, session, status)
    await turn.commit()
    if closed is None:
        await query.answer(_("That session is already closed."))
        return
    await query.answer()
    markup = query.message.reply_markup if isinstance(query.message, Message) else None
    if markup is not None:
        # Keep the "How?" buttons; the session's action rows have done their job.
        await query.edit_message_reply_markup(reply_markup=without_session_actions(markup))
    await context.bot.send_message(query.message.chat.id, closed_text(closed))


def closed_text(closed: Closed) -> str:
    """The reply once a session is closed as done or skipped. Only a warm-up's ends with
    a good run, and only when no pain came up in it: then it says to go easy instead. A
    strength session says nothing of running."""
    if closed.status is not SessionStatus.DONE:
        return _("Skipped — no problem. Your targets stay where they are.")
    count = len(closed.reported)
    logged = []
    if count:
        logged.append(
            ngettext("You logged {count} exercise.", "You logged {count} exercises.", count).format(
                count=count
            )
        )
    if closed.pain:
        opening = _("Session closed.")
        closing = _(
            "You mentioned pain today, so go easy, and stop if it hurts — your targets "
            "stay where they are."
        )
    else:
        opening = _("Nice work — session done.")
        if closed.kind == ExerciseKind.WARMUP.value:
            closing = _("Have a great run!")
        else:
            closing = _("Rest up well before the next one.")
    return " ".join([opening, *logged, closing])


async def on_done(update: Update, context: CoachContext) -> None:
    await _close(update, context, DONE_PREFIX, SessionStatus.DONE)


async def on_skip(update: Update, context: CoachContext) -> None:
    await _close(update, context, SKIP_PREFIX, SessionStatus.SKIPPED)


async def undo(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None:
        return
    if await undo_open_question(context, message):
        return
    services = context.services
    turn = context.turn
    profile = await turn.runner()
    last = None
    if profile is not None:
        uow = await turn.uow()
        last = await uow.training.last_report(profile.id)
        if last is not None:
            await uow.training.delete_report(profile.id, last.id)
    await turn.commit()
    if last is None:
        await message.reply_html(_(NOTHING_TO_UNDO))
        return
    exercise = services.catalog.find(last.exercise_id)
    name = local(exercise).name if exercise is not None else last.exercise_id
    text = _("Removed your last report: <b>{name}</b> — {sets}.").format(
        name=escape(name), sets=sets_text(last.sets)
    )
    # Done and committed: a failed reply must not send the runner to /undo again, which
    # would remove the report before it (handlers/replies.py).
    user_id = update.effective_user.id if update.effective_user is not None else None
    await reliably(lambda: message.reply_html(text), what="undo reply", user_id=user_id)


def register(application: CoachApplication) -> None:
    services: Services = application.bot_data["services"]
    application.bot_data[DESK_KEY] = ReportDesk(services)
    application.add_handler(CommandHandler("warmup", warmup))
    application.add_handler(CommandHandler("strength", strength))
    application.add_handler(CommandHandler("undo", undo))
    application.add_handler(CallbackQueryHandler(on_done, pattern=f"^{DONE_PREFIX}"))
    application.add_handler(CallbackQueryHandler(on_skip, pattern=f"^{SKIP_PREFIX}"))
    application.add_handler(CallbackQueryHandler(on_assign, pattern=f"^{ASSIGN_PREFIX}"))
    application.add_handler(CallbackQueryHandler(on_keep, pattern=f"^{KEEP_PREFIX}"))
    application.add_handler(
        CallbackQueryHandler(on_cancel_doubt, pattern=f"^{re.escape(CANCEL_DOUBT_DATA)}$")
    )
    application.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED & ReportFilter(services),
            on_report,
        )
    )
