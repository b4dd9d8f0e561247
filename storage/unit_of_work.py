"""The unit of work: one database session per update, rolled back unless explicitly committed.

On SQLite, writers of one process also take turns through a :class:`WriteGate` (see
there); on PostgreSQL the server's row locks are enough.
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any

from sqlalchemy import Delete, Executable, Insert, Result, TextClause, Update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.util.typing import TupleAny, Unpack

from storage.deliveries import DeliveryRepository
from storage.one_off_runs import OneOffRunRepository
from storage.repositories import UserRepository
from storage.training import TrainingRepository


class WriteGate:
    """Lets one transaction of this process write to SQLite at a time.

    SQLite has one write lock per database. Transactions of one process that write at
    the same moment would otherwise meet in SQLite's busy handler, which sleeps and
    retries (1, 2, 5 ... 100 ms) while holding a pool connection: under a burst (200
    runners pressing /warmup at once) writers slept far longer than they wrote, and some
    gave up with "database is locked". Waiting here instead is a queue: the next writer
    starts the moment the previous one commits. Reads never wait. Another process
    still meets the busy timeout, as before.
    """

    def __init__(self, timeout: float) -> None:
        self._lock = asyncio.Lock()
        self._timeout = timeout
        self._waiting = 0

    async def acquire(self) -> None:
        if not self._lock.locked():
            await self._lock.acquire()  # free: no timer needed
            return
        self._waiting += 1
        try:
            await asyncio.wait_for(self._lock.acquire(), self._timeout)
        except TimeoutError:
            raise OperationalError(
                "waiting for the write gate", None, TimeoutError("database is locked")
            ) from None
        finally:
            self._waiting -= 1

    def release(self) -> None:
        self._lock.release()

    @property
    def held(self) -> bool:
        return self._lock.locked()

    @property
    def waiting(self) -> int:
        """Writers queued behind the one writing."""
        return self._waiting


def writes(statement: Executable) -> bool:
    """Whether a statement may change data: INSERT, UPDATE, DELETE, and any textual SQL
    that is not a plain SELECT."""
    if isinstance(statement, Insert | Update | Delete):
        return True
    if isinstance(statement, TextClause):
        return not statement.text.lstrip().upper().startswith(("SELECT", "WITH"))
    return False


class GatedSession(AsyncSession):
    """An AsyncSession that passes its :class:`WriteGate` before its first write and
    holds it until its transaction ends (commit, rollback or close).

    Every way into the database is covered: each method that runs a statement
    (``execute``, ``scalar``, ``scalars``, ``stream``, ``stream_scalars``) takes the gate
    when the statement writes; each one that may flush pending objects first (those,
    ``get``, ``get_one``, ``refresh``, ``merge``, ``flush``, ``commit``) takes it when
    objects are pending; ``run_sync`` and ``connection`` hand out raw access and take
    it whatever they do. tests/test_write_gate.py tries each.
    """

    gate: WriteGate | None = None
    _holding = False

    async def _before_write(self) -> None:
        if self.gate is not None and not self._holding:
            await self.gate.acquire()
            self._holding = True

    def _after_transaction(self) -> None:
        if self.gate is not None and self._holding:
            self._holding = False
            self.gate.release()

    def _pending(self) -> bool:
        return bool(self.new or self.dirty or self.deleted)

    async def _gate_for(self, statement: Executable | None = None) -> None:
        if (statement is not None and writes(statement)) or self._pending():
            await self._before_write()

    async def execute(
        self, statement: Executable, *args: Any, **kwargs: Any
    ) -> Result[Unpack[TupleAny]]:
        await self._gate_for(statement)
        return await super().execute(statement, *args, **kwargs)

    async def scalar(self, statement: Executable, *args: Any, **kwargs: Any) -> Any:
        await self._gate_for(statement)
        return await super().scalar(statement, *args, **kwargs)

    async def scalars(self, statement: Executable, *args: Any, **kwargs: Any) -> Any:
        await self._gate_for(statement)
        return await super().scalars(statement, *args, **kwargs)

    async def stream(self, statement: Executable, *args: Any, **kwargs: Any) -> Any:
        await self._gate_for(statement)
        return await super().stream(statement, *args, **kwargs)

    async def stream_scalars(self, statement: Executable, *args: Any, **kwargs: Any) -> Any:
        await self._gate_for(statement)
        return await super().stream_scalars(statement, *args, **kwargs)

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        await self._gate_for()
        return await super().get(*args, **kwargs)

    async def get_one(self, *args: Any, **kwargs: Any) -> Any:
        await self._gate_for()
        return await super().get_one(*args, **kwargs)

    async def refresh(self, *args: Any, **kwargs: Any) -> None:
        await self._gate_for()
        await super().refresh(*args, **kwargs)

    async def merge(self, *args: Any, **kwargs: Any) -> Any:
        await self._before_write()  # merging may insert or update
        return await super().merge(*args, **kwargs)

    async def run_sync(self, *args: Any, **kwargs: Any) -> Any:
        await self._before_write()  # raw access: it may write
        return await super().run_sync(*args, **kwargs)

    async def connection(self, *args: Any, **kwargs: Any) -> Any:
        await self._before_write()  # raw access: it may write
        return await super().connection(*args, **kwargs)

    async def flush(self, objects: Any = None) -> None:
        if self._pending():
            await self._before_write()
        await super().flush(objects)

    async def commit(self) -> None:
        if self._pending():
            await self._before_write()
        try:
            await super().commit()
        finally:
            self._after_transaction()

    async def rollback(self) -> None:
        try:
            await super().rollback()
        finally:
            self._after_transaction()

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            self._after_transaction()


class UnitOfWork:
    """``async with database.unit_of_work() as uow: ...; await uow.commit()``.

    Leaving the block without ``commit()`` (or with an exception) rolls everything back,
    so a handler that fails half-way never leaves half a change behind.
    """

    users: UserRepository
    deliveries: DeliveryRepository
    training: TrainingRepository
    one_off_runs: OneOffRunRepository

    def __init__(
        self, session_factory: async_sessionmaker[GatedSession], gate: WriteGate | None = None
    ) -> None:
        self._session_factory = session_factory
        self._gate = gate
        self._session: GatedSession | None = None

    @property
    def session(self) -> GatedSession:
        if self._session is None:
            raise RuntimeError("the unit of work is used outside its `async with` block")
        return self._session

    async def __aenter__(self) -> UnitOfWork:
        self._session = self._session_factory()
        self._session.gate = self._gate
        self.users = UserRepository(self._session)
        self.training = TrainingRepository(self._session)
        self.deliveries = DeliveryRepository(self._session)
        self.one_off_runs = OneOffRunRepository(self._session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            await session.rollback()
        finally:
            await session.close()
            self._session = None

    async def commit(self) -> None:
        await self.session.commit()
