"""What more than one test module needs and is not a fixture: the test token, the hand-moved
clock, waiting on a condition, the Mini App's signed initData, runners set up through the
repositories, the bot started in-process or as a `python -m bot run` process, and reading
back what it sent or stored.

Test modules import these from here, never from ``conftest.py`` or from one another;
``conftest.py`` holds only fixtures and hooks (tests/test_architecture.py checks both).
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import re
import socket
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot.application import build_application
from bot.outcome_journal import read as read_journal
from bot.settings import Settings
from bot.standin import BotApiStandIn, SentMessage, StandInUser
from handlers.context import CoachApplication
from handlers.i18n import _, ngettext, speaking
from library.deliveries import DeliveryKind
from library.init_data import sign_init_data
from library.languages import Language
from library.profiles import RunnerProfile
from storage import Database
from storage.models import DeliveryRow, ReportRow, ReportSetRow, TrainingSessionRow, UserRow

TEST_TOKEN = "4242:test-token-for-the-stand-in"


def signed_init_data(
    user_id: int,
    auth_date: int,
    *,
    first_name: str = "Runner",
    language: str = "en",
    query_id: str | None = None,
    token: str = TEST_TOKEN,
) -> str:
    """A Mini App's initData for ``user_id`` as Telegram signs it (with ``token``)."""
    user = json.dumps({"id": user_id, "first_name": first_name, "language_code": language})
    fields = {"query_id": query_id} if query_id is not None else {}
    return sign_init_data({**fields, "user": user, "auth_date": str(auth_date)}, token)


def tma(data: str) -> dict[str, str]:
    """The header a Mini App's API call carries its initData in."""
    return {"Authorization": f"tma {data}"}


def init_data(
    clock: ManualClock,
    user_id: int,
    first_name: str = "Runner",
    *,
    language: str = "en",
    token: str = TEST_TOKEN,
    age: timedelta = timedelta(minutes=1),
) -> str:
    """initData as Telegram signs it for ``user_id`` (query id ``q<user_id>``), ``age``
    before the bot's clock: by default a minute, as when the runner just opened the app."""
    signed_at = int((clock() - age).timestamp())
    return signed_init_data(
        user_id,
        signed_at,
        first_name=first_name,
        language=language,
        query_id=f"q{user_id}",
        token=token,
    )


def signed_for(user: StandInUser, clock: ManualClock) -> str:
    """:func:`init_data` for a stand-in user, under their first name."""
    return init_data(clock, user.id, user.first_name)


def visible_text(dom: str) -> str:
    """A page's text without tags (and without the script and style it loads)."""
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", dom)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("&amp;", "&")


def type_and_save(field: str, value: str) -> str:
    """A script for the Mini App's page: type ``value`` into the plan's ``field`` and press
    its Save."""
    return (
        f"(() => {{ const form = document.querySelector('form.edit[data-field={field}]');"
        f" form.elements.value.value = {json.dumps(value)};"
        " form.querySelector('button').click(); })()"
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


POSTGRES_URL_VARIABLE = "TEST_DATABASE_URL_POSTGRES"

WARMUPS = (DeliveryKind.WARMUP, DeliveryKind.SNOOZE)

# Monday 23 November 2026. London is on UTC in winter: a 07:00 run (add_runners' default)
# is due at 06:45 UTC.
MONDAY_0600 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
DUE = datetime(2026, 11, 23, 6, 45, tzinfo=UTC)
LEASE = timedelta(minutes=2)


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


class ManualClock:
    """A clock the test moves by hand; handlers read it through Services.clock."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


async def eventually(
    predicate: Callable[[], bool | Awaitable[bool]],
    timeout: float = 5.0,
    *,
    what: str = "the condition",
    interval: float = 0.01,
) -> None:
    """Return as soon as ``predicate()`` is true (it may be a coroutine function), checked
    every ``interval`` seconds; fail with ``what`` in the message when it is still false
    after ``timeout`` seconds.

    For conditions nothing signals; the stand-in's ``wait_until``/``replies``/``quiet``
    cover what arrives at the Bot API."""
    deadline = time.monotonic() + timeout
    while True:
        outcome = predicate()
        if not isinstance(outcome, bool):
            outcome = await outcome
        if outcome:
            return
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what} did not hold within {timeout} s")
        await asyncio.sleep(interval)  # between checks: the condition is what is waited for


async def say(standin: BotApiStandIn, user: StandInUser, text: str) -> SentMessage:
    """``user`` sends ``text``; the bot's one reply (fails if it sends more or none)."""
    standin.send_text(user, text)
    [reply] = await standin.replies(user)
    return reply


async def onboard(standin: BotApiStandIn, user: StandInUser, days: str = "daily") -> None:
    """``user`` goes through /start typing everything: runs on ``days`` (daily unless
    said, e.g. "mon wed") at 07:00 London, 15 minutes' lead."""
    for text, count in (("/start", 1), (days, 1), ("07:00", 1), ("London", 2), ("15", 1)):
        standin.send_text(user, text)
        await standin.replies(user, count=count)
        await standin.quiet()


async def api_call(
    http: aiohttp.ClientSession,
    method: str,
    path: str,
    headers: dict[str, str],
    body: object = None,
) -> tuple[int, dict[str, Any]]:
    """A Mini App API call: its status and JSON answer (every answer is ``no-store``)."""
    async with http.request(method, path, json=body, headers=headers) as response:
        assert response.headers["Cache-Control"] == "no-store"
        return response.status, await response.json()


async def warmup_plan(database: Database, user: StandInUser) -> tuple[RunnerProfile, list[str]]:
    """The runner's settings and their planned warm-ups (due time and status)."""
    async with database.unit_of_work() as uow:
        profile = await uow.users.get(user.id)
        assert profile is not None
        rows = await uow.deliveries.for_user(profile.id, WARMUPS)
    return profile, [f"{row.next_due_utc:%a %d %H:%M} {row.status.value}" for row in rows]


# --- PostgreSQL databases of their own ---------------------------------------------------


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


# --- Runners set up through the repositories ---------------------------------------------


async def register_runner(
    database: Database,
    telegram_id: int,
    *,
    days: frozenset[int] = frozenset(range(7)),
    at: clock_time = clock_time(7, 0),
    zone: str = "Europe/London",
) -> int:
    """A runner registered at :data:`MONDAY_0600` who runs on ``days`` at ``at``, their
    next warm-up planned; returns their user id. No stand-in involved."""
    async with database.unit_of_work() as uow:
        profile, _ = await uow.users.register(
            telegram_user_id=telegram_id,
            chat_id=telegram_id,
            name=f"R{telegram_id}",
            default_timezone=zone,
            now=MONDAY_0600,
        )
        await uow.users.update_settings(profile.id, run_days=days, run_time=at, lead_minutes=15)
        await uow.deliveries.reschedule(profile.id, MONDAY_0600)
        await uow.commit()
    return profile.id


async def bare_runners(
    database: Database, *telegram_ids: int, now: datetime, zone: str = "UTC"
) -> list[int]:
    """Runners registered at ``now`` with nothing else set (no schedule): their user
    ids, in the order given."""
    async with database.unit_of_work() as uow:
        ids = []
        for telegram_id in telegram_ids:
            profile, _ = await uow.users.register(
                telegram_user_id=telegram_id,
                chat_id=telegram_id,
                name=f"R{telegram_id}",
                default_timezone=zone,
                now=now,
            )
            ids.append(profile.id)
        await uow.commit()
    return ids


async def add_runners(
    database: Database,
    standin: BotApiStandIn,
    users: Iterable[StandInUser],
    *,
    now: datetime,
    at: clock_time = clock_time(7, 0),
    zone: str = "Europe/London",
    lead: int = 15,
) -> dict[int, int]:
    """Register runners who run daily at ``at``, warmed up ``lead`` minutes before;
    returns Telegram id -> user id."""
    ids: dict[int, int] = {}
    async with database.unit_of_work() as uow:
        for user in users:
            standin.register_user(user)
            profile, _ = await uow.users.register(
                telegram_user_id=user.id,
                chat_id=user.chat_id,
                name=user.first_name,
                default_timezone=zone,
                now=now,
            )
            await uow.users.update_settings(
                profile.id, run_days=frozenset(range(7)), run_time=at, lead_minutes=lead
            )
            await uow.deliveries.reschedule(profile.id, now)
            ids[user.id] = profile.id
        await uow.commit()
    return ids


def runners(count: int, first_id: int = 10_000) -> list[StandInUser]:
    return [StandInUser(id=first_id + n, first_name=f"Runner{n}") for n in range(count)]


# --- The bot, in this process or as `python -m bot run` ----------------------------------


def fast_settings(settings: Settings, **changes: object) -> Settings:
    # Ticks every 60 s (the first one 60 s after start): the tests drive waves themselves.
    values = {"telegram_rate_limit": 1000.0, "delivery_interval_seconds": 60.0, **changes}
    return settings.model_copy(update=values)


async def start_bot(
    settings: Settings, standin: BotApiStandIn, clock: ManualClock, **changes: object
) -> CoachApplication:
    return build_application(
        fast_settings(settings, **changes), token=TEST_TOKEN, base_url=standin.base_url, clock=clock
    )


def bot_process_env(database_url: str, standin: BotApiStandIn, **settings: str) -> dict[str, str]:
    """The environment for a real `python -m bot run` against ``standin``: this one,
    less any coach settings, plus the token, the stand-in's URL, the database, a 1 s
    tick, INFO logs and no voice notes (no speech worker to start: tests/test_speech.py
    kills a bot with workers); ``settings`` add or override (TELEGRAM_RATE_LIMIT="50")."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(
            ("TELEGRAM_", "DATABASE_", "WEBHOOK_", "LOG_", "DELIVERY_", "VOICE_", "WEBAPP_")
        )
    }
    return env | {
        "PYTHONPATH": str(Path(__file__).parents[1]),
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "TELEGRAM_API_BASE_URL": standin.base_url,
        "DELIVERY_INTERVAL_SECONDS": "1",
        "LOG_LEVEL": "INFO",
        "VOICE_ENABLED": "false",
        **settings,
    }


async def start_bot_process(env: dict[str, str], folder: Path) -> asyncio.subprocess.Process:
    """`python -m bot run` in ``folder`` with ``env``; its stderr (the logs) piped."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=folder,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


def journaled(database_url: str, folder: Path) -> dict[int, str]:
    """Delivery id -> outcome of every line in the outcome journals of a bot process
    run in ``folder`` on ``database_url`` (bot/outcome_journal.py), whoever wrote them."""
    journals = Settings(_env_file=None, database_url=database_url).data_folder / "journal"
    journals = journals if journals.is_absolute() else folder / journals
    if not journals.is_dir():
        return {}
    return {
        entry.delivery_id: entry.outcome.value
        for path in sorted(journals.iterdir())
        for entry in read_journal(path)
    }


# --- What the bot sent and stored ---------------------------------------------------------


def warmups_to(standin: BotApiStandIn, user: StandInUser) -> list[str]:
    return [m.plain for m in standin.messages_to(user) if "Pre-run warm-up" in m.plain]


def warmups_per_chat(standin: BotApiStandIn) -> Counter[int]:
    """How many warm-ups each chat has received."""
    return Counter(m.chat_id for m in standin.sent if "Pre-run warm-up" in m.plain)


async def snapshot(database: Database, telegram_id: int) -> dict[str, list[tuple[object, ...]]]:
    """Every row about one runner, in every table."""
    async with database.unit_of_work() as uow:
        user = (
            await uow.session.execute(
                select(UserRow).where(UserRow.telegram_user_id == telegram_id)
            )
        ).scalar_one()
        found: dict[str, list[tuple[object, ...]]] = {
            "user": [tuple(getattr(user, c.key) for c in UserRow.__table__.columns)]
        }
        for name, table in (
            ("sessions", TrainingSessionRow),
            ("reports", ReportRow),
            ("deliveries", DeliveryRow),
        ):
            rows = await uow.session.execute(
                select(table).where(table.user_id == user.id).order_by(table.id)
            )
            found[name] = [
                tuple(getattr(row, c.key) for c in table.__table__.columns)
                for row in rows.scalars()
            ]
        sets = await uow.session.execute(
            select(ReportSetRow)
            .join(ReportRow, ReportRow.id == ReportSetRow.report_id)
            .where(ReportRow.user_id == user.id)
            .order_by(ReportSetRow.id)
        )
        found["sets"] = [(s.id, s.report_id, s.leg, s.set_number, s.reps) for s in sets.scalars()]
    return found


async def stored_pain(database: Database) -> list[tuple[str, bool]]:
    """(exercise id, pain) of every stored report, in the order stored."""
    async with database.unit_of_work() as uow:
        rows = await uow.session.execute(
            select(ReportRow.exercise_id, ReportRow.pain).order_by(ReportRow.id)
        )
        return [(exercise_id, bool(pain)) for exercise_id, pain in rows]


async def stored_sets(database: Database) -> list[tuple[str, str, int, int]]:
    """Every stored set as (exercise id, leg, set number, reps), in the order stored."""
    async with database.unit_of_work() as uow:
        rows = await uow.session.execute(
            select(
                ReportRow.exercise_id, ReportSetRow.leg, ReportSetRow.set_number, ReportSetRow.reps
            )
            .join(ReportRow, ReportRow.id == ReportSetRow.report_id)
            .order_by(ReportSetRow.id)
        )
        return [tuple(row) for row in rows]


# --- texts in a language ------------------------------------------------------------------


def worded(
    language: Language, template: str, plural: str | None = None, count: int = 1
) -> re.Pattern[str]:
    """The translation of ``template`` (``ngettext`` with ``plural`` and ``count``) as a
    pattern over a reply's plain text: placeholders match anything, HTML tags are gone
    (as in the plain text). A text left in English in another language fails here."""
    with speaking(language):
        translated = _(template) if plural is None else ngettext(template, plural, count)
    assert translated != template or language is Language.EN, f"not translated: {template}"
    plain = html.unescape(re.sub(r"<[^>]+>", "", translated))
    return re.compile(".+?".join(re.escape(part) for part in re.split(r"\{[a-z_]+\}", plain)))
