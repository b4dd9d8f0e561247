"""Migration 0009 on data, on SQLite and PostgreSQL: deliveries move from one warm-up per
day to one per run without loss (every row kept, with the weekly key ""), a second run
the same day then has room for its own warm-up while the same run still cannot get two,
and the downgrade goes back to one warm-up per day, keeping the weekly run's."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from storage import Database
from storage.database import alembic_config

# Naive UTC: written as plain SQL parameters, as the columns store them.
NOW = datetime(2026, 12, 1, 7, 0, tzinfo=UTC).replace(tzinfo=None)
BEFORE, AFTER = "0008_run_times", "0009_delivery_per_run"
DAY = date(2026, 12, 2)

# (id, user id, local date, kind, status, deadline hour UTC) as revision 0008 stored them.
OLD_DELIVERIES = (
    (1, 1, DAY, "warmup", "pending", 7),
    (2, 1, date(2026, 11, 30), "warmup", "sent", 7),
    (3, 1, date(2026, 11, 29), "summary", "sent", 18),
    (4, 2, DAY, "warmup", "missed", 18),
    (5, 2, DAY, "snooze", "pending", 19),
)
INSERT = (
    "INSERT INTO deliveries (id, user_id, local_date, kind, status, deadline_utc, "
    "next_due_utc, attempts, updated_at{key}) "
    "VALUES (:id, :user, :day, :kind, :status, :deadline, :deadline, 0, :now{value})"
)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC).replace(tzinfo=None)


async def _seed_at_0008(database: Database) -> None:
    await database.migrate(BEFORE)
    async with database.engine.begin() as connection:
        for user_id in (1, 2):
            await connection.execute(
                text(
                    "INSERT INTO users (id, telegram_user_id, chat_id, name, timezone, "
                    "created_at, run_times) "
                    "VALUES (:id, :tg, :chat, 'Old', 'Europe/London', :now, '2=07:00')"
                ),
                {"id": user_id, "tg": user_id, "chat": user_id, "now": NOW},
            )
        for row_id, user_id, day, kind, status, hour in OLD_DELIVERIES:
            await connection.execute(
                text(INSERT.format(key="", value="")),
                {
                    "id": row_id,
                    "user": user_id,
                    "day": day,
                    "kind": kind,
                    "status": status,
                    "deadline": _at(day, hour),
                    "now": NOW,
                },
            )


async def _rows(database: Database) -> dict[int, tuple[object, ...]]:
    async with database.engine.connect() as connection:
        result = await connection.execute(
            text("SELECT id, user_id, kind, status, run_key FROM deliveries ORDER BY id")
        )
        return {row[0]: tuple(row[1:]) for row in result}


async def _add_warmup(database: Database, row_id: int, key: str, hour: int) -> None:
    async with database.engine.begin() as connection:
        await connection.execute(
            text(INSERT.format(key=", run_key", value=", :key")),
            {
                "id": row_id,
                "user": 1,
                "day": DAY,
                "kind": "warmup",
                "status": "pending",
                "deadline": _at(DAY, hour),
                "now": NOW,
                "key": key,
            },
        )


async def test_every_delivery_is_kept_and_a_day_takes_a_second_run(database_url: str) -> None:
    database = Database(database_url)
    try:
        await _seed_at_0008(database)
        assert await database.migrate(AFTER) == AFTER
        assert await _rows(database) == {
            1: (1, "warmup", "pending", ""),
            2: (1, "warmup", "sent", ""),
            3: (1, "summary", "sent", ""),
            4: (2, "warmup", "missed", ""),
            5: (2, "snooze", "pending", ""),
        }
        await _add_warmup(database, 6, "18:00", 18)  # a one-off the same day: its own row
        assert (await _rows(database))[6] == (1, "warmup", "pending", "18:00")
        with pytest.raises(IntegrityError):  # the same run twice: refused
            await _add_warmup(database, 7, "18:00", 18)
        with pytest.raises(IntegrityError):  # the weekly run of that day twice: refused
            await _add_warmup(database, 8, "", 7)
        assert sorted(await _rows(database)) == [1, 2, 3, 4, 5, 6]
    finally:
        await database.dispose()


def _downgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, BEFORE)


async def test_the_downgrade_keeps_one_warm_up_a_day_the_weekly_runs(database_url: str) -> None:
    database = Database(database_url)
    try:
        await _seed_at_0008(database)
        await database.migrate(AFTER)
        await _add_warmup(database, 6, "18:00", 18)
        async with database.engine.begin() as connection:
            await connection.run_sync(_downgrade)
        assert await database.current_revision() == BEFORE
        async with database.engine.connect() as connection:
            result = await connection.execute(text("SELECT id FROM deliveries ORDER BY id"))
            kept = [row[0] for row in result]
        assert kept == [1, 2, 3, 4, 5]  # the one-off's row goes, the weekly run's stays
        async with database.engine.connect() as connection:
            users = await connection.execute(text("SELECT count(*) FROM users"))
            assert users.scalar_one() == 2  # no copy of users, no cascade
    finally:
        await database.dispose()
