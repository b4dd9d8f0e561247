"""Alembic environment: runs on the connection handed in by storage.Database.migrate().

With no connection handed in (the plain `alembic` command line, used to write new
revisions), it connects to DATABASE_URL or the default SQLite file itself.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from storage.models import Base

DEFAULT_URL = "sqlite+aiosqlite:///./data/coachbot.db"


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_standalone(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


handed_in = context.config.attributes.get("connection")
if handed_in is not None:
    _run(handed_in)
else:
    asyncio.run(_run_standalone(os.environ.get("DATABASE_URL", DEFAULT_URL)))
