"""The stand-in's records: users and groups it plays, the bot's messages, calls, deliveries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.standin.telegram_html import html_to_plain

JsonDict = dict[str, Any]


@dataclass(frozen=True, slots=True)
class StandInUser:
    """A Telegram user played by a test or the console, chatting in private with the bot."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str = "en"

    @property
    def chat_id(self) -> int:
        return self.id

    def as_json(self) -> JsonDict:
        data: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        data["language_code"] = self.language_code
        return data

    def private_chat(self) -> JsonDict:
        chat: JsonDict = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.username:
            chat["username"] = self.username
        return chat


@dataclass(frozen=True, slots=True)
class StandInGroup:
    """A group chat with the bot in it, where stand-in users write ("group", "supergroup"
    or "channel"); its id is negative, as Telegram's are."""

    id: int
    title: str
    type: str = "supergroup"

    def __post_init__(self) -> None:
        if self.id >= 0:
            raise ValueError("group chat ids are negative")
        if self.type not in {"group", "supergroup", "channel"}:
            raise ValueError(f"not a group chat type: {self.type!r}")

    @property
    def chat_id(self) -> int:
        return self.id

    def as_json(self) -> JsonDict:
        return {"id": self.id, "type": self.type, "title": self.title}


# Where a stand-in user writes: their private chat with the bot, or a group.
ChatTarget = StandInUser | StandInGroup


@dataclass(slots=True)
class BotAccount:
    """The bot as Telegram shows it to users: its id (taken from the token it calls with),
    first name and username."""

    first_name: str
    username: str
    id: int = 0

    def as_json(self) -> JsonDict:
        return {
            "id": self.id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file the bot uploaded with sendPhoto or sendDocument."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass(slots=True)
class SentMessage:
    """A message the bot sent, as it stands now (edits update it in place)."""

    chat_id: int
    message_id: int
    method: str
    text: str
    parse_mode: str | None
    reply_markup: JsonDict | None
    date: int
    file: UploadedFile | None = None
    edits: int = 0
    edit_date: int | None = None  # when it was last edited

    @property
    def plain(self) -> str:
        """The text (or caption) as the user reads it, markup removed."""
        return html_to_plain(self.text) if (self.parse_mode or "").upper() == "HTML" else self.text

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        """Every inline button as (label, callback_data), row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(button["text"], button.get("callback_data")) for row in rows for button in row]

    def callback_data_for(self, label: str) -> str:
        """The callback data of the one button whose label contains ``label`` (case-insensitive)."""
        found = [
            data
            for text, data in self.buttons
            if data is not None and label.casefold() in text.casefold()
        ]
        if len(found) != 1:
            raise LookupError(f"{len(found)} buttons match {label!r} in {self.buttons}")
        return found[0]

    def as_json(self, bot_user: JsonDict, chat: JsonDict) -> JsonDict:
        data: JsonDict = {
            "message_id": self.message_id,
            "date": self.date,
            "chat": chat,
            "from": bot_user,
        }
        if self.method == "sendmessage":
            data["text"] = self.plain
        elif self.text:
            data["caption"] = self.plain
        if self.file is not None and self.method == "sendphoto":
            data["photo"] = [
                {
                    "file_id": f"photo-{self.message_id}",
                    "file_unique_id": f"p{self.message_id}",
                    "width": 800,
                    "height": 600,
                    "file_size": len(self.file.data),
                }
            ]
        if self.file is not None and self.method == "senddocument":
            data["document"] = {
                "file_id": f"doc-{self.message_id}",
                "file_unique_id": f"d{self.message_id}",
                "file_name": self.file.filename,
                "mime_type": self.file.content_type,
                "file_size": len(self.file.data),
            }
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            # Telegram returns only inline keyboards with a message; reply keyboards and
            # their removal live on the client.
            data["reply_markup"] = self.reply_markup
        return data


@dataclass(frozen=True, slots=True)
class ApiCall:
    """One request the bot made, with its decoded parameters and the HTTP status answered
    (:data:`~bot.standin.faults.NO_ANSWER`, 0, when a fault left it unanswered and
    unperformed)."""

    method: str
    params: JsonDict
    files: dict[str, UploadedFile]
    status: int
    at: float


@dataclass(frozen=True, slots=True)
class CallbackNotice:
    """The bot's answer to a button press as the user's client shows it: ``text`` in a
    toast, or in an alert the user must close when ``show_alert`` (empty: nothing shown)."""

    user_id: int
    text: str
    show_alert: bool


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    """One attempt to POST an update to the bot's webhook: the HTTP status, or the error."""

    update_id: int
    url: str
    status: int | None
    error: str | None
    at: float

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


__all__ = [
    "ApiCall",
    "BotAccount",
    "CallbackNotice",
    "ChatTarget",
    "JsonDict",
    "SentMessage",
    "StandInGroup",
    "StandInUser",
    "UploadedFile",
    "WebhookDelivery",
]
