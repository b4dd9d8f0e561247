"""Shared fixtures: a migrated database, the Bot API stand-in and the running bot against it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.application import build_application, load_catalog, running
from bot.settings import Settings
from bot.standin import BotApiStandIn, StandInUser
from handlers.context import CoachApplication
from library.exercises import ExerciseCatalog
from storage import Database

TEST_TOKEN = "4242:test-token-for-the-stand-in"


class ManualClock:
    """A clock the test moves by hand; handlers read it through Services.clock."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        database_url=database_url,
        default_timezone="Europe/London",
        log_level="INFO",
        telegram_bot_token=None,
        # The longest tick: no wave starts by itself during a test unless it asks for one.
        delivery_interval_seconds=60,
    )


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    await database.migrate()
    yield database
    await database.dispose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 23, 6, 30, tzinfo=UTC))


@pytest.fixture
async def standin() -> AsyncIterator[BotApiStandIn]:
    async with BotApiStandIn(token=TEST_TOKEN) as api:
        yield api


@pytest.fixture
async def coach(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock
) -> AsyncIterator[CoachApplication]:
    application = build_application(
        settings, token=TEST_TOKEN, base_url=standin.base_url, clock=clock
    )
    async with running(application):
        yield application


@pytest.fixture
def alice() -> StandInUser:
    return StandInUser(id=5001, first_name="Alice", last_name="Runner", username="alice_runs")


@pytest.fixture
def bob() -> StandInUser:
    return StandInUser(id=5002, first_name="Bob")


@pytest.fixture(scope="session")
def catalog() -> ExerciseCatalog:
    return load_catalog()
