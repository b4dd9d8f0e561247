"""Storage on a real SQLite file and a real PostgreSQL database: migrations, WAL, the unit
of work and the user repository."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, event, text

from library.training import Leg
from storage import Database
from storage.database import head_revision, migrate_on
from storage.models import Base
from storage.training import NewReport
from tests.helpers import eventually

NOW = datetime(2026, 11, 21, 7, 0, tzinfo=UTC)


async def register(database: Database, user_id: int, name: str = "Ann") -> None:
    async with database.unit_of_work() as uow:
        await uow.users.register(
            telegram_user_id=user_id,
            chat_id=user_id,
            name=name,
            default_timezone="Europe/Paris",
            now=NOW,
        )
        await uow.commit()


async def test_migrations_create_the_schema_the_models_describe(database: Database) -> None:
    """After `migrate`, the database matches the models exactly (no missing migration)."""

    def differences(connection: Connection) -> list[object]:
        return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))

    async with database.engine.connect() as connection:
        diff = await connection.run_sync(differences)
    assert diff == []
    assert await database.current_revision() == head_revision()


async def test_migrate_twice_is_harmless(database: Database) -> None:
    """Running migrations on an up-to-date database changes nothing and keeps the data."""
    await register(database, 1)
    assert await database.migrate() == head_revision()
    async with database.unit_of_work() as uow:
        assert await uow.users.count() == 1


@pytest.mark.backends("sqlite")
async def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(database: Database) -> None:
    """Every connection uses WAL and waits for locks instead of failing at once."""
    async with database.engine.connect() as connection:
        mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar_one()
        timeout = (await connection.execute(text("PRAGMA busy_timeout"))).scalar_one()
    assert mode == "wal"
    assert timeout >= 5000


async def test_unit_of_work_rolls_back_unless_committed(database: Database) -> None:
    """Leaving the block without commit() stores nothing."""
    async with database.unit_of_work() as uow:
        await uow.users.register(
            telegram_user_id=7, chat_id=7, name="Ghost", default_timezone="UTC", now=NOW
        )
    async with database.unit_of_work() as uow:
        assert await uow.users.get(7) is None


async def test_unit_of_work_rolls_back_on_error(database: Database) -> None:
    """An exception inside the block undoes the block's writes."""

    async def fail_half_way() -> None:
        async with database.unit_of_work() as uow:
            await uow.users.register(
                telegram_user_id=8, chat_id=8, name="Half", default_timezone="UTC", now=NOW
            )
            raise RuntimeError("failed half-way")

    with pytest.raises(RuntimeError, match="half-way"):
        await fail_half_way()
    async with database.unit_of_work() as uow:
        assert await uow.users.get(8) is None


async def test_register_creates_then_refreshes(database: Database) -> None:
    """A second /start updates name and chat but keeps time zone and creation time."""
    async with database.unit_of_work() as uow:
        first, created = await uow.users.register(
            telegram_user_id=42, chat_id=42, name="Ann", default_timezone="Europe/Paris", now=NOW
        )
        await uow.commit()
    async with database.unit_of_work() as uow:
        second, created_again = await uow.users.register(
            telegram_user_id=42,
            chat_id=99,
            name="Ann B.",
            default_timezone="UTC",
            now=NOW + timedelta(days=3),
        )
        await uow.commit()
    assert created
    assert not created_again
    assert (second.chat_id, second.name) == (99, "Ann B.")
    assert second.timezone == "Europe/Paris"
    assert second.created_at == first.created_at == NOW


async def test_timestamps_come_back_aware_in_utc(database: Database) -> None:
    """A time written with any offset is read back as the same instant, in UTC."""
    plus_five = timezone(timedelta(hours=5))
    async with database.unit_of_work() as uow:
        await uow.users.register(
            telegram_user_id=5,
            chat_id=5,
            name="Tz",
            default_timezone="UTC",
            now=datetime(2026, 3, 1, 12, 0, tzinfo=plus_five),
        )
        await uow.commit()
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(5)
    assert profile is not None
    assert profile.created_at.tzinfo == UTC
    assert profile.created_at == datetime(2026, 3, 1, 7, 0, tzinfo=UTC)


async def test_naive_timestamps_are_refused(database: Database) -> None:
    """Writing a naive datetime is a programming error, caught before it reaches the disk."""
    with pytest.raises(Exception, match="naive datetime"):
        async with database.unit_of_work() as uow:
            await uow.users.register(
                telegram_user_id=6,
                chat_id=6,
                name="Naive",
                default_timezone="UTC",
                now=datetime(2026, 3, 1, 12, 0),  # noqa: DTZ001 - the naive datetime under test
            )


async def test_data_survives_a_new_engine(database_url: str) -> None:
    """Committed rows are on disk: a fresh Database on the same file sees them."""
    first = Database(database_url)
    await first.migrate()
    await register(first, 11, "Persistent")
    await first.dispose()
    second = Database(database_url)
    async with second.unit_of_work() as uow:
        profile = await uow.users.get(11)
    await second.dispose()
    assert profile is not None
    assert profile.name == "Persistent"


async def test_long_names_are_cut_to_fit(database: Database) -> None:
    """A very long Telegram name is stored shortened instead of failing the /start."""
    await register(database, 12, "N" * 500)
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(12)
    assert profile is not None
    assert len(profile.name) == 128


async def test_upgrade_to_weekly_summaries_plans_each_runners_first_one(database_url: str) -> None:
    """Migrating a database from before weekly summaries: Sunday 18:00 local is planned
    for every runner, except one who had blocked the bot."""
    database = Database(database_url)
    try:
        await database.migrate("0003_schedules")
        async with database.engine.begin() as connection:
            for user_id, zone, paused in ((1, "Asia/Tokyo", None), (2, "UTC", "blocked")):
                await connection.execute(
                    text(
                        "INSERT INTO users (id, telegram_user_id, chat_id, name, timezone, "
                        "created_at, paused) VALUES (:id, :tg, :chat, 'Old', :zone, :now, :paused)"
                    ),
                    {
                        # One parameter per column: PostgreSQL types each one once.
                        "id": user_id,
                        "tg": user_id,
                        "chat": user_id,
                        "zone": zone,
                        "now": NOW.replace(tzinfo=None),
                        "paused": paused,
                    },
                )
        await database.migrate()
        async with database.unit_of_work() as uow:
            tokyo = await uow.users.by_id(1)
            assert tokyo is not None
            assert tokyo.summary_day == 6
            [summary] = await uow.deliveries.for_user(1)
            assert await uow.deliveries.for_user(2) == []
        assert summary.kind.value == "summary"
        assert summary.status.value == "pending"
        assert summary.local_date.weekday() == 6
        local = summary.next_due_utc.astimezone(ZoneInfo("Asia/Tokyo"))
        assert (local.hour, local.minute) == (18, 0)
        assert summary.next_due_utc > datetime.now(UTC)
    finally:
        await database.dispose()


async def test_erase_removes_every_row_of_one_runner_only(database: Database) -> None:
    """Sets, reports, sessions, deliveries and the runner go; the other runner stays whole."""
    for telegram_id in (21, 22):
        await register(database, telegram_id)
    async with database.unit_of_work() as uow:
        ids = []
        for telegram_id in (21, 22):
            profile = await uow.users.get(telegram_id)
            assert profile is not None
            ids.append(profile.id)
            session = await uow.training.open_session(
                profile.id,
                kind="warmup",
                day=NOW.date(),
                exercise_ids=("hamstring_humps",),
                now=NOW,
            )
            sets = {Leg.LEFT: (8, 8), Leg.RIGHT: (9, 9)}
            report = NewReport(profile.id, session.id, "hamstring_humps", NOW.date(), sets, False)
            await uow.training.add_reports([report], now=NOW)
            await uow.deliveries.reschedule(profile.id, NOW)
        await uow.commit()
    async with database.unit_of_work() as uow:
        # 4 sets + 1 report + 1 session + 1 summary delivery + the runner
        assert await uow.users.erase(ids[0]) == 8
        await uow.commit()
    async with database.unit_of_work() as uow:
        assert await uow.users.get(21) is None
        assert await uow.training.all_reports(ids[0]) == []
        assert await uow.deliveries.for_user(ids[0]) == []
        kept = await uow.training.all_reports(ids[1])
        assert [report.sets for report in kept] == [{Leg.LEFT: (8, 8), Leg.RIGHT: (9, 9)}]
        assert len(await uow.deliveries.for_user(ids[1])) == 1
        assert await uow.users.count() == 1


async def _wait_for_a_migration_to_queue(other: Database, waiting_on: Database) -> None:
    """Return once ``other`` has asked for the migration lock ``waiting_on`` holds."""
    if not waiting_on.is_sqlite:
        query = text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        async with waiting_on.engine.connect() as watcher:

            async def someone_waits() -> bool:
                return bool((await watcher.execute(query)).scalar_one())

            await eventually(someone_waits, what="the second migration waiting for the lock")
        return
    # SQLite cannot show who waits for its lock: wait until the first statement of the
    # other migration is on its way, then give it a moment to run into the lock (were
    # it not to wait, it would be done or failed by then; if it is slower, the test
    # still passes, it only proves less).
    asked = asyncio.Event()

    def on_execute(*_args: object) -> None:
        asked.set()

    event.listen(other.engine.sync_engine, "before_cursor_execute", on_execute)
    try:
        await asked.wait()
    finally:
        event.remove(other.engine.sync_engine, "before_cursor_execute", on_execute)
    # Kept: no condition says "blocked in SQLite's busy handler"; the 0.3 s is how long
    # the caller's `not late_starter.done()` gives it to finish if it were not.
    await asyncio.sleep(0.3)


async def test_a_second_process_waits_for_the_first_ones_migration(database_url: str) -> None:
    """Two processes starting together on an empty database: while the first is migrating
    (not yet committed) the second waits, then finds the newest revision and changes
    nothing, instead of failing on tables that already exist."""
    first, second = Database(database_url), Database(database_url)
    try:
        async with first.engine.begin() as connection:
            await migrate_on(connection)
            late_starter = asyncio.create_task(second.migrate())
            await _wait_for_a_migration_to_queue(second, first)
            assert not late_starter.done()
        assert await late_starter == head_revision()
        assert await first.current_revision() == head_revision()
    finally:
        await first.dispose()
        await second.dispose()
