"""Sending a text message when only its id is wanted back: the hot paths' send (a wave's
warm-ups), lighter than PTB's ``send_message``.

``Bot.send_message`` builds a :class:`telegram.Message` from every answer (the chat, the
sender, the text's entities, the keyboard, each a PTB object): in a wave's profile that
was a quarter of the send, and serializing an ``InlineKeyboardMarkup`` object back into
JSON another tenth. :func:`send_text` goes through the same bot (its request, its rate
limiter with the same priorities) with PTB's ``do_api_request``, takes the keyboard as
the Bot API's own JSON object (or a PTB markup, serialized as usual) and reads only the
message id of the answer. Errors are PTB's own (Forbidden, BadRequest, RetryAfter ...),
raised as ``send_message`` raises them.

The method is named ``sendmessage``: Bot API method names are case-insensitive, and
PTB's ``do_api_request`` warns when given the name of a method it wraps itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.error import TelegramError
from telegram.ext import ExtBot

_SEND_MESSAGE = "sendmessage"

Markup = InlineKeyboardMarkup | Mapping[str, Any]


async def send_text(
    bot: ExtBot[Any],
    chat_id: int,
    text: str,
    *,
    parse_mode: str | None = None,
    reply_markup: Markup | None = None,
    priority: int | None = None,
    paid_broadcast: bool = False,
) -> int:
    """Send ``text`` to ``chat_id`` and return the new message's id. ``priority``: the
    rate limiter's (bot/rate_limit.py), as ``rate_limit_args`` of ``send_message``;
    ``paid_broadcast``: allow_paid_broadcast (beyond the free rate, paid)."""
    parameters: dict[str, Any] = {"chat_id": chat_id, "text": text}
    if parse_mode is not None:
        parameters["parse_mode"] = parse_mode
    if reply_markup is not None:
        parameters["reply_markup"] = reply_markup
    if paid_broadcast:
        parameters["allow_paid_broadcast"] = True
    result = await bot.do_api_request(
        _SEND_MESSAGE, api_kwargs=parameters, rate_limit_args=priority
    )
    message_id = result.get("message_id") if isinstance(result, dict) else None
    if not isinstance(message_id, int):
        raise TelegramError("Invalid server response: no message id")
    return message_id
