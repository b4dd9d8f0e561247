"""Group commit: the writes of many concurrent callers carried by one transaction.

Each caller submits a job and waits for its own result. While one transaction runs, the
jobs submitted meanwhile queue up and all go in the next one, so under light load a job
is committed on its own at once and under a burst one commit (and one query per kind of
read) carries dozens: the per-statement cost, which dominates on SQLite, is paid per
batch instead of per job. A caller's result is only handed over once the transaction
holding its job has committed.

A group may also *linger*: wait a moment before committing so that more jobs join it,
where the callers can afford the wait (a wave's outcomes, already journaled: each
answer comes on its own, so without a linger every commit carried one or two).

If a batch fails, its jobs are run again one transaction each, so a job that fails on
its own fails only its own caller and the others still commit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from storage.database import Database
from storage.unit_of_work import UnitOfWork

Job = TypeVar("Job")
Result = TypeVar("Result")

MAX_BATCH = 256

BatchWork = Callable[[UnitOfWork, Sequence[Job]], Awaitable[Sequence[Result]]]


class GroupCommit(Generic[Job, Result]):
    """``result = await group.submit(job)``; ``work(uow, jobs)`` returns one result per
    job in order, and must not commit (the group does, once per batch)."""

    def __init__(
        self,
        database: Database,
        work: BatchWork[Job, Result],
        max_batch: int = MAX_BATCH,
        *,
        linger: float = 0.0,
    ) -> None:
        """``linger``: seconds a job waits for others before its batch commits (0: one
        turn of the loop)."""
        self._database = database
        self._linger = linger
        self._work = work
        self._max_batch = max_batch
        self._queue: list[tuple[Job, asyncio.Future[Result]]] = []
        self._lock = asyncio.Lock()
        self.batches = 0  # transactions committed, for tests and benchmarks

    async def submit(self, job: Job) -> Result:
        waiter: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._queue.append((job, waiter))
        # One turn of the loop first (or the linger): callers woken by the same event (a
        # burst of updates, a wave's answers) join this batch instead of waiting for the next.
        await asyncio.sleep(self._linger)
        while not waiter.done():
            async with self._lock:
                if waiter.done():
                    break
                batch = self._queue[: self._max_batch]
                del self._queue[: self._max_batch]
                await self._run(batch)
        return waiter.result()

    async def _run(self, batch: list[tuple[Job, asyncio.Future[Result]]]) -> None:
        try:
            async with self._database.unit_of_work() as uow:
                results = await self._work(uow, [job for job, _ in batch])
                if len(results) != len(batch):
                    raise RuntimeError("a group commit's work returned the wrong number of results")
                await uow.commit()
            self.batches += 1
        # Whatever the work raised (it is the callers' code: a database error, a bug) is
        # not handled here but passed on: each job is retried alone, and the one that
        # still fails gets the exception re-raised in its own caller by waiter.result().
        except Exception as error:  # noqa: BLE001 - passed on to the caller, not swallowed
            if len(batch) > 1:
                for item in batch:  # on their own, only the job that fails fails
                    await self._run([item])
                return
            if not batch[0][1].done():
                batch[0][1].set_exception(error)
            return
        except BaseException:  # cancelled: leave no caller waiting forever
            for _, waiter in batch:
                waiter.cancel()
            raise
        for (_, waiter), result in zip(batch, results, strict=True):
            if not waiter.done():
                waiter.set_result(result)
