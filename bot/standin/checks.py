"""Telegram's checks on what the bot sends (lengths, HTML entities, buttons, webhook settings)."""

from __future__ import annotations

import re

from bot.standin.models import JsonDict, SentMessage
from bot.standin.telegram_html import EntityParseError, html_to_plain

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_DESCRIPTION_LENGTH = 512  # setMyDescription
MAX_SHORT_DESCRIPTION_LENGTH = 120  # setMyShortDescription
MAX_COMMANDS = 100
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_CODE = re.compile(r"[a-z]{2}")
SECRET_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")


class ApiError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional retry_after."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


def validate_markup(markup: object) -> JsonDict | None:
    """The reply markup, if Telegram would take it: inline buttons need a label, and
    callback data of 1 to 64 bytes or a URL."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise ApiError(
                    400, "Bad Request: text buttons are unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not (1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES):
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if "web_app" in button:
                check_web_app(button["web_app"])
                continue
            if data is None and not button.get("url"):
                raise ApiError(400, "Bad Request: inline keyboard button must have an action")
    return markup


def check_web_app(web_app: object) -> None:
    """A Mini App to open: Telegram only opens https:// pages."""
    url = web_app.get("url") if isinstance(web_app, dict) else None
    if not isinstance(url, str) or not url.startswith("https://"):
        raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")


def check_menu_button(button: object) -> JsonDict:
    """setChatMenuButton's menu_button: commands, default, or a web app with a text and
    an https:// page."""
    if not isinstance(button, dict):
        raise ApiError(400, "Bad Request: can't parse menu button JSON object")
    kind = button.get("type")
    if kind in ("commands", "default"):
        return {"type": kind}
    if kind != "web_app":
        raise ApiError(400, "Bad Request: unsupported menu button type")
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, "Bad Request: menu button text is invalid")
    check_web_app(button.get("web_app"))
    return {"type": "web_app", "text": text, "web_app": {"url": button["web_app"]["url"]}}


def checked_text(text: object, parse_mode: object, limit: int, *, required: bool) -> str:
    """A text or caption, if its entities parse and what the user reads fits ``limit``
    characters ("" for a missing caption; a text is ``required``)."""
    if text is None or text == "":
        if required:
            raise ApiError(400, "Bad Request: message text is empty")
        return ""
    text = str(text)
    plain = text
    if str(parse_mode or "").upper() == "HTML":
        try:
            plain = html_to_plain(text)
        except EntityParseError as error:
            raise ApiError(400, f"Bad Request: can't parse entities: {error}") from None
    if required and not plain.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if len(plain) > limit:
        raise ApiError(400, "Bad Request: message is too long")
    return text


def checked_language_code(params: JsonDict) -> str:
    """The language_code of a setMyCommands-like call: two letters (ISO 639-1), or ""
    for everyone without a list in their language."""
    code = params.get("language_code") or ""
    if not isinstance(code, str) or (code and not _LANGUAGE_CODE.fullmatch(code)):
        raise ApiError(400, "Bad Request: invalid language code specified")
    return code


def checked_commands(commands: object) -> list[JsonDict]:
    """setMyCommands' list as Telegram checks it: at most 100, each a command of 1-32
    lower-case letters, digits and underscores with a description of 1-256 characters."""
    if not isinstance(commands, list) or len(commands) > MAX_COMMANDS:
        raise ApiError(400, "Bad Request: can't parse commands JSON object")
    for command in commands:
        name = command.get("command") if isinstance(command, dict) else None
        description = command.get("description") if isinstance(command, dict) else None
        if not isinstance(name, str) or not _COMMAND_NAME.fullmatch(name):
            raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise ApiError(400, "Bad Request: command description is empty or too long")
    return commands


def check_modified(message: SentMessage, text: str, markup: JsonDict | None) -> None:
    """An edit must change the text or the markup."""
    if text == message.text and markup == message.reply_markup:
        raise ApiError(
            400,
            "Bad Request: message is not modified: specified new message content and "
            "reply markup are exactly the same as a current content and reply markup "
            "of the message",
        )


def check_webhook(url: str, secret: object) -> None:
    """setWebhook's checks: an http(s) URL (or none, to remove it) and a secret token of
    1 to 256 letters, digits, ``_`` and ``-``."""
    if url and not url.startswith(("https://", "http://")):
        raise ApiError(400, "Bad Request: bad webhook: invalid URL")
    if secret is not None and not SECRET_TOKEN_PATTERN.fullmatch(str(secret)):
        raise ApiError(400, "Bad Request: secret token contains unallowed characters")


__all__ = [
    "MAX_CALLBACK_DATA_BYTES",
    "MAX_CAPTION_LENGTH",
    "MAX_TEXT_LENGTH",
    "ApiError",
    "check_modified",
    "check_webhook",
    "checked_text",
    "validate_markup",
]
