"""The throw-away PostgreSQL of the test session: starts, answers, leaves nothing behind."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from tests.helpers import under_ci
from tests.postgres_server import PostgresUnavailableError, ThrowAwayPostgres


def server_or_skip() -> ThrowAwayPostgres:
    try:
        return ThrowAwayPostgres.find()
    except PostgresUnavailableError as error:
        if under_ci():
            raise
        pytest.skip(str(error))


async def test_a_throw_away_server_starts_answers_and_leaves_nothing_behind() -> None:
    server = server_or_skip()
    url = server.start()
    folder, port = server.folder, server.port
    assert folder is not None
    assert port is not None
    try:
        assert url == f"postgresql+asyncpg://postgres@127.0.0.1:{port}/postgres"
        engine = create_async_engine(url, poolclass=NullPool)
        try:
            async with engine.connect() as connection:
                assert await connection.scalar(text("SHOW fsync")) == "off"
                assert await connection.scalar(text("SHOW max_connections")) == "300"
                assert await connection.scalar(text("SELECT 6 * 7")) == 42
        finally:
            await engine.dispose()
    finally:
        server.stop()
    assert not folder.exists()
    with socket.socket() as probe, pytest.raises(ConnectionRefusedError):
        probe.connect(("127.0.0.1", port))
    server.stop()  # a second stop is harmless


def test_without_binaries_it_says_why_and_leaves_no_folder(tmp_path: Path) -> None:
    server = ThrowAwayPostgres(tmp_path / "no-such-bin")
    with pytest.raises(PostgresUnavailableError, match=r"could not run|failed"):
        server.start()
    assert server.folder is None
    assert server.port is None
    with pytest.raises(PostgresUnavailableError, match="not running"):
        _ = server.url
