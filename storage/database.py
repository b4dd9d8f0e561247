"""The database handle: engine set-up (SQLite WAL + busy timeout), sessions and migrations.

SQLite (aiosqlite) and PostgreSQL (asyncpg) are both supported; the URL decides.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    async_sessionmaker,
    create_async_engine,
)

from storage.unit_of_work import GatedSession, UnitOfWork, WriteGate

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 15_000
# The key of the PostgreSQL advisory lock held while migrating (any constant of our own).
MIGRATION_LOCK_KEY = 0x636F616368  # "coach"


def redact_url(url: str) -> str:
    """The URL with any password hidden, safe to log."""
    return make_url(url).render_as_string(hide_password=True)


def alembic_config() -> Config:
    """Alembic's configuration, built in code so no alembic.ini has to be found at run time."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest migration's revision id."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while one writer commits; the busy timeout makes a second
    # writer wait for the lock instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _upgrade(connection: Connection, config: Config, revision: str) -> None:
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def lock_for_migration(connection: AsyncConnection) -> None:
    """Make ``connection``'s transaction the only one migrating until it ends.

    Processes that start together on a fresh database would otherwise both create the
    tables and one would fail. On PostgreSQL a transaction-level advisory lock makes the
    second wait; on SQLite ``BEGIN IMMEDIATE`` takes the write lock before Alembic reads
    the current revision (the driver would only begin at the first data change, leaving
    the DDL outside any transaction). Either way the second process then finds the
    schema at head and changes nothing.
    """
    if connection.dialect.name == "postgresql":
        await connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
        )
    elif connection.dialect.name == "sqlite":
        await connection.exec_driver_sql("BEGIN IMMEDIATE")


async def migrate_on(connection: AsyncConnection, revision: str = "head") -> None:
    """Lock (see :func:`lock_for_migration`) and upgrade, in ``connection``'s transaction."""
    await lock_for_migration(connection)
    await connection.run_sync(_upgrade, alembic_config(), revision)


class Database:
    """One engine for the whole process; a new :class:`UnitOfWork` per update."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        connect_args: dict[str, Any] = {}
        if self.is_sqlite:
            _prepare_sqlite_file(url)
            connect_args["timeout"] = SQLITE_BUSY_TIMEOUT_MS / 1000
        self.engine: AsyncEngine = create_async_engine(
            url, echo=echo, connect_args=connect_args, pool_pre_ping=not self.is_sqlite
        )
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _on_sqlite_connect)
        self.session_factory = async_sessionmaker(
            self.engine, expire_on_commit=False, class_=GatedSession
        )
        # SQLite: this process's writers take turns (see WriteGate); PostgreSQL locks rows.
        self.write_gate = WriteGate(SQLITE_BUSY_TIMEOUT_MS / 1000) if self.is_sqlite else None

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, self.write_gate)

    async def migrate(self, revision: str = "head") -> str | None:
        """Bring the schema to ``revision`` (default: the newest); returns the revision reached."""
        async with self.engine.begin() as connection:
            await migrate_on(connection, revision)
        return await self.current_revision()

    async def current_revision(self) -> str | None:
        async with self.engine.connect() as connection:
            return await connection.run_sync(_current_revision)

    async def dispose(self) -> None:
        await self.engine.dispose()
