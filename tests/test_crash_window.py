"""The crash window at its floor (issue 21): ten kill -9s of a real `python -m bot run` in
the middle of one wave, each at an instant of its own, each followed by a restart under
the same INSTANCE_NAME, on SQLite and on PostgreSQL.

Every send's outcome is journaled the moment Telegram answers (bot/outcome_journal.py)
and each restart records the journal of the life before it, so a kill can only double
the warm-ups whose request Telegram had taken and whose answer had not reached the
journal: the sends in flight at that instant. At 100 sends a second over loopback a send
is in flight for a millisecond or two, so a kill at a random instant catches about one
or none; TELEGRAM_CONNECTIONS (the sends out at once) is the hard bound per kill. The
test prints the doubled count over the ten kills next to that bound. (tests/test_crash.py
kills at the moment a delivery lands with the rate lifted, every connection busy: the
worst case, where the bound is reached.)
"""

from __future__ import annotations

import asyncio
import random
import signal
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot.standin import BotApiStandIn
from library.deliveries import DeliveryKind, DeliveryStatus
from storage import Database
from storage.models import DeliveryRow
from tests.helpers import (
    add_runners,
    bot_process_env,
    runners,
    start_bot_process,
    warmups_per_chat,
)

RUNNERS = 600
KILLS = 10
CONNECTIONS = 8
RATE = 100  # sends a second: a busy bot, well above Telegram's free 30
INSTANCE = "crash-window"


@pytest.mark.slow
async def test_ten_kills_in_one_wave_double_only_the_sends_in_flight(
    database: Database,
    database_url: str,
    standin: BotApiStandIn,
    tmp_path: Path,
    record_property: Callable[[str, object], None],
) -> None:
    now = datetime.now(UTC)
    users = runners(RUNNERS)
    run_at = (now + timedelta(minutes=30)).time().replace(second=0, microsecond=0)
    await add_runners(database, standin, users, now=now, at=run_at, zone="UTC")
    async with database.unit_of_work() as uow:
        await uow.session.execute(
            update(DeliveryRow)
            .where(DeliveryRow.kind == DeliveryKind.WARMUP.value)
            .values(next_due_utc=now - timedelta(seconds=1))
        )
        await uow.commit()
    await database.dispose()
    env = bot_process_env(
        database_url,
        standin,
        TELEGRAM_RATE_LIMIT=str(RATE),
        TELEGRAM_CONNECTIONS=str(CONNECTIONS),
        INSTANCE_NAME=INSTANCE,
    )
    chance = random.Random(21)  # the kills' instants: random, the same each run

    def delivered() -> int:
        return sum(warmups_per_chat(standin).values())

    for kill in range(KILLS):
        process = await start_bot_process(env, tmp_path)
        assert process.stderr is not None
        logs = asyncio.create_task(process.stderr.read())
        before = delivered()
        # The wave is going again (a few sends of this life), then a random moment later.
        await standin.wait_until(lambda: delivered() >= before + 5, timeout=120)  # noqa: B023
        await asyncio.sleep(chance.uniform(0.05, 0.3))
        process.kill()
        assert await process.wait() == -signal.SIGKILL, (await logs).decode()
        await standin.quiet(idle=0.3, timeout=30)
        assert delivered() < RUNNERS, f"the wave ended before kill {kill + 1}"

    last = await start_bot_process(env, tmp_path)
    assert last.stderr is not None
    last_logs = asyncio.create_task(last.stderr.read())
    try:
        await standin.wait_until(lambda: len(warmups_per_chat(standin)) == RUNNERS, timeout=180)
        await standin.quiet(idle=2.5, timeout=60)
    finally:
        last.send_signal(signal.SIGTERM)
        assert await last.wait() == 0, (await last_logs).decode()

    per_runner = warmups_per_chat(standin)
    assert sorted(per_runner) == sorted(user.chat_id for user in users)  # nobody missed
    doubled = sum(count - 1 for count in per_runner.values())
    bound = KILLS * CONNECTIONS
    print(
        f"\ndoubled over {KILLS} kills at {RATE} sends/s: {doubled} "
        f"(bound: the sends in flight at each kill, at most {CONNECTIONS} a kill, {bound})"
    )
    record_property("doubled", doubled)
    assert max(per_runner.values()) <= 2
    assert doubled <= bound
    final = Database(database_url)
    try:
        async with final.unit_of_work() as uow:
            statuses: dict[str, int] = dict(
                (
                    await uow.session.execute(
                        select(DeliveryRow.status, func.count())
                        .where(DeliveryRow.kind == DeliveryKind.WARMUP.value)
                        .group_by(DeliveryRow.status)
                    )
                ).all()
            )
    finally:
        await final.dispose()
    assert statuses.get(DeliveryStatus.CLAIMED.value, 0) == 0
    assert statuses[DeliveryStatus.SENT.value] == RUNNERS
