"""The user's side of Telegram: stand-in users write, send media, edit and press buttons."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any

from bot.standin.chats import Chats
from bot.standin.files import FileStore
from bot.standin.models import (
    BotAccount,
    ChatTarget,
    JsonDict,
    SentMessage,
    StandInGroup,
    StandInUser,
)
from bot.standin.updates import Updates


def command_entities(text: str) -> list[JsonDict]:
    """The bot_command entity Telegram marks at the start of a text like ``/start now``."""
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]


class Users:
    """What the users played by a test or the console do, each act queued as the update
    Telegram would send the bot (its id returned). Messages go to the user's private
    chat, or to ``group`` where an act takes one. The acts are documented where tests
    and the console call them, on :class:`~bot.standin.server.BotApiStandIn`."""

    def __init__(
        self,
        chats: Chats,
        updates: Updates,
        bot: BotAccount,
        now: Callable[[], float],
        files: FileStore | None = None,
    ) -> None:
        self._chats = chats
        self._files = files or FileStore()
        self._updates = updates
        self._bot = bot
        self._now = now
        self._file_ids = itertools.count(1)

    def register(self, user: StandInUser) -> None:
        self._chats.register(user)

    def send_text(self, user: StandInUser, text: str, *, group: StandInGroup | None = None) -> int:
        fields: JsonDict = {"text": text}
        entities = command_entities(text)
        if entities:
            fields["entities"] = entities
        return self.send_message(user, group=group, **fields)

    def send_message(
        self, user: StandInUser, *, group: StandInGroup | None = None, **fields: Any
    ) -> int:
        kind = "channel_post" if group is not None and group.type == "channel" else "message"
        message = self._message(user, fields, group)
        return self._push({kind: message}, message["chat"]["id"])

    def send_sticker(
        self, user: StandInUser, emoji: str = "💪", *, group: StandInGroup | None = None
    ) -> int:
        sticker = self._file("sticker") | {
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self.send_message(user, group=group, sticker=sticker)

    def send_photo(
        self, user: StandInUser, caption: str | None = None, *, group: StandInGroup | None = None
    ) -> int:
        base = self._file("photo")
        photo = [
            {**base, "file_unique_id": f"{base['file_unique_id']}{size}", "width": w, "height": h}
            for size, (w, h) in enumerate(((90, 67), (320, 240), (1280, 960)))
        ]
        fields: JsonDict = {"photo": photo}
        if caption is not None:
            fields["caption"] = caption
        return self.send_message(user, group=group, **fields)

    def send_voice(self, user: StandInUser, duration: int = 3, data: bytes = b"") -> int:
        voice = self._files.add("voice", data, "voice.ogg") | {
            "duration": duration,
            "mime_type": "audio/ogg",
        }
        return self.send_message(user, voice=voice)

    def send_document(
        self,
        user: StandInUser,
        file_name: str,
        caption: str | None,
        mime_type: str,
        data: bytes = b"",
    ) -> int:
        document = self._files.add("document", data, file_name) | {
            "file_name": file_name,
            "mime_type": mime_type,
        }
        fields: JsonDict = {"document": document}
        if caption is not None:
            fields["caption"] = caption
        return self.send_message(user, **fields)

    def send_poll(self, user: StandInUser, question: str, options: Iterable[str]) -> int:
        poll = {
            "id": f"poll-{next(self._file_ids)}",
            "question": question,
            "options": [
                {"text": option, "voter_count": 0, "persistent_id": str(number)}
                for number, option in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            "allows_revoting": True,
            "members_only": False,
        }
        return self.send_message(user, poll=poll)

    def forward_text(self, user: StandInUser, text: str, origin: StandInUser) -> int:
        fields: JsonDict = {
            "text": text,
            "forward_origin": {
                "type": "user",
                "date": int(self._now()) - 60,
                "sender_user": origin.as_json(),
            },
        }
        entities = command_entities(text)
        if entities:
            fields["entities"] = entities
        return self.send_message(user, **fields)

    def edit_message(self, user: StandInUser, update_id: int, **fields: Any) -> int:
        original = self._updates.message_of(update_id)
        if original is None or original.get("from", {}).get("id") != user.id:
            raise LookupError("that update carried no message of this user")
        replaced = set(fields) | ({"entities"} if "text" in fields else set())
        edited: JsonDict = {key: value for key, value in original.items() if key not in replaced}
        edited |= fields | {"edit_date": int(self._now())}
        return self._push({"edited_message": edited}, edited["chat"]["id"])

    def edit_text(self, user: StandInUser, update_id: int, text: str) -> int:
        if "text" not in (self._updates.message_of(update_id) or {}):
            raise LookupError("that update carried no text message")
        extra: JsonDict = {"entities": entities} if (entities := command_entities(text)) else {}
        return self.edit_message(user, update_id, text=text, **extra)

    def add_bot_to_group(self, user: StandInUser, group: StandInGroup) -> int:
        self._chats.register(user, group)
        bot = self._bot.as_json()
        change = {
            "chat": group.as_json(),
            "from": user.as_json(),
            "date": int(self._now()),
            "old_chat_member": {"status": "left", "user": bot},
            "new_chat_member": {"status": "member", "user": bot},
        }
        return self._push({"my_chat_member": change}, group.chat_id)

    def share_location(self, user: StandInUser, latitude: float, longitude: float) -> int:
        location = {"latitude": latitude, "longitude": longitude}
        return self.send_message(user, location=location)

    def press(
        self,
        user: StandInUser,
        message: SentMessage,
        callback_data: str,
        *,
        forge: bool,
        group: StandInGroup | None,
    ) -> int:
        target: ChatTarget = user if group is None else group
        current = self._chats.message(message.chat_id, message.message_id)
        if current is None or current.chat_id != target.chat_id:
            raise LookupError("the user cannot see that message")
        if not forge and callback_data not in [data for _, data in current.buttons]:
            raise LookupError(f"no button with data {callback_data!r} on that message now")
        query_id = self._updates.open_query(user.id)
        chat = self._chats.register(user, group)
        query = {
            "id": query_id,
            "from": user.as_json(),
            "message": current.as_json(self._bot.as_json(), chat.data),
            "chat_instance": str(target.chat_id),
            "data": callback_data,
        }
        return self._push({"callback_query": query}, target.chat_id)

    def _push(self, payload: JsonDict, chat_id: int) -> int:
        # Marked first: the replies to this act are what the bot sends from now on.
        self._chats.mark(chat_id)
        return self._updates.push(payload)

    def _message(self, user: StandInUser, fields: JsonDict, group: StandInGroup | None) -> JsonDict:
        chat = self._chats.register(user, group)
        message: JsonDict = {
            "message_id": chat.take_message_id(),
            "date": int(self._now()),
            "chat": chat.data,
        }
        if group is None or group.type != "channel":
            message["from"] = user.as_json()  # a channel post has no sender, only the chat
        else:
            message["sender_chat"] = chat.data
        return message | fields

    def _file(self, prefix: str) -> JsonDict:
        number = next(self._file_ids)
        return {"file_id": f"{prefix}-{number}", "file_unique_id": f"{prefix[0]}u{number}"}


__all__ = ["Users", "command_entities"]
