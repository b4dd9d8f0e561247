"""Two real `python -m bot run` processes on one PostgreSQL database share a wave.

1,000 runners' warm-ups fall due at once while both processes are running against the
loopback stand-in: every runner gets exactly one warm-up (none doubled, none missed),
both processes send part of the wave, and both stop on SIGTERM with exit status 0.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.standin import BotApiStandIn
from library.deliveries import DeliveryKind, DeliveryStatus
from storage import Database
from storage.models import DeliveryRow
from tests.helpers import add_runners, bot_process_env, runners

RUNNERS = 1000
PROCESSES = 2

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.backends("postgresql")]


def start(env: dict[str, str], folder: Path) -> subprocess.Popen[bytes]:
    folder.mkdir()
    with (folder / "bot.log").open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


async def stop(process: subprocess.Popen[bytes]) -> int:
    """SIGTERM, then the exit status; a process that ignores it is killed (and fails)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return await asyncio.to_thread(process.wait, 90)
    except subprocess.TimeoutExpired:
        process.kill()
        await asyncio.to_thread(process.wait)
        return -signal.SIGKILL


def logs(tmp_path: Path) -> str:
    return "\n".join(
        f"--- {path.parent.name}\n{path.read_text(errors='replace')[-4000:]}"
        for path in sorted(tmp_path.glob("*/bot.log"))
    )


def warmups(standin: BotApiStandIn) -> Counter[int]:
    return Counter(m.chat_id for m in standin.sent if "Pre-run warm-up" in m.plain)


async def test_two_processes_share_a_1000_runner_wave_without_doubles_or_misses(
    database: Database, database_url: str, standin: BotApiStandIn, tmp_path: Path
) -> None:
    """Both processes are up when 1,000 warm-ups fall due: each runner gets exactly one,
    every one is recorded as sent by one of the two processes, both of them sent some,
    and both exit 0 on SIGTERM."""
    now = datetime.now(UTC)
    users = runners(RUNNERS)
    run_at = (now + timedelta(minutes=30)).time().replace(second=0, microsecond=0)
    await add_runners(database, standin, users, now=now, at=run_at, zone="UTC")
    async with database.unit_of_work() as uow:
        wave = set(
            (
                await uow.session.execute(
                    select(DeliveryRow.id).where(
                        DeliveryRow.kind == DeliveryKind.WARMUP.value,
                        DeliveryRow.status == DeliveryStatus.PENDING.value,
                    )
                )
            ).scalars()
        )
    assert len(wave) == RUNNERS

    # Claims of 250 (what 5 s at this rate lets out): while one process sends its
    # batch, the other, ticking every second, claims the next one.
    env = bot_process_env(database_url, standin, TELEGRAM_RATE_LIMIT="50")
    processes = [start(env, tmp_path / f"bot{n}") for n in range(1, PROCESSES + 1)]
    try:
        # Each process deletes the webhook once, as it starts polling (after migrating).
        await standin.wait_until(
            lambda: len(standin.calls_to("deleteWebhook")) >= PROCESSES, timeout=120
        )
        async with database.unit_of_work() as uow:  # the whole wave falls due at once
            await uow.session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.id.in_(wave))
                .values(next_due_utc=datetime.now(UTC) - timedelta(seconds=1))
            )
            await uow.commit()
        await standin.wait_until(lambda: len(warmups(standin)) == RUNNERS, timeout=300)
        await standin.quiet(idle=2.5, timeout=60)  # more ticks of both: nothing more is sent
    finally:
        statuses = [await stop(process) for process in processes]
    assert statuses == [0] * PROCESSES, logs(tmp_path)

    per_runner = warmups(standin)
    assert sorted(per_runner) == sorted(user.chat_id for user in users)
    assert set(per_runner.values()) == {1}
    async with database.unit_of_work() as uow:
        rows = (
            await uow.session.execute(
                select(DeliveryRow.status, DeliveryRow.claimed_by).where(DeliveryRow.id.in_(wave))
            )
        ).all()
    assert Counter(status for status, _ in rows) == {DeliveryStatus.SENT.value: RUNNERS}
    senders = Counter(claimed_by for _, claimed_by in rows)
    assert None not in senders
    assert len(senders) == PROCESSES, senders
