"""Migration 0008 on data, on SQLite and PostgreSQL: schedules written as run days and one
run time move to a time per day without loss, their deliveries stay, and the downgrade
keeps the days with the earliest time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from alembic import command
from sqlalchemy import Connection, text

from library.schedule import encode_week
from storage import Database
from storage.database import alembic_config

# Naive UTC: written as plain SQL parameters, as the columns store them.
NOW = datetime(2026, 12, 1, 7, 0, tzinfo=UTC).replace(tzinfo=None)
BEFORE, AFTER = "0007_one_off_runs", "0008_run_times"

# (user id, run_days mask, run_time) as revision 0007 stored them.
OLD_SCHEDULES = (
    (1, 0b0010101, "07:00"),  # Mon Wed Fri at 07:00
    (2, 0b1111111, "18:30"),  # every day
    (3, 0b0001010, None),  # Tue Thu chosen, the time question still open
    (4, 0, None),  # never set up
    (5, 0b1000000, "00:10"),  # Sunday just after midnight
)


async def _seed_at_0007(database: Database) -> None:
    await database.migrate(BEFORE)
    async with database.engine.begin() as connection:
        for user_id, days, at in OLD_SCHEDULES:
            await connection.execute(
                text(
                    "INSERT INTO users (id, telegram_user_id, chat_id, name, timezone, "
                    "created_at, run_days, run_time) "
                    "VALUES (:id, :tg, :chat, 'Old', 'Europe/London', :now, :days, :at)"
                ),
                {"id": user_id, "tg": user_id, "chat": user_id, "now": NOW, "days": days, "at": at},
            )
        await connection.execute(
            text(
                "INSERT INTO deliveries (user_id, local_date, kind, status, deadline_utc, "
                "next_due_utc, attempts, updated_at) "
                "VALUES (1, :day, 'warmup', 'pending', :run, :due, 0, :now)"
            ),
            {
                "day": date(2026, 12, 2),
                "run": datetime(2026, 12, 2, 7, 0, tzinfo=UTC).replace(tzinfo=None),
                "due": datetime(2026, 12, 2, 6, 45, tzinfo=UTC).replace(tzinfo=None),
                "now": NOW,
            },
        )


async def test_old_schedules_move_to_a_time_per_day_without_loss(database_url: str) -> None:
    database = Database(database_url)
    try:
        await _seed_at_0007(database)
        await database.migrate(AFTER)
        async with database.engine.connect() as connection:
            rows = await connection.execute(text("SELECT id, run_times FROM users"))
            stored = {row[0]: row[1] for row in rows}
        assert stored == {
            1: "0=07:00,2=07:00,4=07:00",
            2: ",".join(f"{day}=18:30" for day in range(7)),
            3: "1,3",
            4: "",
            5: "6=00:10",
        }
        await database.migrate()  # the models read the newest schema (0009: deliveries.run_key)
        async with database.unit_of_work() as uow:
            monday = await uow.users.by_id(1)
            half_set = await uow.users.by_id(3)
            never = await uow.users.by_id(4)
            [kept] = await uow.deliveries.for_user(1)
        assert monday is not None
        assert monday.schedule is not None
        assert monday.schedule.times == dict.fromkeys((0, 2, 4), time(7, 0))
        assert half_set is not None
        assert half_set.schedule is None
        assert half_set.run_days == frozenset({1, 3})
        assert never is not None
        assert never.run_days == frozenset()
        assert kept.next_due_utc == datetime(2026, 12, 2, 6, 45, tzinfo=UTC)
    finally:
        await database.dispose()


def _downgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, BEFORE)


async def test_the_downgrade_keeps_the_days_and_the_earliest_time(database_url: str) -> None:
    database = Database(database_url)
    try:
        await _seed_at_0007(database)
        await database.migrate(AFTER)
        async with database.engine.begin() as connection:
            # Written as SQL: the models read the newest schema, not 0008's.
            week = encode_week({1, 5}, {1: time(6, 30), 5: time(8, 0)})
            await connection.execute(
                text("UPDATE users SET run_times = :week WHERE id = 2"), {"week": week}
            )
            await connection.run_sync(_downgrade)
        async with database.engine.connect() as connection:
            rows = await connection.execute(text("SELECT id, run_days, run_time FROM users"))
            stored = {row[0]: (row[1], row[2]) for row in rows}
        assert stored == {
            1: (0b0010101, "07:00"),
            2: (0b0100010, "06:30"),  # Tue 06:30 and Sat 08:00: the earliest stays
            3: (0b0001010, None),
            4: (0, None),
            5: (0b1000000, "00:10"),
        }
        assert await database.current_revision() == BEFORE
    finally:
        await database.dispose()
