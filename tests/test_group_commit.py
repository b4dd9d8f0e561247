"""Group commit: concurrent callers share transactions, each gets its own result only
after its batch committed, and one failing job fails only its own caller."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from storage import Database, UnitOfWork
from storage.group_commit import GroupCommit

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


async def _register(uow: UnitOfWork, telegram_ids: Sequence[int]) -> list[int]:
    """Register each runner (a real write) and return their row ids, in job order."""
    ids = []
    for telegram_id in telegram_ids:
        if telegram_id < 0:
            raise ValueError(f"bad job {telegram_id}")
        profile, _ = await uow.users.register(
            telegram_user_id=telegram_id,
            chat_id=telegram_id,
            name=f"R{telegram_id}",
            default_timezone="Europe/London",
            now=NOW,
        )
        ids.append(profile.id)
    return ids


async def _registered(database: Database) -> set[int]:
    async with database.unit_of_work() as uow:
        return set((await uow.users.get_many(range(-100, 1000))).keys())


async def test_concurrent_jobs_share_transactions_and_get_their_own_results(
    database: Database,
) -> None:
    """50 jobs submitted at once take far fewer than 50 commits; each caller gets the id
    of its own runner, and every runner is stored."""
    group: GroupCommit[int, int] = GroupCommit(database, _register)
    results = await asyncio.gather(*(group.submit(n) for n in range(1, 51)))
    async with database.unit_of_work() as uow:
        found = await uow.users.get_many(range(1, 51))
    assert results == [found[n].id for n in range(1, 51)]
    assert 1 <= group.batches <= 3
    assert await _registered(database) == set(range(1, 51))


async def test_a_failing_job_fails_only_its_own_caller(database: Database) -> None:
    """A job that raises sinks its batch, which is retried job by job: the others commit."""
    group: GroupCommit[int, int] = GroupCommit(database, _register)
    results = await asyncio.gather(
        *(group.submit(n) for n in (1, 2, -3, 4)), return_exceptions=True
    )
    assert isinstance(results[2], ValueError)
    assert all(isinstance(r, int) for i, r in enumerate(results) if i != 2)
    assert await _registered(database) == {1, 2, 4}


async def test_a_result_is_handed_over_only_after_its_commit(database: Database) -> None:
    """When a caller gets its result, another transaction already sees its write."""
    group: GroupCommit[int, int] = GroupCommit(database, _register)

    async def submit_and_look(n: int) -> bool:
        await group.submit(n)
        return n in await _registered(database)

    assert all(await asyncio.gather(*(submit_and_look(n) for n in range(1, 11))))


async def test_a_wrong_result_count_is_an_error_not_a_silent_mismatch(
    database: Database,
) -> None:
    """Work that returns fewer results than jobs fails its callers and commits nothing."""

    async def short(uow: UnitOfWork, jobs: Sequence[int]) -> list[int]:
        await _register(uow, jobs)
        return []

    group: GroupCommit[int, int] = GroupCommit(database, short)
    with pytest.raises(RuntimeError, match="wrong number"):
        await group.submit(7)
    assert await _registered(database) == set()


async def test_cancelling_the_committing_caller_leaves_no_one_waiting(
    database: Database,
) -> None:
    """If the task running a batch is cancelled, the batch's other callers are woken
    (cancelled too) instead of waiting for ever."""
    entered = asyncio.Event()

    async def slow(uow: UnitOfWork, jobs: Sequence[int]) -> list[int]:
        entered.set()
        await asyncio.Event().wait()  # never set: the batch hangs until its task is cancelled
        return list(jobs)

    group: GroupCommit[int, int] = GroupCommit(database, slow)
    first = asyncio.create_task(group.submit(1))
    await entered.wait()
    entered.clear()
    # Queued behind the running batch; they form the next batch, run by one of them.
    others = [asyncio.create_task(group.submit(n)) for n in (2, 3)]
    await asyncio.sleep(0)  # one turn of the loop: both queue their job
    first.cancel()
    await entered.wait()
    runner = next(task for task in others if not task.done())
    runner.cancel()
    results = await asyncio.wait_for(
        asyncio.gather(first, *others, return_exceptions=True), timeout=5
    )
    assert all(isinstance(r, asyncio.CancelledError) for r in results)


async def _staggered(group: GroupCommit[int, int], first: int, count: int, gap: float) -> list[int]:
    """Jobs ``first`` … ``first + count - 1``, each submitted ``gap`` seconds after the one
    before (answers that come one by one, as a wave's do)."""

    async def later(n: int) -> int:
        await asyncio.sleep(n * gap)
        return await group.submit(first + n)

    return await asyncio.gather(*(later(n) for n in range(count)))


async def test_a_lingering_group_gathers_jobs_that_come_one_by_one(database: Database) -> None:
    """Ten jobs 30 ms apart: without a linger they commit in several transactions; with a
    linger of 0.5 s they share one (two at most), and each caller gets its own runner."""
    alone: GroupCommit[int, int] = GroupCommit(database, _register)
    await _staggered(alone, 1, 10, 0.03)
    lingering: GroupCommit[int, int] = GroupCommit(database, _register, linger=0.5)
    results = await _staggered(lingering, 11, 10, 0.03)
    assert alone.batches >= 3
    assert 1 <= lingering.batches <= 2
    async with database.unit_of_work() as uow:
        found = await uow.users.get_many(range(11, 21))
    assert results == [found[n].id for n in range(11, 21)]
    assert await _registered(database) == set(range(1, 21))
