"""The report desk's batch reads as plain Core (storage/reads.py): many runners' logs
and open sessions in one query each, the same rows the ORM gave, no write gate, and a
transaction's own pending changes seen."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from library.pain_check import PainCheck
from library.training import ExerciseResult, Leg, SessionStatus
from storage import Database
from storage.models import ReportRow, UserRow
from storage.reads import read
from storage.training import NewReport
from tests.helpers import bare_runners

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
DAY = date(2026, 3, 2)


async def _runners(database: Database, *telegram_ids: int) -> list[int]:
    return await bare_runners(database, *telegram_ids, now=NOW)


async def test_many_logs_in_one_read_each_oldest_first_with_sets_and_checks(
    database: Database,
) -> None:
    first, second, third = await _runners(database, 501, 502, 503)
    async with database.unit_of_work() as uow:
        session = await uow.training.open_session(
            first, kind="warmup", day=DAY, exercise_ids=("humps", "rxx"), now=NOW
        )
        await uow.training.set_pain_check(first, session.id, PainCheck.MILD, Leg.LEFT)
        await uow.training.add_reports(
            [
                NewReport(first, None, "rxx", date(2026, 2, 27), {Leg.LEFT: (6, 5)}, False),
                NewReport(second, None, "hops", date(2026, 2, 28), {Leg.BOTH: (20,)}, True),
                NewReport(
                    first,
                    session.id,
                    "humps",
                    DAY,
                    {Leg.LEFT: (9, 8, 7), Leg.RIGHT: (10, 10)},
                    False,
                ),
            ],
            now=NOW,
        )
        await uow.commit()
    async with database.unit_of_work() as uow:
        logs = await uow.training.histories([first, second, third])
    assert logs == {
        first: [
            ExerciseResult(date(2026, 2, 27), "rxx", {Leg.LEFT: (6, 5)}, False, None, None),
            ExerciseResult(
                DAY,
                "humps",
                {Leg.LEFT: (9, 8, 7), Leg.RIGHT: (10, 10)},
                False,
                session.id,
                PainCheck.MILD,
            ),
        ],
        second: [ExerciseResult(date(2026, 2, 28), "hops", {Leg.BOTH: (20,)}, True, None, None)],
    }
    assert all(type(leg) is Leg for result in logs[first] for leg in result.sets)


async def test_open_sessions_of_many_runners_since_a_time(database: Database) -> None:
    first, second, third = await _runners(database, 511, 512, 513)
    async with database.unit_of_work() as uow:
        old = await uow.training.open_session(
            second, kind="warmup", day=DAY, exercise_ids=("humps",), now=NOW - timedelta(days=2)
        )
        new = await uow.training.open_session(
            first, kind="warmup", day=DAY, exercise_ids=("humps", "rxx"), now=NOW
        )
        closed = await uow.training.open_session(
            third, kind="warmup", day=DAY, exercise_ids=("rxx",), now=NOW
        )
        await uow.training.close_session(third, closed.id, SessionStatus.DONE)
        await uow.commit()
    async with database.unit_of_work() as uow:
        found = await uow.training.current_sessions(
            [first, second, third], since=NOW - timedelta(hours=18)
        )
        runners = await uow.users.get_many([511, 512, 999])
    assert list(found) == [first]
    assert found[first].id == new.id
    assert found[first].exercise_ids == ("humps", "rxx")
    assert old.id not in {s.id for s in found.values()}
    assert sorted(runners) == [511, 512]
    assert runners[512].id == second


@pytest.mark.backends("sqlite")
async def test_a_read_takes_no_write_gate_and_sees_pending_objects(database: Database) -> None:
    gate = database.write_gate
    assert gate is not None
    await _runners(database, 521)
    async with database.unit_of_work() as uow:
        rows = await read(uow.session, select(UserRow.telegram_user_id))
        assert [row.telegram_user_id for row in rows] == [521]
        assert not gate.held
        uow.session.add(
            UserRow(telegram_user_id=522, chat_id=522, name="P", timezone="UTC", created_at=NOW)
        )
        rows = await read(uow.session, select(UserRow.telegram_user_id).order_by(UserRow.id))
        assert [row.telegram_user_id for row in rows] == [521, 522]


async def test_a_read_refuses_a_write(database: Database) -> None:
    async with database.unit_of_work() as uow:
        with pytest.raises(TypeError):
            await read(uow.session, insert(UserRow).values(telegram_user_id=1))  # type: ignore[arg-type]


async def test_a_report_without_sets_comes_with_none_and_sets_keep_their_order(
    database: Database,
) -> None:
    (owner,) = await _runners(database, 531)
    async with database.unit_of_work() as uow:
        await uow.session.execute(
            insert(ReportRow).values(
                user_id=owner, exercise_id="hops", local_date=DAY, pain=False, created_at=NOW
            )
        )
        await uow.training.add_reports(
            [NewReport(owner, None, "rxx", DAY, {Leg.RIGHT: (3, 7, 5), Leg.LEFT: (8,)}, True)],
            now=NOW,
        )
        await uow.commit()
    async with database.unit_of_work() as uow:
        log = await uow.training.history(owner)
    assert log == [
        ExerciseResult(DAY, "hops", {}, False, None, None),
        ExerciseResult(DAY, "rxx", {Leg.LEFT: (8,), Leg.RIGHT: (3, 7, 5)}, True, None, None),
    ]
