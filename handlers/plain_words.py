"""Plain words that do what a button or command does (library/plain_words.py reads them):

- "warmup", "what's my warm-up", "what should I do before my run?": the same as /warmup
  (``training.warmup``);
- "done", "all done", "finished": the ✅ Done button on the runner's open session;
- "skip", "skip it", "skip today": the ⏭ Skip button on the runner's open session.

The open session is the newest one still open from the last 18 hours, the one a rep
report would be logged to (``report_desk.CURRENT_SESSION_HOURS``); closing it goes
through ``training.close_session`` like the buttons, with the buttons' reply.

With no session open, "done" says so kindly, and "skip" names the next planned warm-up
and points to /skip rather than skipping it: a lone "skip" after the card has been
closed more likely means "not this one" than "cancel my next run's warm-up", and /skip
changes the schedule, which a runner should choose knowingly.

Registered by ``fallback.register`` just before the catch-all, so rep reports ("done
12 12"), questions and set-up answers have been read first; only a whole message that is
one of these short phrases comes here.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import Message, Update
from telegram.ext import MessageHandler, filters

from handlers.context import CoachApplication, CoachContext
from handlers.i18n import N_, _
from handlers.report_desk import CURRENT_SESSION_HOURS
from handlers.schedule_view import planned_warmup_line
from handlers.training import close_session, closed_text, warmup
from library.matcher import fold
from library.plain_words import PlainCommand, plain_command
from library.training import SessionStatus

NOTHING_OPEN_DONE = N_(
    "There's no session open right now, so there's nothing to close. "
    "Send /warmup before a run, or /strength on a day off."
)
NOTHING_OPEN_SKIP = N_(
    "There's no warm-up open right now, so there's nothing to skip. "
    "To skip the warm-up before your next run, send /skip."
)
_STATUS = {PlainCommand.DONE: SessionStatus.DONE, PlainCommand.SKIP: SessionStatus.SKIPPED}


class PlainWordsFilter(filters.MessageFilter):
    """A text that is one of the plain-words commands, and nothing more."""

    def __init__(self) -> None:
        super().__init__(name="PlainWordsFilter")

    def filter(self, message: Message) -> bool:
        return bool(message.text) and plain_command(fold(message.text or "")) is not None


async def on_plain_words(update: Update, context: CoachContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    command = plain_command(fold(message.text))
    if command is None:
        return
    if command is PlainCommand.WARMUP:
        await warmup(update, context)
        return
    turn = context.turn
    profile = await turn.runner()
    if profile is None:
        return
    uow = await turn.uow()
    since = context.services.clock() - timedelta(hours=CURRENT_SESSION_HOURS)
    session = (await uow.training.current_sessions([profile.id], since=since)).get(profile.id)
    status = _STATUS[command]
    closed = None if session is None else await close_session(uow, profile.id, session, status)
    line = await planned_warmup_line(uow, profile) if command is PlainCommand.SKIP else ""
    await turn.commit()
    if closed is not None:
        await message.reply_html(closed_text(closed))
    elif command is PlainCommand.SKIP:
        await message.reply_html(f"{_(NOTHING_OPEN_SKIP)}\n{line}")
    else:
        await message.reply_html(_(NOTHING_OPEN_DONE))


def register(application: CoachApplication) -> None:
    application.add_handler(
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED & PlainWordsFilter(),
            on_plain_words,
        )
    )
