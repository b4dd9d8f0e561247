"""One-off runs in storage, on SQLite and PostgreSQL: add, list, cancel, replace an
import, many runners at once, only the runner's own, and erased with the runner."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from library.one_off_runs import RunSource
from storage import Database
from tests.helpers import bare_runners

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


async def _runners(database: Database, *telegram_ids: int) -> list[int]:
    return await bare_runners(database, *telegram_ids, now=NOW, zone="Europe/Berlin")


async def test_added_runs_come_back_in_order_from_a_date(database: Database) -> None:
    """Runs are listed earliest first from the given date; earlier ones are left out."""
    [ann] = await _runners(database, 1)
    async with database.unit_of_work() as uow:
        late = await uow.one_off_runs.add(ann, date(2026, 12, 5), time(18, 30), RunSource.CHAT)
        early = await uow.one_off_runs.add(ann, date(2026, 12, 5), time(7, 0), "chat", now=NOW)
        await uow.one_off_runs.add(ann, date(2026, 12, 3), time(7, 0), RunSource.CHAT)
        await uow.commit()
    async with database.unit_of_work() as uow:
        runs = await uow.one_off_runs.upcoming(ann, date(2026, 12, 4))
    assert [(run.id, run.local_date, run.local_time) for run in runs] == [
        (early, date(2026, 12, 5), time(7, 0)),
        (late, date(2026, 12, 5), time(18, 30)),
    ]
    assert {run.source for run in runs} == {RunSource.CHAT}


async def test_cancel_takes_only_the_runners_own_run(database: Database) -> None:
    """A run id of another runner cancels nothing; a second cancel finds nothing."""
    ann, bob = await _runners(database, 1, 2)
    async with database.unit_of_work() as uow:
        run_id = await uow.one_off_runs.add(ann, date(2026, 12, 5), time(7, 0))
        await uow.commit()
    async with database.unit_of_work() as uow:
        assert await uow.one_off_runs.cancel(bob, run_id) is False
        assert await uow.one_off_runs.get(bob, run_id) is None
        assert await uow.one_off_runs.get(ann, run_id) is not None
        assert await uow.one_off_runs.cancel(ann, run_id) is True
        assert await uow.one_off_runs.cancel(ann, run_id) is False
        await uow.commit()
    async with database.unit_of_work() as uow:
        assert await uow.one_off_runs.upcoming(ann, date(2026, 1, 1)) == []


async def test_replace_source_swaps_an_import_and_leaves_chat_runs(database: Database) -> None:
    """A newer calendar import replaces the earlier one; runs added in the chat stay."""
    [ann] = await _runners(database, 1)
    async with database.unit_of_work() as uow:
        await uow.one_off_runs.add(ann, date(2026, 12, 6), time(9, 0), RunSource.CHAT)
        first = [(date(2026, 12, 8), time(6, 30)), (date(2026, 12, 10), time(6, 30))]
        assert await uow.one_off_runs.replace_source(ann, RunSource.CALENDAR, first) == 2
        await uow.commit()
    async with database.unit_of_work() as uow:
        newer = [(date(2026, 12, 15), time(7, 0))]
        assert await uow.one_off_runs.replace_source(ann, "calendar", newer) == 1
        await uow.commit()
    async with database.unit_of_work() as uow:
        runs = await uow.one_off_runs.upcoming(ann, date(2026, 12, 1))
    assert [(run.local_date, run.source) for run in runs] == [
        (date(2026, 12, 6), RunSource.CHAT),
        (date(2026, 12, 15), RunSource.CALENDAR),
    ]


async def test_upcoming_of_many_runners_in_one_call(database: Database) -> None:
    """Each runner gets their own runs; runners without any are left out."""
    ann, bob, cat = await _runners(database, 1, 2, 3)
    async with database.unit_of_work() as uow:
        await uow.one_off_runs.add(ann, date(2026, 12, 5), time(7, 0))
        await uow.one_off_runs.add(bob, date(2026, 12, 6), time(8, 0))
        await uow.one_off_runs.add(bob, date(2026, 12, 5), time(8, 0))
        await uow.commit()
    async with database.unit_of_work() as uow:
        runs = await uow.one_off_runs.upcoming_of([ann, bob, cat], date(2026, 12, 4))
        assert await uow.one_off_runs.upcoming_of([], date(2026, 12, 4)) == {}
    assert set(runs) == {ann, bob}
    assert [run.local_date for run in runs[bob]] == [date(2026, 12, 5), date(2026, 12, 6)]


async def test_erasing_a_runner_erases_their_runs_only(database: Database) -> None:
    """/delete's erase takes the runner's one-off runs; the other runner keeps theirs."""
    ann, bob = await _runners(database, 1, 2)
    async with database.unit_of_work() as uow:
        await uow.one_off_runs.add(ann, date(2026, 12, 5), time(7, 0))
        await uow.one_off_runs.add(bob, date(2026, 12, 5), time(7, 0))
        await uow.commit()
    async with database.unit_of_work() as uow:
        assert await uow.users.erase(ann) >= 2  # the run and the runner at least
        await uow.commit()
    async with database.unit_of_work() as uow:
        assert await uow.one_off_runs.upcoming(ann, date(2026, 1, 1)) == []
        assert len(await uow.one_off_runs.upcoming(bob, date(2026, 1, 1))) == 1
