"""SQLite's write gate: writers of one process take turns without meeting SQLite's busy
handler, readers never wait, and a gate is released however the transaction ends."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import OperationalError

from storage import Database
from storage.unit_of_work import WriteGate

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
    await asyncio.sleep(0.2)
    assert not second.done()
    gate = database.write_gate
    assert gate is not None
    assert gate.held
    assert gate.waiting == 1  # queued at the gate, not sleeping in SQLite's busy handler
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
