"""A quick start: what the bot leaves unimported until it needs it.

Each check runs in a fresh interpreter (a subprocess), where ``sys.modules`` shows what
an import or a step really loaded. How fast the start is, is the benchmark's to show
(benchmarks/bench_startup.py); nothing here is timed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from storage import Database
from storage.database import alembic_config, head_revision, newest_revision
from storage.models import Base

ROOT = Path(__file__).parents[1]
# Migrates the database at argv[1] to head; prints the revision reached and whether
# Alembic was imported on the way.
MIGRATE = """
import asyncio, sys
from storage import Database

async def main(url):
    database = Database(url)
    try:
        revision = await database.migrate()
    finally:
        await database.dispose()
    print(revision, "alembic" in sys.modules)

asyncio.run(main(sys.argv[1]))
"""


def python(script: str, *arguments: str) -> str:
    """``script`` run by a fresh interpreter in the checkout; its output."""
    result = subprocess.run(
        [sys.executable, "-c", script, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


async def schema_differences(database: Database) -> list[object]:
    """How the database's schema differs from the models (nothing, when at head)."""

    def differences(connection: Connection) -> list[object]:
        return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))

    async with database.engine.connect() as connection:
        return await connection.run_sync(differences)


def test_the_newest_revision_read_from_the_files_is_alembics_head() -> None:
    """The revision id found without Alembic is the head Alembic finds."""
    assert newest_revision() == head_revision()


def test_the_storage_package_imports_without_alembic() -> None:
    assert python("import sys, storage; print('alembic' in sys.modules)") == "False"


async def test_a_database_at_head_is_checked_without_importing_alembic(database_url: str) -> None:
    """A fresh database is migrated by Alembic; at the next start the database is found at
    head and Alembic is never imported."""
    head = head_revision()
    assert python(MIGRATE, database_url) == f"{head} True"
    assert python(MIGRATE, database_url) == f"{head} False"
    database = Database(database_url)
    try:
        assert await database.current_revision() == head
        assert await schema_differences(database) == []
    finally:
        await database.dispose()


async def test_an_older_database_is_still_upgraded(database_url: str) -> None:
    """A database one revision behind is upgraded by Alembic to head, as before."""
    head = head_revision()
    script = ScriptDirectory.from_config(alembic_config()).get_revision(head)
    assert script is not None
    previous = script.down_revision
    assert isinstance(previous, str)
    database = Database(database_url)
    try:
        assert await database.migrate(previous) == previous
        assert python(MIGRATE, database_url) == f"{head} True"
        assert await database.current_revision() == head
        assert await schema_differences(database) == []
        assert await database.migrate() == head  # in this process too: nothing to do
    finally:
        await database.dispose()
