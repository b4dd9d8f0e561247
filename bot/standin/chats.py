"""The chats the stand-in knows and the bot's messages in them, as their users see them now."""

from __future__ import annotations

from dataclasses import dataclass

from bot.standin.models import JsonDict, SentMessage, StandInGroup, StandInUser


@dataclass(slots=True)
class Chat:
    """One chat: its JSON as updates carry it, the next message id, the reply keyboard."""

    data: JsonDict
    next_message_id: int = 1
    keyboard: JsonDict | None = None  # the reply keyboard the user sees now

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


class Chats:
    """Every chat a stand-in user opened with the bot (or a group it is in), and every
    message the bot sent, in ``sent`` in order and by (chat id, message id). A chat the
    stand-in does not know answers "chat not found", as Telegram does for a user who
    never started the bot."""

    def __init__(self) -> None:
        self.sent: list[SentMessage] = []
        # Looked up with the chat_id a request carries, which may be any JSON value.
        self._chats: dict[object, Chat] = {}
        self._messages: dict[tuple[int, int], SentMessage] = {}
        self._marks: dict[int, int] = {}  # chat id -> len(sent) when its user last acted

    def register(self, user: StandInUser, group: StandInGroup | None = None) -> Chat:
        """The chat ``user`` writes in: their private chat, or ``group``; known from now on."""
        chat_id = user.chat_id if group is None else group.chat_id
        chat = self._chats.get(chat_id)
        if chat is None:
            data = user.private_chat() if group is None else group.as_json()
            chat = self._chats[chat_id] = Chat(data)
        return chat

    def get(self, chat_id: object) -> Chat | None:
        return self._chats.get(chat_id)

    def add(self, message: SentMessage) -> None:
        """The bot sent ``message``."""
        self.sent.append(message)
        self._messages[(message.chat_id, message.message_id)] = message

    def message(self, chat_id: int, message_id: int) -> SentMessage | None:
        """The bot's message ``message_id`` in the chat, as it stands now."""
        return self._messages.get((chat_id, message_id))

    def mark(self, chat_id: int) -> None:
        """A user acted in the chat: what the bot sends there from now on are its replies."""
        self._marks[chat_id] = len(self.sent)

    def since_mark(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages in the chat since a user last acted there."""
        start = self._marks.get(chat_id, 0)
        return [m for m in self.sent[start:] if m.chat_id == chat_id]


__all__ = ["Chat", "Chats"]
