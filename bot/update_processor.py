"""Concurrent update processing that keeps each chat's updates in order.

python-telegram-bot hands every incoming update to an update processor. This one lets
updates from different chats run at the same time (one runner's slow database write
or upload never holds up the others) while the updates of one chat run one after the
other, in the order Telegram sent them, so a conversation never sees its own messages
out of order (a report and its /undo, two answers to a set-up question).

The order holds because PTB starts one task per update in arrival order and each task
queues on its chat's lock first thing; asyncio locks wake waiters first come, first
served. A chat's lock exists only while that chat has updates in flight. At most
``workers`` updates do their work at once; waiting for a chat's turn takes no worker,
so a runner who sends fifty messages in a burst cannot fill the pool while others wait.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

DEFAULT_WORKERS = 64
# Updates PTB may have in flight (waiting for their chat's turn or working). Large: a
# waiting update costs a few hundred bytes, and the pool of workers is the real limit.
MAX_IN_FLIGHT = 4096


def ordering_key(update: object) -> int | None:
    """Which queue an update waits in: its chat, else its sender; None runs at once."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class _ChatLock:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    """Different chats concurrently, one chat in order; at most ``workers`` at work.

    ``after_update`` is awaited with each update once every handler is done with it,
    however they ended: the wiring ends the update's database turn there.
    """

    def __init__(
        self,
        workers: int = DEFAULT_WORKERS,
        after_update: Callable[[object], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__(max_concurrent_updates=MAX_IN_FLIGHT)
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.after_update = after_update
        self._slots = asyncio.Semaphore(workers)
        self._chats: dict[int, _ChatLock] = {}

    @property
    def chats_in_flight(self) -> int:
        """How many chats have updates waiting or at work now."""
        return len(self._chats)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await self._in_order(update, coroutine)
        finally:
            if self.after_update is not None:
                await self.after_update(update)

    async def _in_order(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = ordering_key(update)
        if key is None:
            await self._work(coroutine)
            return
        entry = self._chats.get(key)
        if entry is None:
            entry = self._chats[key] = _ChatLock()
        entry.users += 1
        started = False
        try:
            async with entry.lock:
                started = True
                await self._work(coroutine)
        finally:
            entry.users -= 1
            if entry.users == 0:
                del self._chats[key]
            if not started and asyncio.iscoroutine(coroutine):
                coroutine.close()  # cancelled while waiting its turn (shutdown)

    async def _work(self, coroutine: Awaitable[Any]) -> None:
        started = False
        try:
            async with self._slots:
                started = True
                await coroutine
        finally:
            if not started and asyncio.iscoroutine(coroutine):
                coroutine.close()

    async def initialize(self) -> None:
        """Nothing to set up: locks are made as chats appear."""

    async def shutdown(self) -> None:
        """Nothing to free: every lock goes with its chat's last update."""
