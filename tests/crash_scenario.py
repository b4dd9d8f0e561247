"""The crash window's scenario (issue 21), shared by tests/test_crash_window.py and
benchmarks/bench_crash.py: runners whose warm-up is due now, a real `python -m bot run`
against the loopback stand-in killed with SIGKILL at random instants of that one wave,
restarted each time under the same INSTANCE_NAME, then a last life that finishes the
wave; counted afterwards: the warm-ups each chat received, the doubles, their bound (the
sends in flight at each kill: at most TELEGRAM_CONNECTIONS a kill) and the rows' statuses.

The scenario raises ``CrashScenarioError`` (with the bot's logs) when it cannot go on as
designed: a life that did not die of the SIGKILL, or a wave that ended before a kill. What
it counts is returned for the caller to judge.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import signal
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from bot.standin import BotApiStandIn
from library.deliveries import DeliveryKind
from storage import Database
from storage.models import DeliveryRow
from tests.helpers import (
    add_runners,
    bot_process_env,
    start_bot_process,
    warmups_per_chat,
)
from tests.helpers import runners as make_runners

START_SENDS = 5  # a life's own sends before its kill's random moment starts
KILL_DELAY = (0.05, 0.3)  # seconds after those sends: the kill's instant, drawn uniformly
KILL_QUIET = 0.3  # seconds without a request after a kill: the dead life's sends are in
LAST_QUIET = 2.5  # seconds without a request after the last life's wave: no late double
WAVE_TIMEOUT = 180.0  # seconds for the last life to reach every runner


class CrashScenarioError(RuntimeError):
    """The scenario could not run as designed (its message holds the bot's logs)."""


@dataclass(frozen=True, slots=True)
class Kill:
    """One kill: the life's exit status and the warm-ups delivered once it was quiet."""

    status: int | None
    delivered: int


@dataclass(frozen=True, slots=True)
class CrashResult:
    """What the scenario counted: the warm-ups each chat received, the chats it seeded,
    each kill, the last life's exit status and logs, and the warm-up rows' statuses at the
    end."""

    runners: int
    kills: list[Kill]
    connections: int
    rate: float
    chats: list[int]
    per_chat: Counter[int]
    last_status: int | None
    last_log: str
    statuses: dict[str, int]

    @property
    def doubled(self) -> int:
        """Warm-ups sent more than once, each extra send counted."""
        return sum(count - 1 for count in self.per_chat.values())

    @property
    def missed(self) -> int:
        """Seeded chats that received no warm-up."""
        return len(set(self.chats) - set(self.per_chat))

    @property
    def bound(self) -> int:
        """The most a kill can double: the sends in flight, TELEGRAM_CONNECTIONS a kill."""
        return len(self.kills) * self.connections

    @property
    def most_to_one_chat(self) -> int:
        return max(self.per_chat.values(), default=0)


async def seed_wave(
    database: Database, standin: BotApiStandIn, count: int, now: datetime
) -> list[int]:
    """``count`` runners registered with the stand-in, each with a warm-up due a second
    ago; returns their chat ids."""
    users = make_runners(count)
    run_at = (now + timedelta(minutes=30)).time().replace(second=0, microsecond=0)
    await add_runners(database, standin, users, now=now, at=run_at, zone="UTC")
    async with database.unit_of_work() as uow:
        await uow.session.execute(
            update(DeliveryRow)
            .where(DeliveryRow.kind == DeliveryKind.WARMUP.value)
            .values(next_due_utc=now - timedelta(seconds=1))
        )
        await uow.commit()
    return [user.chat_id for user in users]


async def warmup_statuses(database_url: str) -> dict[str, int]:
    """Status -> number of warm-up rows, read through a fresh connection."""
    final = Database(database_url)
    try:
        async with final.unit_of_work() as uow:
            rows = await uow.session.execute(
                select(DeliveryRow.status, func.count())
                .where(DeliveryRow.kind == DeliveryKind.WARMUP.value)
                .group_by(DeliveryRow.status)
            )
            return {str(status): int(count) for status, count in rows.all()}
    finally:
        await final.dispose()


async def _kill(process: asyncio.subprocess.Process) -> None:
    """SIGKILL a life (if it is still running) and reap it."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
    await process.wait()


async def kill_during_wave(
    database: Database,
    database_url: str,
    standin: BotApiStandIn,
    folder: Path,
    *,
    runners: int,
    kills: int,
    rate: float,
    connections: int,
    instance: str,
    seed: int,
) -> CrashResult:
    """Seed ``runners`` due warm-ups on the migrated ``database`` (disposed afterwards),
    then kill ``kills`` lives of `python -m bot run` (in ``folder``, at ``rate`` sends a
    second over ``connections`` connections, as ``instance``) at instants drawn from
    ``seed``, and let a last life finish the wave; returns what was counted."""
    chats = await seed_wave(database, standin, runners, datetime.now(UTC))
    await database.dispose()
    env = bot_process_env(
        database_url,
        standin,
        TELEGRAM_RATE_LIMIT=str(rate),
        TELEGRAM_CONNECTIONS=str(connections),
        INSTANCE_NAME=instance,
    )
    chance = random.Random(seed)  # the kills' instants: random, the same each run

    def delivered() -> int:
        return sum(warmups_per_chat(standin).values())

    done: list[Kill] = []
    for kill in range(kills):
        process = await start_bot_process(env, folder)
        assert process.stderr is not None
        logs = asyncio.create_task(process.stderr.read())
        try:
            before = delivered()
            # The wave is going again (a few sends of this life), then a random moment later.
            await standin.wait_until(
                lambda: delivered() >= before + START_SENDS,  # noqa: B023
                timeout=120,
            )
            await asyncio.sleep(chance.uniform(*KILL_DELAY))
        finally:
            await _kill(process)
            log = (await logs).decode()
        if process.returncode != -signal.SIGKILL:
            raise CrashScenarioError(
                f"life {kill + 1} exited with {process.returncode}, not SIGKILL:\n{log}"
            )
        await standin.quiet(idle=KILL_QUIET, timeout=30)
        done.append(Kill(process.returncode, delivered()))
        if done[-1].delivered >= runners:
            raise CrashScenarioError(f"the wave ended before kill {kill + 1}")

    last = await start_bot_process(env, folder)
    assert last.stderr is not None
    last_logs = asyncio.create_task(last.stderr.read())
    try:
        await standin.wait_until(
            lambda: len(warmups_per_chat(standin)) == runners, timeout=WAVE_TIMEOUT
        )
        await standin.quiet(idle=LAST_QUIET, timeout=60)
    finally:
        if last.returncode is None:
            last.send_signal(signal.SIGTERM)
        last_status = await last.wait()
        last_log = (await last_logs).decode()

    return CrashResult(
        runners=runners,
        kills=done,
        connections=connections,
        rate=rate,
        chats=chats,
        per_chat=warmups_per_chat(standin),
        last_status=last_status,
        last_log=last_log,
        statuses=await warmup_statuses(database_url),
    )
