"""Questions the bot asks about a report before storing it ("which exercise was that?",
"did you mean …?"): which one is open in a chat, so that /undo takes back that report
(never stored) rather than an older one, and which were answered, so that a double tap
or a stale button stores nothing twice."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup, Message
from telegram.constants import ChatType

from handlers.accounts import Sender
from handlers.context import CoachContext
from handlers.i18n import N_, _
from handlers.replies import reliably

QUESTION_UNDONE = N_(
    "Cancelled the report I was asking you about: nothing was saved, and your earlier "
    "reports are as they were."
)
# chat_data: the message id of the open question about a report, whose report is not
# stored yet.
OPEN_QUESTION = "open_report_question"
# Questions answered lately, so that a double tap stores once (the bot's memory: the
# buttons are removed too, which is what protects them across a restart).
ANSWERED_DOUBTS = "answered_doubts"
ANSWERED_DOUBTS_KEPT = 10_000


def remember_question(context: CoachContext, question: Message | None) -> None:
    """The chat's open question about a report is now ``question`` (None: none is)."""
    if context.chat_data is None:
        return
    if question is None:
        context.chat_data.pop(OPEN_QUESTION, None)
    else:
        context.chat_data[OPEN_QUESTION] = question.message_id


async def send_report_reply(
    context: CoachContext,
    chat_id: int,
    user_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """A reply once a report's fate is decided (stored, refused, or a question about it
    with ``markup``), sent where no retry can double it; one with buttons becomes the
    chat's open question about a report (for /undo)."""
    sent = await reliably(
        lambda: context.bot.send_message(chat_id, text, parse_mode="HTML", reply_markup=markup),
        what="report reply",
        user_id=user_id,
    )
    if markup is not None:
        remember_question(context, sent)


def answered(context: CoachContext, question: Message) -> None:
    """``question`` got its answer: it is no longer the one /undo takes back."""
    if (
        context.chat_data is not None
        and context.chat_data.get(OPEN_QUESTION) == question.message_id
    ):
        del context.chat_data[OPEN_QUESTION]


def fresh_doubt(query: CallbackQuery, sender: Sender, context: CoachContext) -> bool:
    """Whether this press answers an open "did you mean …?" of the runner pressing it:
    the question is in their private chat, still carries this very button, and has not
    been answered yet. A forged or stale press (an answered question, a double tap)
    fails, and the question is marked answered by the press that passes."""
    question = query.message
    if not isinstance(question, Message) or question.chat.type != ChatType.PRIVATE:
        return False
    if question.chat.id != sender.telegram_user_id:
        return False
    markup = question.reply_markup
    buttons = [b.callback_data for row in markup.inline_keyboard for b in row] if markup else []
    done: dict[tuple[int, int], None] = context.bot_data.setdefault(ANSWERED_DOUBTS, {})
    key = (question.chat.id, question.message_id)
    if query.data not in buttons or key in done:
        return False
    done[key] = None
    while len(done) > ANSWERED_DOUBTS_KEPT:
        del done[next(iter(done))]
    return True


def is_answered(context: CoachContext, question: Message) -> bool:
    """Whether a press on ``question`` found it answered already (a second tap)."""
    done: dict[tuple[int, int], None] = context.bot_data.get(ANSWERED_DOUBTS, {})
    return (question.chat.id, question.message_id) in done


async def close_doubt(query: CallbackQuery, user_id: int) -> None:
    await reliably(query.answer, what="button answer", user_id=user_id, idempotent=True)
    await reliably(
        lambda: query.edit_message_reply_markup(reply_markup=None),
        what="did-you-mean buttons removal",
        user_id=user_id,
        idempotent=True,
    )


async def undo_open_question(context: CoachContext, message: Message) -> bool:
    """/undo while a question about a report is open takes back that report (never
    stored), not an older one: the question loses its buttons and counts as answered."""
    question_id = context.chat_data.pop(OPEN_QUESTION, None) if context.chat_data else None
    if not isinstance(question_id, int):
        return False
    done: dict[tuple[int, int], None] = context.bot_data.setdefault(ANSWERED_DOUBTS, {})
    done[(message.chat.id, question_id)] = None
    user_id = message.from_user.id if message.from_user is not None else None
    chat_id = message.chat.id
    await reliably(
        lambda: context.bot.edit_message_reply_markup(chat_id, question_id, reply_markup=None),
        what="report question buttons removal",
        user_id=user_id,
        idempotent=True,
    )
    await message.reply_html(_(QUESTION_UNDONE))
    return True
