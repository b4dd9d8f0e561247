"""One update's turn at the database: the runner looked up once, in one unit of work that
every handler of the update shares.

Like middleware in aiogram or a unit of work per request in cosmicpython, the turn is
made for each update (``context.turn``, the same object in every handler group that
sees the update) and ended by the update processor once the update is handled
(bot/update_processor.py): whatever was not committed by then is rolled back.

The unit of work opens at the first use, so an update no handler reads the database
for costs nothing. :meth:`Turn.commit` commits and lets the connection go (a reply to
Telegram usually follows); using the turn again opens a new transaction. A check and the
write it guards (is this question still open? then store the answer) are made in the
same transaction when the handler reads and writes before committing.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import TYPE_CHECKING

from telegram import Update

from handlers.accounts import Sender, register_runner
from handlers.i18n import set_language
from library.languages import Language
from library.profiles import RunnerProfile
from storage import UnitOfWork
from storage.repositories import is_current

if TYPE_CHECKING:
    from handlers.context import Services


class KnownLanguages:
    """Each runner's language as this process last read it, by Telegram user id: the
    most recent ``size`` runners, each for ``keep`` seconds (handlers/language.py).

    With it, whether they were settled (no set-up question open) when last read: a
    check that only matters during set-up can pass them by without a read or a parse.
    """

    def __init__(self, size: int = 100_000, keep: float = 300.0) -> None:
        self._size = size
        self._keep = keep
        self._entries: OrderedDict[int, tuple[Language, bool, float]] = OrderedDict()

    def _fresh(self, telegram_user_id: int) -> tuple[Language, bool, float] | None:
        entry = self._entries.get(telegram_user_id)
        if entry is None or time.monotonic() - entry[2] > self._keep:
            return None
        return entry

    def get(self, telegram_user_id: int) -> Language | None:
        entry = self._fresh(telegram_user_id)
        return None if entry is None else entry[0]

    def settled(self, telegram_user_id: int) -> bool:
        """Whether the runner, as last read or written here (within ``keep`` seconds),
        had no set-up question open; False when not known."""
        entry = self._fresh(telegram_user_id)
        return entry is not None and entry[1]

    def remember(self, runner: RunnerProfile) -> None:
        self._entries[runner.telegram_user_id] = (
            runner.language,
            runner.onboarding is None,
            time.monotonic(),
        )
        self._entries.move_to_end(runner.telegram_user_id)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def forget(self, telegram_user_id: int) -> None:
        self._entries.pop(telegram_user_id, None)

    def __len__(self) -> int:
        return len(self._entries)


class Turn:
    """The database as one update sees it. Reading the runner also makes their stored
    language the update's (handlers/i18n.py) and remembers it for later updates."""

    def __init__(self, services: Services, update: object) -> None:
        self._services = services
        self._sender = Sender.of(update) if isinstance(update, Update) else None
        self._uow: UnitOfWork | None = None
        self._runner: RunnerProfile | None = None
        self._created = False
        self._registered = False  # runner() has registered or refreshed the sender
        self._looked_up = False  # known_runner() or runner() has read the sender

    @property
    def sender(self) -> Sender | None:
        return self._sender

    async def uow(self) -> UnitOfWork:
        """The update's unit of work, opened at its first use."""
        if self._uow is None:
            uow = self._services.database.unit_of_work()
            self._uow = await uow.__aenter__()
        return self._uow

    async def runner(self) -> RunnerProfile | None:
        """The runner who sent the update, registered on first contact (chat and name
        refreshed); None for updates without a user. Looked up once per update."""
        if self._sender is None:
            return None
        known = self._runner
        sender = self._sender
        if (
            not self._registered
            and known is not None
            and is_current(known, sender.chat_id, sender.name)
        ):
            self._registered = True  # read already this update, chat and name unchanged
        if not self._registered:
            self._runner, self._created = await register_runner(
                await self.uow(), self._services, self._sender
            )
            self._registered = self._looked_up = True
            self._speak(self._runner)
        return self._runner

    async def known_runner(self) -> RunnerProfile | None:
        """The sender if they are registered already, without registering anyone: for
        checks that run on every message and must not write. A unit of work opened just
        for this read is let go at once, so a check that lets the update pass on holds no
        connection while later handlers (or the report desk) work."""
        if self._sender is None:
            return None
        if not self._looked_up:
            opened_here = self._uow is None
            uow = await self.uow()
            self._runner = await uow.users.get(self._sender.telegram_user_id)
            self._looked_up = True
            self._speak(self._runner)
            if opened_here:
                await self.close()
        return self._runner

    @property
    def is_new(self) -> bool:
        """Whether :meth:`runner` registered the sender in this update."""
        return self._created

    def remember(self, runner: RunnerProfile | None) -> None:
        """The runner as a write of this update left them (settings changed, erased)."""
        self._runner = runner
        self._looked_up = True
        if runner is None:
            self._registered = False
            if self._sender is not None:
                self._services.languages.forget(self._sender.telegram_user_id)
        self._speak(runner)

    def _speak(self, runner: RunnerProfile | None) -> None:
        """The runner as read: their language is the update's, and remembered."""
        if runner is not None:
            self._services.languages.remember(runner)
            set_language(runner.language)

    async def commit(self) -> None:
        """Commit what the update wrote and let the connection go."""
        if self._uow is not None:
            await self._uow.commit()
            await self.close()

    async def close(self) -> None:
        """End the unit of work; what was not committed is rolled back."""
        uow, self._uow = self._uow, None
        if uow is not None:
            await uow.__aexit__(None, None, None)


class Turns:
    """The turns of the updates being handled in this process, by update."""

    def __init__(self) -> None:
        self._open: dict[int, Turn] = {}

    def of(self, services: Services, update: object) -> Turn:
        """The update's turn, made at the first ask."""
        turn = self._open.get(id(update))
        if turn is None:
            turn = self._open[id(update)] = Turn(services, update)
        return turn

    async def end(self, update: object) -> None:
        """End the update's turn, if it had one (rolling back what was not committed)."""
        turn = self._open.pop(id(update), None)
        if turn is not None:
            await turn.close()

    def __len__(self) -> int:
        return len(self._open)
