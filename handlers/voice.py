"""Rep reports said in a voice note: the note is transcribed on the bot's own machine
(``Services.listen``), read like a typed report, and answered with what was heard and
two buttons, ✅ Save and ✏️ Change. Nothing is stored before Save.

Save carries the report in its callback data (``vs:<exercise id>:<sets>[!]``, the
``ra:`` encoding of handlers/session_view.py, with an empty id when no exercise was
said) and goes through the report desk like a typed report: the "which exercise was
that?" and "did you mean …?" questions included. The "I heard" message is a question
about a report (handlers/report_questions.py): a double tap, a second Save or an old
message's button store one report, and /undo while it is open cancels it.

English only for now: a runner writing in another language is told to type instead,
and so is a note too long (refused before it is downloaded), silent or not understood.
Without a recognizer (``Services.listen`` None) a voice note gets the catch-all's reply.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, Voice
from telegram.constants import ChatAction
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from handlers import fallback
from handlers.accounts import Sender
from handlers.context import CoachApplication, CoachContext
from handlers.i18n import N_, _, current, local, ngettext
from handlers.rendering import escape
from handlers.replies import reliably
from handlers.report_desk import ReportJob
from handlers.report_questions import (
    answered,
    close_doubt,
    fresh_doubt,
    remember_question,
    send_report_reply,
)
from handlers.session_view import (
    ASSIGN_PREFIX,
    MAX_CALLBACK_BYTES,
    assignment_keyboard,
    decode_assignment,
    encode_assignment,
    problem_text,
    sets_text,
)
from handlers.training import NAME_THE_EXERCISE, STALE_DOUBT, desk_of
from library.exercises import Exercise
from library.languages import Language
from library.reports import ParsedReport, check_report, looks_like_report
from library.training import Leg
from library.voice import Heard, HeardProblem

_LOGGER = logging.getLogger(__name__)

# vs:<exercise id>:<sets>[!] stores the report heard (the exercise id empty when none was
# said: the desk works it out from the session, or asks); vc: asks to type it instead.
SAVE_PREFIX = "vs:"
CHANGE_DATA = "vc:"
# Stands in for the missing exercise id when an unnamed report's data is decoded with
# decode_assignment (never stored, never looked up).
_UNNAMED = "unnamed"
_LEG_LETTERS = {Leg.LEFT: "L", Leg.RIGHT: "R", Leg.BOTH: "B"}

# TRANSLATORS: {report} is what was heard, e.g. "<b>RXX clean</b>, Left 12 · Right 15".
HEARD = N_("🎙 I heard: {report}")
HEARD_PAIN = N_("You mentioned pain: it goes into the report too.")
HEARD_ASK = N_("Tap ✅ Save to log it, or ✏️ Change to type it yourself.")
SAVE_BUTTON = N_("✅ Save")
CHANGE_BUTTON = N_("✏️ Change")
# TRANSLATORS: the example in quotes is what a runner types: use words the bot reads.
TYPE_IT = N_(
    "No problem, nothing saved. Type your reps as you want them logged, "
    "e.g. “humps left 12 right 15”."
)
# TRANSLATORS: the example in quotes is what a runner types: use words the bot reads.
ENGLISH_ONLY = N_(
    "I can only listen to voice notes in English for now. Please type your reps "
    "instead, e.g. “left 12 right 15”."
)
SILENCE = N_(
    "I couldn't hear anything in that voice note. Please type your reps instead, "
    "e.g. “left 12 right 15”, or say them again a little closer to the phone."
)
UNCLEAR = N_(
    "Sorry, I couldn't make out your reps in that voice note: nothing saved. Please type "
    "them instead, e.g. “left 12 right 15”, or say just the numbers, like “left twelve "
    "right fifteen”."
)
UNREADABLE = N_(
    "I couldn't play that voice note, sorry: nothing saved. Please type your reps "
    "instead, e.g. “left 12 right 15”."
)
FAILED = N_(
    "Something went wrong while I was listening to that voice note: nothing saved. "
    "Please type your reps instead, e.g. “left 12 right 15”."
)
TOO_MANY_NUMBERS = N_(
    "That's too many numbers for one voice note: nothing saved. Please type them instead, "
    "e.g. “left 12 11 right 15 14”."
)
PROBLEM_REPLIES = {
    HeardProblem.SILENCE: SILENCE,
    HeardProblem.UNCLEAR: UNCLEAR,
    HeardProblem.UNREADABLE: UNREADABLE,
}


def too_long_text(seconds: float) -> str:
    limit = max(1, int(seconds))
    return ngettext(
        "That voice note is too long for me: I listen to {count} second at most. Please "
        "type your reps instead, e.g. “left 12 right 15”, or send a short note with just "
        "the numbers.",
        "That voice note is too long for me: I listen to {count} seconds at most. Please "
        "type your reps instead, e.g. “left 12 right 15”, or send a short note with just "
        "the numbers.",
        limit,
    ).format(count=limit)


# ---------------------------------------------------------------- the Save button's data
def save_data(
    exercise: Exercise | None, sets: Mapping[Leg, Sequence[int]], pain: bool
) -> str | None:
    """The Save button's data: the report in :func:`encode_assignment`'s form under
    :data:`SAVE_PREFIX`; None when it would not fit Telegram's 64 bytes."""
    if exercise is not None:
        data = encode_assignment(exercise, sets, pain)
        return None if data is None else SAVE_PREFIX + data.removeprefix(ASSIGN_PREFIX)
    parts = "".join(f"{_LEG_LETTERS[leg]}{'.'.join(map(str, reps))}" for leg, reps in sets.items())
    data = f"{SAVE_PREFIX}:{parts}{'!' if pain else ''}"
    return data if len(data.encode()) <= MAX_CALLBACK_BYTES else None


def decode_save(data: str) -> tuple[str | None, dict[Leg, tuple[int, ...]], bool] | None:
    """The exercise id (None: none was said), sets and pain of :func:`save_data`; None
    for anything else."""
    if not data.startswith(SAVE_PREFIX):
        return None
    rest = data.removeprefix(SAVE_PREFIX)
    unnamed = rest.startswith(":")
    decoded = decode_assignment(ASSIGN_PREFIX + (_UNNAMED + rest if unnamed else rest))
    if decoded is None:
        return None
    exercise_id, sets, pain = decoded
    return (None if unnamed else exercise_id), sets, pain


def heard_text(exercise: Exercise | None, report: ParsedReport) -> str:
    """What was heard ("I heard: <b>RXX clean</b>, Left 12 · Right 15") and the buttons."""
    said = escape(sets_text(report.sets))
    if exercise is not None:
        said = f"<b>{escape(local(exercise).name)}</b>, {said}"
    lines = [_(HEARD).format(report=said)]
    if report.pain:
        lines.append(_(HEARD_PAIN))
    lines.append(_(HEARD_ASK))
    return "\n".join(lines)


def heard_keyboard(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_(SAVE_BUTTON), callback_data=data),
                InlineKeyboardButton(_(CHANGE_BUTTON), callback_data=CHANGE_DATA),
            ]
        ]
    )


# ---------------------------------------------------------------------- the voice note
def reading(context: CoachContext, heard: Heard) -> tuple[str, InlineKeyboardMarkup | None]:
    """What to answer to what the recognizer heard: "I heard …" with its buttons, or a
    reply to type it instead (no buttons)."""
    if heard.problem is HeardProblem.TOO_LONG:
        return too_long_text(context.services.voice_max_seconds), None
    if heard.problem is not None:
        return _(PROBLEM_REPLIES[heard.problem]), None
    report = context.services.read_report(heard.text) if heard.text else None
    if report is None or not looks_like_report(report):
        return _(UNCLEAR), None
    exercise = report.named[0] if len(report.named) == 1 else None
    problem = report.problem
    if problem is None and exercise is not None:
        problem = check_report(report, exercise)
    if problem is not None:
        return problem_text(problem, exercise), None
    data = save_data(exercise, report.sets, report.pain)
    if data is None:
        return _(TOO_MANY_NUMBERS), None
    return heard_text(exercise, report), heard_keyboard(data)


def seconds_of(voice: Voice) -> float:
    """The note's length as Telegram gives it (a timedelta with PTB_TIMEDELTA)."""
    duration = voice.duration
    return duration.total_seconds() if isinstance(duration, timedelta) else float(duration)


async def _download(voice: Voice) -> bytes:
    return bytes(await (await voice.get_file()).download_as_bytearray())


async def on_voice(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    sender = Sender.of(update)
    if message is None or message.voice is None or sender is None:
        return
    services = context.services
    listen = services.listen
    profile = await context.turn.known_runner()  # read only: nobody is registered here
    if listen is None or (profile is not None and profile.onboarding is not None):
        # No recognizer, or a set-up question open: the catch-all's reply (and reminder).
        await fallback.not_understood(update, context)
        return
    user_id = sender.telegram_user_id
    if current() is not Language.EN:
        await message.reply_html(_(ENGLISH_ONLY))
        return
    if seconds_of(message.voice) > services.voice_max_seconds:
        await message.reply_html(too_long_text(services.voice_max_seconds))
        return
    # "typing…" while listening; it is only a courtesy.
    await reliably(
        lambda: message.chat.send_action(ChatAction.TYPING),
        what="voice chat action",
        user_id=user_id,
        idempotent=True,
    )
    try:
        audio = await _download(message.voice)
        heard = await listen(audio)
    except Exception:  # a failed download or a broken recognizer: logged, and said
        _LOGGER.exception("voice note not transcribed (user %s)", user_id)
        await message.reply_html(_(FAILED))
        return
    text, markup = reading(context, heard)
    sent = await message.reply_html(text, reply_markup=markup)
    if markup is not None:
        remember_question(context, sent)


# ---------------------------------------------------------------------- the buttons
async def on_save(update: Update, context: CoachContext) -> None:
    """✅ Save: the report the button carries goes to the report desk, once."""
    query = update.callback_query
    sender = Sender.of(update)
    if query is None or query.data is None or query.message is None or sender is None:
        return
    catalog = context.services.catalog
    decoded = decode_save(query.data)
    exercise = None
    if decoded is not None and decoded[0] is not None:
        exercise = catalog.find(decoded[0])
    if decoded is None or (decoded[0] is not None and exercise is None):
        await query.answer(_(STALE_DOUBT))
        return
    # Checked last, as it marks the question answered: a refused press leaves it usable.
    if not fresh_doubt(query, sender, context):
        await query.answer(_(STALE_DOUBT))
        return
    _exercise_id, sets, pain = decoded
    user_id = sender.telegram_user_id
    await close_doubt(query, user_id)
    if isinstance(query.message, Message):
        answered(context, query.message)
    report = ParsedReport(sets=sets, pain=pain)
    answer = await desk_of(context).submit(ReportJob(sender, report, exercise=exercise))
    if answer is None:
        return
    chat_id = query.message.chat.id
    if answer.reply is not None:  # stored, refused, or on to "did you mean …?"
        await send_report_reply(context, chat_id, user_id, answer.reply, answer.markup)
        return
    # No exercise said and the session leaves it open: "which exercise was that?"
    choices = answer.candidates or [e for e in catalog if e.per_leg == report.has_legs]
    keyboard = assignment_keyboard(choices, sets, pain)
    if keyboard is None:
        await send_report_reply(context, chat_id, user_id, _(NAME_THE_EXERCISE))
        return
    which = _("Which exercise was that? ({sets})").format(sets=escape(sets_text(sets)))
    await send_report_reply(context, chat_id, user_id, which, keyboard)


async def on_change(update: Update, context: CoachContext) -> None:
    """✏️ Change: nothing is stored; the runner is asked to type the report."""
    query = update.callback_query
    sender = Sender.of(update)
    if query is None or query.message is None or sender is None:
        return
    if not fresh_doubt(query, sender, context):
        await query.answer(_(STALE_DOUBT))
        return
    user_id = sender.telegram_user_id
    await close_doubt(query, user_id)
    if isinstance(query.message, Message):
        answered(context, query.message)
    await send_report_reply(context, query.message.chat.id, user_id, _(TYPE_IT))


def register(application: CoachApplication) -> None:
    application.add_handler(MessageHandler(filters.VOICE & ~filters.UpdateType.EDITED, on_voice))
    application.add_handler(CallbackQueryHandler(on_save, pattern=f"^{re.escape(SAVE_PREFIX)}"))
    application.add_handler(CallbackQueryHandler(on_change, pattern=f"^{re.escape(CHANGE_DATA)}$"))
