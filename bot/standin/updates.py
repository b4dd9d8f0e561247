"""The updates waiting for the bot, how far it has confirmed them, and presses it has to answer."""

from __future__ import annotations

import itertools

from bot.standin.models import JsonDict
from bot.standin.waiting import Activity

# The update kinds that carry a message a user may edit later.
_MESSAGE_KINDS = ("message", "edited_message", "channel_post")


class Updates:
    """Telegram's queue of updates for one bot. ``pending`` holds them in order until the
    bot confirms them (a later getUpdates offset, or a 2xx answer of its webhook);
    ``acknowledged_below`` is the first update id not confirmed yet. Button presses
    (callback queries) stay open until the bot answers them."""

    def __init__(self, activity: Activity) -> None:
        self.pending: list[JsonDict] = []
        self.acknowledged_below = 0
        self._activity = activity
        self._ids = itertools.count(1)
        self._messages: dict[int, JsonDict] = {}  # update id -> the message it carried
        self._query_ids = itertools.count(1)
        self._open_queries: dict[str, int] = {}  # query id -> the id of the user who pressed

    def push(self, payload: JsonDict) -> int:
        """Queue an update with ``payload`` (``{"message": ...}`` and so on); its id."""
        update_id = next(self._ids)
        self.pending.append({"update_id": update_id, **payload})
        for kind in _MESSAGE_KINDS:
            if kind in payload:
                self._messages[update_id] = payload[kind]
        self._activity.touch()
        return update_id

    def message_of(self, update_id: int) -> JsonDict | None:
        """The message (or edited message, or channel post) update ``update_id`` carried."""
        return self._messages.get(update_id)

    def confirm_below(self, offset: int) -> None:
        """getUpdates with ``offset``: every update before it is confirmed and forgotten."""
        self.acknowledged_below = max(self.acknowledged_below, offset)
        self.pending = [u for u in self.pending if u["update_id"] >= offset]
        self._activity.notify()

    def keep_last(self, count: int) -> None:
        """getUpdates with a negative offset: all but the last ``count`` pending updates
        are confirmed and forgotten."""
        forgotten = self.pending[:-count] if count < len(self.pending) else []
        if forgotten:
            self.confirm_below(forgotten[-1]["update_id"] + 1)

    def confirm_delivered(self, update: JsonDict) -> None:
        """The webhook took ``update``, the first pending one when it was posted."""
        # drop_pending_updates may have emptied the queue meanwhile.
        if self.pending and self.pending[0] is update:
            self.pending.pop(0)
        self.acknowledged_below = max(self.acknowledged_below, update["update_id"] + 1)
        self._activity.touch()

    def drop_pending(self) -> None:
        """setWebhook or deleteWebhook with ``drop_pending_updates``."""
        self.pending.clear()

    def open_query(self, user_id: int) -> str:
        """A new callback query id for a press by ``user_id``, open until answered."""
        query_id = str(next(self._query_ids))
        self._open_queries[query_id] = user_id
        return query_id

    def answer_query(self, query_id: str) -> int | None:
        """Close the open query ``query_id``: the id of the user who pressed, or None if it
        is not open (answered already, or never asked)."""
        return self._open_queries.pop(query_id, None)


__all__ = ["Updates"]
