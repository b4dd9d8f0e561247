"""Deliveries on a real SQLite file and a real PostgreSQL database: planning, claims,
leases, chaining and the unique run."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import create_mock_engine, select, text
from sqlalchemy.exc import IntegrityError

from library.deliveries import DeliveryKind, DeliveryStatus, Finished, Outcome
from library.profiles import PauseReason
from storage import Database
from storage.deliveries import claim_statement
from storage.models import DeliveryRow
from tests.helpers import LEASE, MONDAY_0600, WARMUPS, register_runner


async def claim(database: Database, now: datetime, owner: str = "a", limit: int = 100) -> list[int]:
    async with database.unit_of_work() as uow:
        claimed = await uow.deliveries.claim(now, limit=limit, lease=LEASE, owner=owner)
        await uow.commit()
    return [delivery.user_id for delivery, _ in claimed]


async def test_reschedule_plans_the_next_run(database: Database) -> None:
    """A runner with a schedule has exactly one pending warm-up, due lead minutes before."""
    user = await register_runner(database, 1)
    async with database.unit_of_work() as uow:
        pending = await uow.deliveries.next_pending(user)
    assert pending is not None
    assert pending.local_date == date(2026, 11, 23)
    assert pending.next_due_utc == datetime(2026, 11, 23, 6, 45, tzinfo=UTC)
    assert pending.deadline_utc == datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
    assert pending.kind is DeliveryKind.WARMUP


async def test_changing_settings_replaces_the_pending_row(database: Database) -> None:
    """A new time moves the one pending warm-up; pausing removes it; resuming brings it back."""
    user = await register_runner(database, 1)
    async with database.unit_of_work() as uow:
        await uow.users.update_settings(user, run_time=time(18, 30))
        await uow.deliveries.reschedule(user, MONDAY_0600)
        rows = await uow.deliveries.for_user(user, WARMUPS)
        assert [r.next_due_utc for r in rows] == [datetime(2026, 11, 23, 18, 15, tzinfo=UTC)]
        await uow.users.update_settings(user, paused=PauseReason.USER)
        assert await uow.deliveries.reschedule(user, MONDAY_0600) is None
        assert await uow.deliveries.for_user(user, WARMUPS) == []
        await uow.users.update_settings(user, paused=None)
        assert await uow.deliveries.reschedule(user, MONDAY_0600) is not None
        assert len(await uow.deliveries.for_user(user, WARMUPS)) == 1


async def test_claim_takes_only_due_rows_once(database: Database) -> None:
    """Before the due time nothing is claimed; at it, the row is claimed once."""
    user = await register_runner(database, 1)
    assert await claim(database, datetime(2026, 11, 23, 6, 44, tzinfo=UTC)) == []
    due = datetime(2026, 11, 23, 6, 45, tzinfo=UTC)
    assert await claim(database, due) == [user]
    assert await claim(database, due) == []
    assert await claim(database, due + LEASE - timedelta(seconds=1)) == []


async def test_an_expired_lease_makes_the_row_claimable_again(database: Database) -> None:
    """An instance that died after claiming loses the row when its lease ends."""
    user = await register_runner(database, 1)
    due = datetime(2026, 11, 23, 6, 45, tzinfo=UTC)
    assert await claim(database, due, owner="dead") == [user]
    assert await claim(database, due + LEASE, owner="alive") == [user]
    async with database.unit_of_work() as uow:
        (row,) = await uow.deliveries.for_user(user, WARMUPS)
    assert row.attempts == 2
    assert row.status is DeliveryStatus.CLAIMED


async def test_concurrent_claimers_never_share_a_row(database_url: str, database: Database) -> None:
    """Two engines (as two processes would) claim a 300-row wave: disjoint and complete."""
    for telegram_id in range(1, 301):
        await register_runner(database, telegram_id)
    other = Database(database_url)
    try:
        due = datetime(2026, 11, 23, 6, 45, tzinfo=UTC)

        async def drain(db: Database, owner: str) -> list[int]:
            taken: list[int] = []
            while batch := await claim(db, due, owner=owner, limit=7):
                taken += batch
                await asyncio.sleep(0)  # one turn of the loop: the two claimers alternate
            return taken

        first, second = await asyncio.gather(drain(database, "a"), drain(other, "b"))
    finally:
        await other.dispose()
    assert set(first).isdisjoint(second)
    assert sorted(first + second) == sorted(set(first + second))
    assert len(first) + len(second) == 300


@pytest.mark.backends("postgresql")
async def test_a_claim_skips_the_rows_an_open_claim_holds(
    database_url: str, database: Database
) -> None:
    """While one instance's claim is still uncommitted, a second instance's claim takes
    the other due rows without waiting for it: the two hold disjoint rows."""
    for telegram_id in range(1, 11):
        await register_runner(database, telegram_id)
    other = Database(database_url)
    due = datetime(2026, 11, 23, 6, 45, tzinfo=UTC)
    try:
        async with database.unit_of_work() as first:
            held = await first.deliveries.claim(due, limit=4, lease=LEASE, owner="a")
            async with other.unit_of_work() as second:
                # Waiting for the held rows (no SKIP LOCKED) would fail here, not hang.
                await second.session.execute(text("SET LOCAL lock_timeout = '10s'"))
                taken = await second.deliveries.claim(due, limit=100, lease=LEASE, owner="b")
                await second.commit()
            await first.commit()
    finally:
        await other.dispose()
    held_ids = {delivery.user_id for delivery, _ in held}
    taken_ids = {delivery.user_id for delivery, _ in taken}
    assert len(held_ids) == 4
    assert len(taken_ids) == 6
    assert held_ids.isdisjoint(taken_ids)


async def test_a_finished_delivery_names_the_instance_that_sent_it(database: Database) -> None:
    """claimed_by is kept when a delivery is finished, so each sent warm-up shows which
    process sent it; a handed-back one is nobody's."""
    sent_user, retried_user = await register_runner(database, 1), await register_runner(database, 2)
    due = datetime(2026, 11, 23, 6, 45, tzinfo=UTC)
    async with database.unit_of_work() as uow:
        pairs = await uow.deliveries.claim(due, limit=10, lease=LEASE, owner="p1")
        claimed = {delivery.user_id: delivery for delivery, _ in pairs}
        await uow.deliveries.finish(Finished(claimed[sent_user], Outcome.SENT, 3), due)
        await uow.deliveries.release(claimed[retried_user], due + timedelta(seconds=30), due)
        await uow.commit()
        rows = await uow.session.execute(
            select(DeliveryRow.user_id, DeliveryRow.status, DeliveryRow.claimed_by).where(
                DeliveryRow.local_date == date(2026, 11, 23),
                DeliveryRow.kind == DeliveryKind.WARMUP.value,
            )
        )
    assert sorted(tuple(row) for row in rows) == [
        (sent_user, "sent", "p1"),
        (retried_user, "pending", None),
    ]


async def test_finish_records_and_plans_the_next_run(database: Database) -> None:
    """A sent warm-up is recorded and the next day's is pending, in one step."""
    user = await register_runner(database, 1)
    due = datetime(2026, 11, 23, 6, 45, tzinfo=UTC)
    async with database.unit_of_work() as uow:
        ((delivery, _),) = await uow.deliveries.claim(due, limit=10, lease=LEASE, owner="a")
        following = await uow.deliveries.finish(Finished(delivery, Outcome.SENT, 9), due)
        await uow.commit()
    assert following is not None
    assert following.local_date == date(2026, 11, 24)
    async with database.unit_of_work() as uow:
        rows = await uow.deliveries.for_user(user, WARMUPS)
    assert [(r.local_date.day, r.status) for r in rows] == [
        (23, DeliveryStatus.SENT),
        (24, DeliveryStatus.PENDING),
    ]


async def test_runs_that_passed_while_down_are_recorded_missed(database: Database) -> None:
    """Down from Monday to Thursday 06:50: Monday's is missed (run started), Tue and Wed
    are recorded missed, and Thursday's (run at 07:00, not started) is still due now."""
    user = await register_runner(database, 1)
    thursday = datetime(2026, 11, 26, 6, 50, tzinfo=UTC)
    async with database.unit_of_work() as uow:
        ((delivery, _),) = await uow.deliveries.claim(thursday, limit=10, lease=LEASE, owner="a")
        assert delivery.too_late(thursday)
        await uow.deliveries.finish(Finished(delivery, Outcome.MISSED), thursday)
        await uow.commit()
    async with database.unit_of_work() as uow:
        rows = await uow.deliveries.for_user(user, WARMUPS)
    assert [(r.local_date.day, r.status) for r in rows] == [
        (23, DeliveryStatus.MISSED),
        (24, DeliveryStatus.MISSED),
        (25, DeliveryStatus.MISSED),
        (26, DeliveryStatus.PENDING),
    ]
    assert await claim(database, thursday) == [user]


async def test_one_row_per_runner_date_and_kind(database: Database) -> None:
    """The database itself refuses a second warm-up for the same run."""
    user = await register_runner(database, 1)
    async with database.unit_of_work() as uow:
        uow.session.add(
            DeliveryRow(
                user_id=user,
                local_date=date(2026, 11, 23),
                kind=DeliveryKind.WARMUP.value,
                status=DeliveryStatus.PENDING.value,
                deadline_utc=MONDAY_0600,
                next_due_utc=MONDAY_0600,
                attempts=0,
                updated_at=MONDAY_0600,
            )
        )
        with pytest.raises(IntegrityError):
            await uow.session.flush()


async def test_skip_marks_the_next_and_plans_the_one_after(database: Database) -> None:
    """/skip: Monday's run is skipped, Tuesday's becomes the pending one."""
    user = await register_runner(database, 1)
    async with database.unit_of_work() as uow:
        skipped = await uow.deliveries.skip_next(user, MONDAY_0600)
        await uow.commit()
    assert skipped is not None
    assert skipped[0].local_date == date(2026, 11, 23)
    assert skipped[1] is not None
    assert skipped[1].local_date == date(2026, 11, 24)
    async with database.unit_of_work() as uow:
        statuses = [
            (r.local_date.day, r.status) for r in await uow.deliveries.for_user(user, WARMUPS)
        ]
    assert statuses == [(23, DeliveryStatus.SKIPPED), (24, DeliveryStatus.PENDING)]


async def test_snoozing_twice_moves_one_repeat(database: Database) -> None:
    """A snooze is one extra row per run date, missed when the run starts; snoozing
    again moves it; a snooze that would come back after the run starts stores nothing."""
    user = await register_runner(database, 1)
    day = date(2026, 11, 23)
    run_start = MONDAY_0600 + timedelta(hours=1)
    async with database.unit_of_work() as uow:
        first = await uow.deliveries.snooze(
            user, local_date=day, session_id=None, now=MONDAY_0600, run_start=run_start
        )
        later = MONDAY_0600 + timedelta(minutes=12)
        second = await uow.deliveries.snooze(
            user, local_date=day, session_id=None, now=later, run_start=run_start
        )
        too_late = run_start - timedelta(minutes=8)
        refused = await uow.deliveries.snooze(
            user, local_date=day, session_id=None, now=too_late, run_start=run_start
        )
        await uow.commit()
    assert first is not None
    assert second is not None
    assert refused is None
    assert first.id == second.id
    async with database.unit_of_work() as uow:
        pending = await uow.deliveries.next_pending(user, DeliveryKind.SNOOZE)
    assert pending is not None
    assert pending.next_due_utc == later + timedelta(minutes=10)
    assert pending.deadline_utc == run_start
    assert not pending.too_late(pending.next_due_utc)
    assert pending.too_late(run_start)


async def test_the_run_start_of_a_session_is_its_warmups_deadline(database: Database) -> None:
    """run_start_of reads the start of the run whose warm-up opened the session; a
    session no scheduled warm-up opened has none."""
    user = await register_runner(database, 1)
    async with database.unit_of_work() as uow:
        warmup = await uow.deliveries.next_pending(user)
        assert warmup is not None
        opened, other = await uow.training.open_sessions(
            [(user, "warmup", warmup.local_date, ()), (user, "warmup", warmup.local_date, ())],
            now=MONDAY_0600,
        )
        await uow.deliveries.attach_sessions([(warmup.id, opened)])
        await uow.commit()
    async with database.unit_of_work() as uow:
        assert await uow.deliveries.run_start_of(user, opened) == warmup.deadline_utc
        assert await uow.deliveries.run_start_of(user, other) is None
        assert await uow.deliveries.run_start_of(user + 1, opened) is None
    assert warmup.deadline_utc == datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


def test_claim_skips_locked_rows_on_postgresql() -> None:
    """On PostgreSQL the claim's inner SELECT is FOR UPDATE SKIP LOCKED; SQLite has no
    row locks and relies on the statement holding its single write lock."""
    statement = claim_statement(MONDAY_0600, limit=10, lease=LEASE, owner="a")
    postgresql = create_mock_engine("postgresql+asyncpg://", executor=print).dialect
    sqlite = create_mock_engine("sqlite+aiosqlite://", executor=print).dialect
    assert "FOR UPDATE SKIP LOCKED" in str(statement.compile(dialect=postgresql))
    rendered = str(statement.compile(dialect=sqlite))
    assert "FOR UPDATE" not in rendered
    assert "RETURNING" in rendered
