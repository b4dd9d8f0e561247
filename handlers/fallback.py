"""The catch-all: whatever no feature understood gets one honest, useful reply.

Each kind of message is told what the bot can do with it instead: text it could not read
gets examples of a rep report and a question, a sticker, photo, voice message or file is
asked to be typed instead, an unknown command points to /help. A runner in the middle of
setting up is reminded of the open question. Nothing is stored, and no runner is
registered. Service messages (a pinned message, a changed auto-delete timer) get no reply.

Just before it, :mod:`handlers.plain_words` takes the plain words that do what a button
does ("done", "skip", "warmup").
"""

from __future__ import annotations

import unicodedata

from telegram import InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from handlers import plain_words
from handlers.context import CoachApplication, CoachContext
from handlers.i18n import N_, _
from handlers.rendering import escape
from handlers.schedule_view import QUESTIONS, question_markup
from library.reports import mentions_pain
from library.small_talk import SmallTalk, small_talk

EMPTY = N_(
    "That message reached me empty. Type what you'd like: your reps, e.g. “left 12 right 15”, "
    "or a question, e.g. “how do I do humps?”. /help lists everything."
)
SYMBOLS_ONLY = N_(
    "Love the energy! Emoji on their own don't tell me much, though. Log your reps like "
    "“left 12 right 15”, ask “how do I do humps?”, or send /help."
)
NUMBERS_NOT_READ = N_(
    "I couldn't read that as a rep report. Write it like “left 12 right 15”, “L12 R15” or "
    "“humps left 8 right 10”: one number per set, 0 to 200 reps. /help lists everything else."
)
# A script none of the coach's languages is written in (Latin or Cyrillic).
NOT_ENGLISH = N_(
    "Sorry, I can read English, German, Spanish, French and Russian, but not this. "
    "Log your reps like “left 12 right 15” (or just “L12 R15”), ask “how do I do humps?”, "
    "or send /help; /language changes the language I write in."
)
NOT_UNDERSTOOD = N_(
    "Sorry, I didn't understand that. I can log your reps (“left 12 right 15”), explain an "
    "exercise (“how do I do humps?”) or plan your warm-ups (/schedule). /help lists everything."
)
PAIN_REMARK = N_(
    "Sorry to hear it's bothering you. Go easy: skip the hops and anything else that hurts, "
    "and keep to gentle work that stays pain-free. If it was sharp or sudden, brings "
    "bruising or swelling, or hasn't settled in a few days, have a physio or doctor look "
    "at it. When you log reps, add how it feels, e.g. “left 8 right 10, hamstring tight”."
)
STICKER = N_(
    "Nice sticker! I only read text, though: log your reps like “left 12 right 15”, ask "
    "“how do I do humps?”, or send /help."
)
PHOTO = N_(
    "I can't look at photos, sorry. Type your reps instead, e.g. “left 12 right 15”, or ask "
    "about an exercise in words, e.g. “how do I do humps?”."
)
VOICE = N_(
    "I can't listen to voice or audio messages, sorry. Please type it instead, e.g. "
    "“left 12 right 15” or “how do I do humps?”."
)
VIDEO = N_(
    "I can't watch videos, sorry. Type your reps instead, e.g. “left 12 right 15”, or ask "
    "“how do I do humps?” for how an exercise is done."
)
DOCUMENT = N_(
    "I can't open files, sorry. Type your reps as a message, e.g. “left 12 right 15”. "
    "(Want your own log as a file? /export sends it.)"
)
CONTACT = N_(
    "Thanks, but I don't need contact details: I only keep your own settings and reps. "
    "/help shows what I can do."
)
POLL = N_(
    "I can't vote in polls, sorry. Tell me your reps instead, e.g. “left 12 right 15”, "
    "or send /help."
)
DICE = N_(
    "Nice roll! I don't play games, though: log your reps like “left 12 right 15”, or send /help."
)
OTHER_KIND = N_(
    "Sorry, I can't read this kind of message. Please type it in words instead, e.g. "
    "“left 12 right 15” to log reps, or send /help."
)
# Small talk (library/small_talk.py): a friendly word back and what the coach can do.
SMALL_TALK = {
    SmallTalk.GREETING: N_(
        "Hi! Send me your reps after a warm-up (“left 12 right 15”), ask how an exercise "
        "is done (“how do I do humps?”), or send /warmup before your run."
    ),
    SmallTalk.THANKS: N_("You're welcome! Enjoy your training."),
    SmallTalk.BYE: N_("See you! I'll be here with your warm-up before your next run."),
}
CAPTION_NOTE = N_("I don't read captions either: send the text as a message of its own.")
STALE_BUTTON = N_("That button doesn't do anything any more.")


def unknown_command_text(command: str) -> str:
    return _("I don't know the command {command}.\nSend /help for the ones I do know.").format(
        command=escape(command)
    )


def _is_readable(letter: str) -> bool:
    """A letter of a script the coach's languages are written in."""
    return unicodedata.name(letter, "").startswith(("LATIN", "CYRILLIC"))


def text_reply(text: str) -> str:
    """The reply to a text nothing understood, by what it is made of."""
    # Control, format (zero-width, bidi marks) and separator characters show nothing.
    visible = [ch for ch in text if unicodedata.category(ch)[0] not in "CZ"]
    letters = [ch for ch in visible if ch.isalpha()]
    if not visible:
        return _(EMPTY)
    if not letters and not any(ch.isdigit() for ch in visible):
        return _(SYMBOLS_ONLY)
    if letters and not any(_is_readable(ch) for ch in letters):
        return _(NOT_ENGLISH)
    talk = small_talk(text)
    if talk is not None:
        return _(SMALL_TALK[talk])
    if mentions_pain(text):
        return _(PAIN_REMARK)
    if any(ch.isdigit() for ch in visible):
        return _(NUMBERS_NOT_READ)
    return _(NOT_UNDERSTOOD)


def kind_reply(message: Message) -> str:
    """The reply to a message that is not text, by its kind."""
    if message.sticker is not None:
        reply = _(STICKER)
    elif message.photo:
        reply = _(PHOTO)
    elif message.voice is not None or message.audio is not None or message.video_note is not None:
        reply = _(VOICE)
    elif message.video is not None or message.animation is not None:
        reply = _(VIDEO)
    elif message.document is not None:
        reply = _(DOCUMENT)
    elif message.contact is not None:
        reply = _(CONTACT)
    elif message.poll is not None:
        reply = _(POLL)
    elif message.dice is not None:
        reply = _(DICE)
    else:
        reply = _(OTHER_KIND)
    if message.caption:
        reply += "\n" + _(CAPTION_NOTE)
    return reply


def reply_for(message: Message) -> str:
    text = message.text
    if text is None:
        return kind_reply(message)
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0].split("@", 1)[0][:64]
        return unknown_command_text(command)
    return text_reply(text)


async def not_understood(update: Update, context: CoachContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None:
        return
    reply = reply_for(message)
    markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = None
    if user is not None:
        # Read only: whoever is not a runner yet stays unregistered.
        profile = await context.turn.known_runner()
        if profile is not None and profile.onboarding is not None:
            step = profile.onboarding
            reply += "\n\n" + _("Back to your set-up: {question}").format(
                question=_(QUESTIONS[step])
            )
            markup = question_markup(step)
    await message.reply_html(reply, reply_markup=markup)


async def stale_button(update: Update, context: CoachContext) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(_(STALE_BUTTON))


def register(application: CoachApplication) -> None:
    # Plain words that do what a button does ("done", "skip", "warmup") go just before
    # the catch-all: every feature, reports included, has read the text by then.
    plain_words.register(application)
    application.add_handler(
        MessageHandler(
            filters.ALL & ~filters.UpdateType.EDITED & ~filters.StatusUpdate.ALL, not_understood
        )
    )
    application.add_handler(CallbackQueryHandler(stale_button))
