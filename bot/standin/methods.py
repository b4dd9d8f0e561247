"""The Bot API methods the stand-in performs, by name, and what they record."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import ClassVar

from bot.standin.chats import Chat, Chats
from bot.standin.checks import (
    MAX_CAPTION_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_SHORT_DESCRIPTION_LENGTH,
    MAX_TEXT_LENGTH,
    ApiError,
    check_menu_button,
    check_modified,
    check_webhook,
    checked_commands,
    checked_language_code,
    checked_text,
    validate_markup,
)
from bot.standin.files import FileStore
from bot.standin.models import BotAccount, CallbackNotice, JsonDict, SentMessage, UploadedFile
from bot.standin.updates import Updates
from bot.standin.waiting import Activity
from bot.standin.webhook import WebhookPoster

MessageListener = Callable[[SentMessage, bool], None]
NoticeListener = Callable[[CallbackNotice], None]
Files = dict[str, UploadedFile]
_Method = Callable[["BotMethods", JsonDict, Files], Awaitable[object]]

_LOGGER = logging.getLogger(__name__)


def _seconds(value: object) -> float:
    """getUpdates' timeout (a float is taken, as python-telegram-bot may send one)."""
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ApiError(400, "Bad Request: wrong parameter timeout")
    try:
        return float(value)
    except ValueError as error:
        raise ApiError(400, "Bad Request: wrong parameter timeout") from error


def _whole(params: JsonDict, name: str, default: int) -> int:
    """An integer parameter; a value that is not one is Telegram's 400, not a crash."""
    value = params.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ApiError(400, f"Bad Request: wrong parameter {name}")
    try:
        return int(value)
    except ValueError as error:
        raise ApiError(400, f"Bad Request: wrong parameter {name}") from error


class BotMethods:
    """getMe, getUpdates, getFile, the send and edit methods, answerCallbackQuery, the commands
    and the webhook methods, given decoded parameters; each returns the ``result`` of a
    successful answer or raises :class:`ApiError`. What the bot did is recorded:
    messages in ``chats``, ``commands``, ``callback_answers``, ``chat_actions``; each
    message sent or edited goes to ``listeners`` (with ``edited``), each answer to a
    press to ``notice_listeners``."""

    def __init__(
        self,
        chats: Chats,
        updates: Updates,
        webhook: WebhookPoster,
        activity: Activity,
        bot: BotAccount,
        now: Callable[[], float],
        files: FileStore | None = None,
    ) -> None:
        # setMyCommands per language_code ("" for everyone without a list of their own);
        # setMyDescription and setMyShortDescription the same way.
        self.commands_by_language: dict[str, list[JsonDict]] = {}
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        # setChatMenuButton: the default button (key None) and each chat's own.
        self.menu_buttons: dict[int | None, JsonDict] = {}
        self.files = files or FileStore()
        self.callback_answers: list[JsonDict] = []
        self.chat_actions: list[JsonDict] = []
        self.listeners: list[MessageListener] = []
        self.notice_listeners: list[NoticeListener] = []
        self._chats = chats
        self._updates = updates
        self._webhook = webhook
        self._activity = activity
        self._bot = bot
        self._now = now

    async def call(self, method: str, params: JsonDict, files: Files) -> object:
        """Perform ``method`` (lower case); 404 for a method the stand-in does not know."""
        perform = self._METHODS.get(method)
        if perform is None:
            raise ApiError(404, "Not Found: method not found")
        return await perform(self, params, files)

    # ----------------------------------------------------------------- the bot itself
    async def _get_me(self, params: JsonDict, files: Files) -> object:
        return {
            **self._bot.as_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    @property
    def commands(self) -> list[JsonDict] | None:
        """The command list everyone without one in their language sees."""
        return self.commands_by_language.get("")

    async def _set_my_commands(self, params: JsonDict, files: Files) -> object:
        language = checked_language_code(params)
        self.commands_by_language[language] = checked_commands(params.get("commands"))
        return True

    async def _get_my_commands(self, params: JsonDict, files: Files) -> object:
        return self.commands_by_language.get(checked_language_code(params), [])

    async def _delete_my_commands(self, params: JsonDict, files: Files) -> object:
        self.commands_by_language.pop(checked_language_code(params), None)
        return True

    async def _set_my_description(self, params: JsonDict, files: Files) -> object:
        _set_text(self.descriptions, params, "description", MAX_DESCRIPTION_LENGTH)
        return True

    async def _get_my_description(self, params: JsonDict, files: Files) -> object:
        text = self.descriptions.get(checked_language_code(params), "")
        return {"description": text}

    async def _set_my_short_description(self, params: JsonDict, files: Files) -> object:
        _set_text(
            self.short_descriptions, params, "short_description", MAX_SHORT_DESCRIPTION_LENGTH
        )
        return True

    async def _get_my_short_description(self, params: JsonDict, files: Files) -> object:
        text = self.short_descriptions.get(checked_language_code(params), "")
        return {"short_description": text}

    async def _set_chat_menu_button(self, params: JsonDict, files: Files) -> object:
        chat_id = self._menu_chat(params)
        button = params.get("menu_button")
        if button is None:
            self.menu_buttons.pop(chat_id, None)
            return True
        self.menu_buttons[chat_id] = check_menu_button(button)
        return True

    async def _get_chat_menu_button(self, params: JsonDict, files: Files) -> object:
        chat_id = self._menu_chat(params)
        button = self.menu_buttons.get(chat_id)
        if button is None and chat_id is not None:
            button = self.menu_buttons.get(None)  # a chat without its own has the default
        return button or {"type": "default"}

    def _menu_chat(self, params: JsonDict) -> int | None:
        """setChatMenuButton's chat: None for the default, else a private chat's id."""
        if params.get("chat_id") in (None, ""):
            return None
        chat = self._chat(params)
        if chat.data.get("type") != "private":
            raise ApiError(400, "Bad Request: chat is not private")
        chat_id = chat.data.get("id")
        assert isinstance(chat_id, int)
        return chat_id

    async def _get_file(self, params: JsonDict, files: Files) -> object:
        return self.files.get_file(params.get("file_id"))

    # ----------------------------------------------------------------- updates
    async def _get_updates(self, params: JsonDict, files: Files) -> object:
        if self._webhook.settings.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = _whole(params, "offset", 0)
        limit = max(1, min(100, _whole(params, "limit", 100)))
        timeout = _seconds(params.get("timeout"))
        if offset > 0:
            self._updates.confirm_below(offset)
        elif offset < 0:  # Telegram: only the last -offset updates, the rest forgotten
            self._updates.keep_last(-offset)
        deadline = time.monotonic() + timeout
        while (
            not self._updates.pending and not self._activity.closing and time.monotonic() < deadline
        ):
            await self._activity.next_change(deadline - time.monotonic())
        return self._updates.pending[:limit]

    async def _set_webhook(self, params: JsonDict, files: Files) -> object:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        check_webhook(url, secret)
        if params.get("drop_pending_updates"):
            self._updates.drop_pending()
        self._webhook.set(url, secret)
        self._activity.notify()
        return True

    async def _delete_webhook(self, params: JsonDict, files: Files) -> object:
        if params.get("drop_pending_updates"):
            self._updates.drop_pending()
        self._webhook.delete()
        self._activity.notify()  # the posting task sees there is no webhook any more and ends
        return True

    async def _get_webhook_info(self, params: JsonDict, files: Files) -> object:
        return self._webhook.info()

    # ----------------------------------------------------------------- sending
    async def _send_message(self, params: JsonDict, files: Files) -> object:
        self._chat(params)
        text = checked_text(
            params.get("text"), params.get("parse_mode"), MAX_TEXT_LENGTH, required=True
        )
        return self._new_message(params, "sendmessage", text, None)

    async def _send_photo(self, params: JsonDict, files: Files) -> object:
        return await self._send_file(params, files, "photo")

    async def _send_document(self, params: JsonDict, files: Files) -> object:
        return await self._send_file(params, files, "document")

    async def _send_file(self, params: JsonDict, files: Files, kind: str) -> object:
        self._chat(params)
        caption = checked_text(
            params.get("caption"), params.get("parse_mode"), MAX_CAPTION_LENGTH, required=False
        )
        upload = files.get(kind)
        if upload is None and not params.get(kind):
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        return self._new_message(params, f"send{kind}", caption, upload)

    async def _send_chat_action(self, params: JsonDict, files: Files) -> object:
        self._chat(params)
        self.chat_actions.append(params)
        return True

    def _new_message(
        self, params: JsonDict, method: str, text: str, file: UploadedFile | None
    ) -> JsonDict:
        chat = self._chat(params)
        markup = validate_markup(params.get("reply_markup"))
        message = SentMessage(
            chat_id=chat.data["id"],
            message_id=chat.take_message_id(),
            method=method,
            text=text,
            parse_mode=params.get("parse_mode"),
            reply_markup=markup,
            date=int(self._now()),
            file=file,
        )
        if markup is not None and "keyboard" in markup:
            chat.keyboard = markup
        elif markup is not None and markup.get("remove_keyboard"):
            chat.keyboard = None
        self._chats.add(message)
        self._tell_listeners(message, edited=False)
        return message.as_json(self._bot.as_json(), chat.data)

    # ----------------------------------------------------------------- editing
    async def _edit_message_text(self, params: JsonDict, files: Files) -> object:
        chat, message = self._existing(params)
        text = checked_text(
            params.get("text"), params.get("parse_mode"), MAX_TEXT_LENGTH, required=True
        )
        markup = validate_markup(params.get("reply_markup"))
        return self._edit(chat, message, text, params.get("parse_mode"), markup)

    async def _edit_message_reply_markup(self, params: JsonDict, files: Files) -> object:
        chat, message = self._existing(params)
        markup = validate_markup(params.get("reply_markup"))
        return self._edit(chat, message, message.text, message.parse_mode, markup)

    def _existing(self, params: JsonDict) -> tuple[Chat, SentMessage]:
        chat = self._chat(params)
        message = self._chats.message(chat.data["id"], _whole(params, "message_id", 0))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return chat, message

    def _edit(
        self,
        chat: Chat,
        message: SentMessage,
        text: str,
        parse_mode: object,
        markup: JsonDict | None,
    ) -> object:
        check_modified(message, text, markup)
        message.text = text
        message.parse_mode = None if parse_mode is None else str(parse_mode)
        message.reply_markup = markup
        message.edits += 1
        message.edit_date = int(self._now())
        self._tell_listeners(message, edited=True)
        return message.as_json(self._bot.as_json(), chat.data)

    # ----------------------------------------------------------------- button presses
    async def _answer_callback_query(self, params: JsonDict, files: Files) -> object:
        user_id = self._updates.answer_query(str(params.get("callback_query_id")))
        if user_id is None:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self.callback_answers.append(params)
        notice = CallbackNotice(
            user_id,
            str(params.get("text") or ""),
            str(params.get("show_alert", "")).lower() == "true",
        )
        for listener in list(self.notice_listeners):
            try:
                listener(notice)
            except Exception:
                _LOGGER.exception("a stand-in notice listener failed")
        return True

    # ----------------------------------------------------------------- helpers
    def _chat(self, params: JsonDict) -> Chat:
        chat = self._chats.get(params.get("chat_id"))
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _tell_listeners(self, message: SentMessage, *, edited: bool) -> None:
        for listener in list(self.listeners):
            try:
                listener(message, edited)
            except Exception:
                _LOGGER.exception("a stand-in listener failed")

    _METHODS: ClassVar[dict[str, _Method]] = {
        "getme": _get_me,
        "getupdates": _get_updates,
        "getfile": _get_file,
        "sendmessage": _send_message,
        "sendphoto": _send_photo,
        "senddocument": _send_document,
        "sendchataction": _send_chat_action,
        "editmessagetext": _edit_message_text,
        "editmessagereplymarkup": _edit_message_reply_markup,
        "answercallbackquery": _answer_callback_query,
        "setmycommands": _set_my_commands,
        "getmycommands": _get_my_commands,
        "deletemycommands": _delete_my_commands,
        "setmydescription": _set_my_description,
        "getmydescription": _get_my_description,
        "setmyshortdescription": _set_my_short_description,
        "getmyshortdescription": _get_my_short_description,
        "setchatmenubutton": _set_chat_menu_button,
        "getchatmenubutton": _get_chat_menu_button,
        "setwebhook": _set_webhook,
        "deletewebhook": _delete_webhook,
        "getwebhookinfo": _get_webhook_info,
    }


def _set_text(texts: dict[str, str], params: JsonDict, field: str, limit: int) -> None:
    """setMyDescription / setMyShortDescription: an empty text removes the language's."""
    language = checked_language_code(params)
    text = params.get(field) or ""
    if not isinstance(text, str) or len(text) > limit:
        raise ApiError(400, f"Bad Request: {field} is too long")
    if text:
        texts[language] = text
    else:
        texts.pop(language, None)


__all__ = ["BotMethods", "MessageListener", "NoticeListener"]
