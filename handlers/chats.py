"""The gate in front of every feature: only new messages a runner writes in a private chat
with the bot go further.

- Group and supergroup chats: the coach is one to one, so nothing said there is read,
  stored or answered as a feature (no runner is registered, no report stored, no chat id
  changed). A message addressed to the bot (a command for it, an @mention, a reply to
  one of its messages) and the bot being added get one short pointer to the private
  chat, at most once per group every ``POINTER_EVERY``, so a busy group is never
  flooded; a button pressed there is answered with the same pointer as a notice.
- Channels: nothing is sent (a post would go to every subscriber).
- Edited messages change nothing: Telegram re-sends a message when it is edited, and
  taking it again would store a report twice or run a command twice. The first edit of
  a message gets a note saying so; later edits of it, and the moving position of a live
  location, are left alone.
- Forwarded messages are someone else's words: a note, nothing read or stored.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

from telegram import (
    Chat,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ApplicationHandlerStop, TypeHandler

from handlers.context import CoachApplication, CoachContext
from handlers.i18n import N_, _

GATE_GROUP = -50  # after the update log (-100), before questions (-10) and onboarding (-5)
POINTER_EVERY = timedelta(minutes=10)
POINTED_AT = "private_pointer_at"  # chat_data of a group: when the pointer was last sent
EDITS_NOTED = "edits_noted"  # chat_data of a private chat: message ids whose edit was answered
EDITS_REMEMBERED = 100

EDIT_NOTE = N_(
    "I only read new messages, so that edit changed nothing. Please send it again as a new "
    "message. Fixing a rep report? /undo removes your last one; then send the right numbers, "
    "e.g. “left 12 right 15”."
)
FORWARD_NOTE = N_(
    "I only read what you type yourself, so I've left that forwarded message alone. If those "
    "are your reps, type them as a new message, e.g. “left 12 right 15”; /help lists the rest."
)


def pointer_text(username: str) -> str:
    """The reply in a group: where the coach does work."""
    return _(
        "Hi! I coach each runner one to one, so I only work in a private chat — nothing here "
        "is read or stored. Open t.me/{username} and send /start there."
    ).format(username=username)


def pointer_notice(username: str) -> str:
    """The same for a button pressed in a group (a callback answer: at most 200 characters)."""
    # TRANSLATORS: a notice shown over the chat; at most 200 characters with the bot's name.
    return _("I only work in a private chat: open t.me/{username} and send /start there.").format(
        username=username
    )


def pointer_markup(username: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(_("💬 Chat with me in private"), url=f"https://t.me/{username}")]]
    )


# ---------------------------------------------------------------------- group chats
def _addressed(message: Message, username: str, bot_id: int) -> bool:
    """A command for this bot (``/start`` or ``/start@<bot>``, not ``/start@other_bot``),
    an @mention of it, or a reply to one of its messages."""
    text = message.text or message.caption or ""
    mention = f"@{username}".casefold()
    if text.startswith("/"):
        _command, at, target = text.split(maxsplit=1)[0].partition("@")
        if not at or f"@{target}".casefold() == mention:
            return True
    if mention in text.casefold():
        return True
    replied = message.reply_to_message
    return replied is not None and replied.from_user is not None and replied.from_user.id == bot_id


def _bot_added(member: ChatMemberUpdated | None) -> bool:
    if member is None:
        return False
    present = {ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR}
    return member.new_chat_member.status in present and member.old_chat_member.status not in present


def _may_point(context: CoachContext, now: datetime) -> bool:
    """At most one pointer per group every POINTER_EVERY (remembered in this process)."""
    if context.chat_data is None:
        return False
    last = context.chat_data.get(POINTED_AT)
    if isinstance(last, datetime) and now - last < POINTER_EVERY:
        return False
    context.chat_data[POINTED_AT] = now
    return True


async def _in_group(update: Update, context: CoachContext, chat: Chat) -> None:
    bot = context.bot
    username = bot.username
    query = update.callback_query
    if query is not None:
        await query.answer(pointer_notice(username))
        return
    if chat.type == ChatType.CHANNEL:
        return
    message = update.message
    wanted = _bot_added(update.my_chat_member) or (
        message is not None and _addressed(message, username, bot.id)
    )
    if wanted and _may_point(context, context.services.clock()):
        await bot.send_message(
            chat.id,
            pointer_text(username),
            reply_markup=pointer_markup(username),
            disable_web_page_preview=True,
        )


# ---------------------------------------------------------------------- private chats
def _first_edit(context: CoachContext, message: Message) -> bool:
    """True the first time an edit of ``message`` is seen (remembered in this process)."""
    if context.chat_data is None:
        return True
    noted = context.chat_data.get(EDITS_NOTED)
    if not isinstance(noted, deque):
        noted = context.chat_data[EDITS_NOTED] = deque(maxlen=EDITS_REMEMBERED)
    if message.message_id in noted:
        return False
    noted.append(message.message_id)
    return True


async def gate(update: Update, context: CoachContext) -> None:
    """Stop what is not a new private message from the runner (see the module's docstring)."""
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        await _in_group(update, context, chat)
        raise ApplicationHandlerStop
    edited = update.edited_message
    if edited is not None:
        # A live location sends an edit each time it moves: no note for those.
        if edited.location is None and _first_edit(context, edited):
            await edited.reply_text(_(EDIT_NOTE))
        raise ApplicationHandlerStop
    message = update.message
    if message is not None and message.forward_origin is not None:
        await message.reply_text(_(FORWARD_NOTE))
        raise ApplicationHandlerStop


def register(application: CoachApplication) -> None:
    application.add_handler(TypeHandler(Update, gate), group=GATE_GROUP)
