"""SQLite's write gate: writers of one process take turns without meeting SQLite's busy
handler, readers never wait, and a gate is released however the transaction ends."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Insert, delete, event, func, insert, select, text, update
from sqlalchemy.exc import OperationalError

from storage import Database
from storage.models import UserRow
from storage.unit_of_work import GatedSession, WriteGate
from tests.helpers import eventually

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
pytestmark = pytest.mark.backends("sqlite")


async def _register(database: Database, telegram_id: int, *, commit: bool = True) -> None:
    async with database.unit_of_work() as uow:
        await uow.users.register(
            telegram_user_id=telegram_id,
            chat_id=telegram_id,
            name="R",
            default_timezone="UTC",
            now=NOW,
        )
        if commit:
            await uow.commit()


async def test_a_second_writer_waits_for_the_first_to_commit_while_readers_go_on(
    database: Database,
) -> None:
    """While one unit of work holds a write, a reader still reads, and a second writer
    only writes once the first has committed (and then succeeds)."""
    first = database.unit_of_work()
    await first.__aenter__()
    await first.users.register(
        telegram_user_id=1, chat_id=1, name="A", default_timezone="UTC", now=NOW
    )
    second = asyncio.create_task(_register(database, 2))
    async with database.unit_of_work() as reader:
        assert await reader.users.count() == 0  # not waiting, and not seeing uncommitted
    gate = database.write_gate
    assert gate is not None
    # Queued at the gate, not sleeping in SQLite's busy handler.
    await eventually(lambda: gate.waiting == 1, what="the second writer at the gate")
    assert not second.done()
    assert gate.held
    await first.commit()
    await first.__aexit__(None, None, None)
    await asyncio.wait_for(second, 5)
    async with database.unit_of_work() as uow:
        assert await uow.users.count() == 2


async def test_the_gate_is_released_by_rollback_and_by_errors(database: Database) -> None:
    """A writer that leaves without committing, or fails, does not keep the gate."""
    await _register(database, 1, commit=False)

    async def failing_handler() -> None:
        async with database.unit_of_work() as uow:
            await uow.users.register(
                telegram_user_id=2, chat_id=2, name="B", default_timezone="UTC", now=NOW
            )
            raise RuntimeError("handler bug")

    with pytest.raises(RuntimeError):
        await failing_handler()
    await asyncio.wait_for(_register(database, 3), 5)
    async with database.unit_of_work() as uow:
        assert set((await uow.users.get_many([1, 2, 3])).keys()) == {3}
    assert database.write_gate is not None
    assert not database.write_gate.held


async def test_a_gate_held_too_long_is_a_database_error_not_a_hang() -> None:
    """A writer that waits past the gate's timeout fails as SQLite would ("database is
    locked"), so the error handler answers instead of the update hanging."""
    gate = WriteGate(timeout=0.05)
    await gate.acquire()
    with pytest.raises(OperationalError, match="database is locked"):
        await gate.acquire()
    gate.release()
    await gate.acquire()
    assert gate.held


async def test_many_concurrent_writers_all_commit(database: Database) -> None:
    """300 writers at once on one SQLite file: every one commits, none sees "database is
    locked"."""
    await asyncio.gather(*(_register(database, n) for n in range(1, 301)))
    async with database.unit_of_work() as uow:
        assert await uow.users.count() == 300


def _user(telegram_id: int) -> UserRow:
    return UserRow(
        telegram_user_id=telegram_id,
        chat_id=telegram_id,
        name="W",
        timezone="UTC",
        created_at=NOW,
    )


def _insert(telegram_id: int) -> Insert:
    return insert(UserRow).values(
        telegram_user_id=telegram_id,
        chat_id=telegram_id,
        name="W",
        timezone="UTC",
        created_at=NOW,
    )


WritePath = Callable[[GatedSession], Awaitable[object]]


async def _add_then_flush(session: GatedSession) -> None:
    session.add(_user(11))
    await session.flush()


async def _add_then_commit(session: GatedSession) -> None:
    session.add(_user(18))
    await session.commit()


async def _add_then_query(session: GatedSession) -> None:
    session.add(_user(12))  # autoflush: the query writes the pending row first
    await session.scalar(select(func.count()).select_from(UserRow))


async def _add_then_get(session: GatedSession) -> None:
    session.add(_user(13))
    await session.get(UserRow, 1)


async def _delete_loaded(session: GatedSession) -> None:
    await session.execute(_insert(14))
    await session.commit()  # a fresh transaction below must take the gate again
    row = await session.scalar(select(UserRow).where(UserRow.telegram_user_id == 14))
    await session.delete(row)
    await session.flush()


async def _raw_connection(session: GatedSession) -> None:
    connection = await session.connection()
    await connection.execute(_insert(15))


async def _stream(session: GatedSession) -> None:
    result = await session.stream(_insert(16).returning(UserRow.id))
    await result.all()


async def _stream_scalars(session: GatedSession) -> None:
    result = await session.stream_scalars(_insert(17).returning(UserRow.id))
    await result.all()


WRITE_PATHS: dict[str, WritePath] = {
    "execute insert": lambda s: s.execute(_insert(1)),
    "execute update": lambda s: s.execute(update(UserRow).values(name="X")),
    "execute delete": lambda s: s.execute(delete(UserRow)),
    "execute text": lambda s: s.execute(text("DELETE FROM users")),
    "scalar insert returning": lambda s: s.scalar(_insert(2).returning(UserRow.id)),
    "scalars insert returning": lambda s: s.scalars(_insert(3).returning(UserRow.id)),
    "stream": _stream,
    "stream_scalars": _stream_scalars,
    "add and flush": _add_then_flush,
    "add and commit": _add_then_commit,
    "add, then a query autoflushes": _add_then_query,
    "add, then get autoflushes": _add_then_get,
    "delete a loaded row": _delete_loaded,
    "merge": lambda s: s.merge(_user(19)),
    "run_sync": lambda s: s.run_sync(lambda sync: sync.execute(_insert(20))),
    "raw connection": _raw_connection,
}


@pytest.mark.parametrize("path", WRITE_PATHS, ids=str)
async def test_every_way_of_writing_takes_the_gate(
    database: Database, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """Each way a session can change data passes the write gate before the write reaches
    SQLite (checked at the driver: every INSERT, UPDATE or DELETE runs with the gate
    held), and the gate is free again once the unit of work ends."""
    gate = database.write_gate
    assert gate is not None
    unguarded: list[str] = []

    def check(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        writing = statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        if writing and not gate.held:
            unguarded.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", check)
    try:
        async with database.unit_of_work() as uow:
            await WRITE_PATHS[path](uow.session)
            await uow.commit()
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", check)
    assert unguarded == []
    assert not gate.held


async def test_reads_never_take_the_gate(database: Database) -> None:
    """Plain reads, however they are made, leave the gate to writers."""
    gate = database.write_gate
    assert gate is not None
    async with database.unit_of_work() as uow:
        await uow.session.execute(select(UserRow))
        await uow.session.scalar(select(func.count()).select_from(UserRow))
        await uow.session.scalars(select(UserRow.id))
        await uow.session.get(UserRow, 1)
        await uow.session.execute(text("SELECT 1"))
        await uow.users.count()
        assert not gate.held
