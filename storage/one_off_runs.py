"""The one-off run repository: the SQL of single runs outside the weekly schedule.

Rows are added from the chat (``/run``, plain words) or replaced wholesale by a calendar
import (:meth:`OneOffRunRepository.replace_source`). Every query is scoped by the
runner's user id, so an id taken from a button cannot reach another runner's runs.
Which run comes next and when its warm-up is due are the pure rules of
``library/deliveries.py``; this module only reads and writes the rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime, time

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from library.one_off_runs import OneOffRun, RunSource
from storage.models import OneOffRunRow


def _run(row: OneOffRunRow) -> OneOffRun:
    return OneOffRun(
        id=row.id,
        local_date=row.local_date,
        local_time=time.fromisoformat(row.local_time),
        source=RunSource(row.source),
    )


def _clock(local_time: time) -> str:
    return f"{local_time.hour:02d}:{local_time.minute:02d}"


class OneOffRunRepository:
    """One-off runs of one database session; the caller commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._db = session

    async def add(
        self,
        user_id: int,
        local_date: date,
        local_time: time,
        source: RunSource | str = RunSource.CHAT,
        *,
        now: datetime | None = None,
    ) -> int:
        """Add one run at ``local_time`` (minutes kept, seconds dropped) on ``local_date``;
        returns its id."""
        result = await self._db.execute(
            insert(OneOffRunRow)
            .values(
                user_id=user_id,
                local_date=local_date,
                local_time=_clock(local_time),
                source=RunSource(source).value,
                created_at=now or datetime.now(UTC),
            )
            .returning(OneOffRunRow.id)
        )
        return int(result.scalar_one())

    async def replace_source(
        self,
        user_id: int,
        source: RunSource | str,
        runs: Sequence[tuple[date, time]],
        *,
        now: datetime | None = None,
    ) -> int:
        """Delete the runner's runs from ``source`` and add ``runs`` in their place (a
        newer calendar file replaces the earlier import); returns how many were added."""
        source_value = RunSource(source).value
        await self._db.execute(
            delete(OneOffRunRow)
            .where(OneOffRunRow.user_id == user_id, OneOffRunRow.source == source_value)
            .execution_options(synchronize_session=False)
        )
        values = [
            {
                "user_id": user_id,
                "local_date": local_date,
                "local_time": _clock(local_time),
                "source": source_value,
                "created_at": now or datetime.now(UTC),
            }
            for local_date, local_time in sorted(set(runs))
        ]
        if values:
            await self._db.execute(insert(OneOffRunRow), values)
        return len(values)

    async def upcoming(self, user_id: int, from_date: date) -> list[OneOffRun]:
        """The runner's runs on ``from_date`` or later, earliest first."""
        return (await self.upcoming_of([user_id], from_date)).get(user_id, [])

    async def upcoming_of(
        self, user_ids: Collection[int], from_date: date
    ) -> dict[int, list[OneOffRun]]:
        """:meth:`upcoming` of many runners in one query (the dispatcher's batches);
        runners without runs are left out."""
        if not user_ids:
            return {}
        result = await self._db.execute(
            select(OneOffRunRow)
            .where(OneOffRunRow.user_id.in_(sorted(set(user_ids))))
            .where(OneOffRunRow.local_date >= from_date)
            .order_by(OneOffRunRow.local_date, OneOffRunRow.local_time, OneOffRunRow.id)
        )
        runs: dict[int, list[OneOffRun]] = {}
        for row in result.scalars():
            runs.setdefault(row.user_id, []).append(_run(row))
        return runs

    async def get(self, user_id: int, run_id: int) -> OneOffRun | None:
        """The runner's run with this id, if it is theirs."""
        result = await self._db.execute(
            select(OneOffRunRow).where(OneOffRunRow.id == run_id, OneOffRunRow.user_id == user_id)
        )
        row = result.scalar_one_or_none()
        return None if row is None else _run(row)

    async def cancel(self, user_id: int, run_id: int) -> bool:
        """Delete the runner's run with this id; False when there was none (already
        cancelled, or not theirs)."""
        result = await self._db.execute(
            delete(OneOffRunRow)
            .where(OneOffRunRow.id == run_id, OneOffRunRow.user_id == user_id)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    async def cancel_on(
        self, user_id: int, local_date: date, local_time: time | None = None
    ) -> int:
        """Delete the runner's runs on ``local_date`` (only the one at ``local_time``, when
        given); returns how many."""
        query = delete(OneOffRunRow).where(
            OneOffRunRow.user_id == user_id, OneOffRunRow.local_date == local_date
        )
        if local_time is not None:
            query = query.where(OneOffRunRow.local_time == _clock(local_time))
        result = await self._db.execute(query.execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0)

    async def erase(self, user_id: int) -> int:
        """Delete all the runner's runs; returns how many."""
        result = await self._db.execute(
            delete(OneOffRunRow)
            .where(OneOffRunRow.user_id == user_id)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)
