"""Graceful shutdown of a real `python -m bot run` process: SIGTERM in the middle of a wave.

Sends in flight finish and are recorded; claimed warm-ups not yet sent are handed back,
still due; the process exits 0. A second start sends the rest: every runner gets
exactly one warm-up.
"""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from bot.standin import BotApiStandIn
from library.deliveries import DeliveryKind, DeliveryStatus
from storage import Database
from storage.models import DeliveryRow
from tests.helpers import (
    TEST_TOKEN,
    add_runners,
    bot_process_env,
    runners,
    start_bot_process,
    warmups_per_chat,
)

RUNNERS = 300

pytestmark = pytest.mark.e2e


async def statuses(database: Database) -> dict[DeliveryStatus, int]:
    async with database.unit_of_work() as uow:
        rows = []
        for user_id in range(1, RUNNERS + 1):
            rows += await uow.deliveries.for_user(user_id, [DeliveryKind.WARMUP])
    return dict(Counter(row.status for row in rows if row.local_date == rows[0].local_date))


@pytest.mark.slow
async def test_sigterm_mid_wave_finishes_in_flight_hands_back_the_rest_and_exits_0(
    database: Database, database_url: str, standin: BotApiStandIn, tmp_path: Path
) -> None:
    """Stopped after about 60 of 300 warm-ups: exit 0, each sent one recorded as sent and
    none left claimed; the next start sends the other 240, none twice."""
    now = datetime.now(UTC)
    users = runners(RUNNERS)
    run_at = (now + timedelta(minutes=30)).time().replace(second=0, microsecond=0)
    await add_runners(database, standin, users, now=now, at=run_at, zone="UTC")
    async with database.unit_of_work() as uow:  # every warm-up due now
        await uow.session.execute(
            update(DeliveryRow)
            .where(DeliveryRow.kind == DeliveryKind.WARMUP.value)
            .values(next_due_utc=now - timedelta(seconds=1))
        )
        await uow.commit()
    # a 300-runner wave at 60/s takes about 5 s: time to stop it mid-way
    env = bot_process_env(database_url, standin, TELEGRAM_RATE_LIMIT="60")

    first = await start_bot_process(env, tmp_path)
    assert first.stderr is not None
    first_logs = asyncio.create_task(first.stderr.read())
    await standin.wait_until(lambda: sum(warmups_per_chat(standin).values()) >= 60, timeout=120)
    first.send_signal(signal.SIGTERM)
    assert await first.wait() == 0, (await first_logs).decode()
    sent_before = sum(warmups_per_chat(standin).values())
    assert sent_before < RUNNERS
    after_stop = await statuses(database)
    assert after_stop.get(DeliveryStatus.CLAIMED, 0) == 0  # nothing half-done left claimed
    assert after_stop[DeliveryStatus.SENT] == sent_before  # every message sent is recorded
    assert after_stop[DeliveryStatus.PENDING] == RUNNERS - sent_before

    second = await start_bot_process(env, tmp_path)
    assert second.stderr is not None
    second_logs = asyncio.create_task(second.stderr.read())
    try:
        await standin.wait_until(lambda: len(warmups_per_chat(standin)) == RUNNERS, timeout=120)
        await standin.quiet(idle=1.5, timeout=30)  # a few more ticks: nothing more is sent
    finally:
        second.send_signal(signal.SIGTERM)
        assert await second.wait() == 0, (await second_logs).decode()
    assert set(warmups_per_chat(standin).values()) == {1}
    assert (await statuses(database)) == {DeliveryStatus.SENT: RUNNERS}
    assert TEST_TOKEN not in (await first_logs).decode() + (await second_logs).decode()
