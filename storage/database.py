"""The database handle: engine set-up (SQLite WAL + busy timeout), sessions and migrations.

SQLite (aiosqlite) and PostgreSQL (asyncpg) are both supported; the URL decides.
Alembic is imported only when the schema has to change: a database already at the
newest revision (every start but the first after an upgrade) is recognised with one
query and the revision ids read from the migration files (:func:`newest_revision`).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    async_sessionmaker,
    create_async_engine,
)

from storage.unit_of_work import GatedSession, UnitOfWork, WriteGate

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
# Alembic's table of the revision a database is at (its default name, in the default schema).
VERSION_TABLE = "alembic_version"
# `revision: str = "0001_users"` and `down_revision: str | None = None` in a revision file.
_REVISION = re.compile(r"""^revision\b[^=\n]*=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN_REVISION = re.compile(
    r"""^down_revision\b[^=\n]*=\s*(?:None|["']([^"']+)["'])\s*$""", re.MULTILINE
)
SQLITE_BUSY_TIMEOUT_MS = 15_000
# The key of the PostgreSQL advisory lock held while migrating (any constant of our own).
MIGRATION_LOCK_KEY = 0x636F616368  # "coach"


def redact_url(url: str) -> str:
    """The URL with any password hidden, safe to log."""
    return make_url(url).render_as_string(hide_password=True)


def alembic_config() -> Config:
    """Alembic's configuration, built in code so no alembic.ini has to be found at run time."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest migration's revision id, as Alembic finds it."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


@cache
def newest_revision() -> str | None:
    """The newest migration's revision id, read from the revision files without Alembic:
    the one revision no other revision names as its ``down_revision``. None when the files
    do not show exactly one (a merge, a branch, a file this reading does not understand):
    then Alembic decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted(VERSIONS_DIR.glob("*.py")):
        source = path.read_text("utf-8")
        revision = _REVISION.findall(source)
        down = _DOWN_REVISION.findall(source)
        if len(revision) != 1 or len(down) != 1:
            return None
        revisions.add(revision[0])
        if down[0]:
            parents.add(down[0])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


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
    from alembic import command

    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _stored_revisions(connection: Connection) -> list[str]:
    """The revisions in Alembic's version table, in plain SQL; none without the table
    (a fresh database)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return []
    rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
    return [str(row[0]) for row in rows]


def _current_revision(connection: Connection) -> str | None:
    stored = _stored_revisions(connection)
    if len(stored) <= 1:
        return stored[0] if stored else None
    from alembic.runtime.migration import MigrationContext  # several heads: Alembic's error

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
        """Bring the schema to ``revision`` (default: the newest); returns the revision reached.

        A database already at the newest revision is left as it is after one read, with no
        lock and without importing Alembic; any other goes through Alembic's upgrade under
        the migration lock, which reads the revision again (another process may have
        migrated meanwhile)."""
        if revision == "head":
            newest = newest_revision()
            if newest is not None and await self.current_revision() == newest:
                return newest
        async with self.engine.begin() as connection:
            await migrate_on(connection, revision)
        return await self.current_revision()

    async def current_revision(self) -> str | None:
        async with self.engine.connect() as connection:
            return await connection.run_sync(_current_revision)

    async def dispose(self) -> None:
        await self.engine.dispose()
