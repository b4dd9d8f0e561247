"""Warm-up delivery at scale: a 10,000-runner wave through the rate-limited stand-in, and
the tick's claim query with 100,000 scheduled runners.

Wave: N runners all due in the same minute; the stand-in enforces Telegram-style flood
control at RATE messages/s (answering 429 beyond it) and the bot's limiter is set to the
same rate. Printed: the time to deliver all of them against the floor N / RATE and
against a bare python-telegram-bot loop pushing N messages through the same limiter
(no database, no planning) measured in the same run; duplicates, misses and 429s.

Claim query: the one-statement claim of a batch from a table of SCHEDULED runners, of
which only a few hundred are due, against the same query on a 1,000-runner table; and
the process's resident memory before and after loading 100,000 runners' schedules.
Run: ``make bench`` or ``.venv/bin/python -m benchmarks.bench_delivery``.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from telegram import InlineKeyboardMarkup

from bot.application import build_application, load_catalog, running
from bot.scheduler import LOOK_AHEAD, MAX_CONCURRENT_SENDS, dispatcher_of
from bot.settings import Settings
from bot.standin import BotApiStandIn, StandInUser
from handlers.session_view import plan_keyboard, plan_text
from library.deliveries import DeliveryKind, DeliveryStatus
from library.exercises import ExerciseKind
from library.planner import plan_session
from storage import Database
from storage.models import DeliveryRow, UserRow

TOKEN = "4242:benchmark-token"
RATE = 1000.0
WAVE_USERS = 10_000
SCHEDULED = 100_000
SMALL_TABLE = 1_000
DUE_NOW = 300
CLAIM_ROUNDS = 30
NOW = datetime(2026, 11, 23, 6, 45, tzinfo=UTC)


def rss_mib() -> float:
    """The process's resident memory now (not its peak), in MiB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


def running_clock() -> Callable[[], datetime]:
    """A clock that reads NOW when made and then runs at the real pace: the shared send
    budget places each claim's slots on it, so a stopped clock would queue every claim
    behind slots that, for it, never pass."""
    started = time.monotonic()
    return lambda: NOW + timedelta(seconds=time.monotonic() - started)


def settings_for(url: str, base_url: str) -> Settings:
    return Settings(
        _env_file=None,
        database_url=url,
        telegram_api_base_url=base_url,  # the stand-in: no Telegram limit to check
        default_timezone="Europe/London",
        telegram_rate_limit=RATE,
        delivery_interval_seconds=60.0,  # the benchmark runs its wave itself
        log_level="WARNING",
    )


async def seed(database: Database, users: int, *, due_now: int, first_id: int = 1) -> None:
    """``users`` runners on a daily 07:00 London run; ``due_now`` of them due at NOW,
    the others spread over the coming week."""
    user_rows: list[dict[str, Any]] = []
    delivery_rows: list[dict[str, Any]] = []
    for n in range(users):
        user_id = first_id + n
        user_rows.append(
            {
                "id": user_id,
                "telegram_user_id": 1_000_000 + user_id,
                "chat_id": 1_000_000 + user_id,
                "name": f"Runner {user_id}",
                "timezone": "Europe/London",
                "created_at": NOW - timedelta(days=30),
                "run_times": ",".join(f"{day}=07:00" for day in range(7)),
                "lead_minutes": 15,
            }
        )
        due = NOW if n < due_now else NOW + timedelta(minutes=1 + n % (7 * 24 * 60))
        delivery_rows.append(
            {
                "user_id": user_id,
                "local_date": date(2026, 11, 23) + timedelta(days=(due - NOW).days),
                "kind": DeliveryKind.WARMUP.value,
                "status": DeliveryStatus.PENDING.value,
                "deadline_utc": due + timedelta(minutes=15),
                "next_due_utc": due,
                "attempts": 0,
                "updated_at": NOW,
            }
        )
    async with database.engine.begin() as connection:
        for start in range(0, users, 5000):
            await connection.execute(insert(UserRow), user_rows[start : start + 5000])
            await connection.execute(insert(DeliveryRow), delivery_rows[start : start + 5000])


def sample_card() -> tuple[str, InlineKeyboardMarkup]:
    """The same warm-up card (text and buttons) the wave sends to a new runner."""
    plan = plan_session(load_catalog(), [], date(2026, 11, 23), ExerciseKind.WARMUP)
    return plan_text(plan, "🏃 Your run starts at 07:00 (in 15 min) — time to warm up."), (
        plan_keyboard(plan, 1, snooze_minutes=10)
    )


async def bare_send_baseline(users: list[StandInUser], rate: float) -> float:
    """Seconds for plain PTB (same limiter, same stand-in, same card, no database, no
    scheduling) to send N messages: what this machine allows before any of our work."""
    text, keyboard = sample_card()
    async with BotApiStandIn(token=TOKEN, rate_limit=rate) as api:
        for user in users:
            api.register_user(user)
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{folder}/bare.db"
            app = build_application(
                settings_for(url, api.base_url), token=TOKEN, base_url=api.base_url
            )
            async with running(app):
                gate = asyncio.Semaphore(MAX_CONCURRENT_SENDS)

                async def send(chat_id: int) -> None:
                    async with gate:
                        await app.bot.send_message(
                            chat_id, text, parse_mode="HTML", reply_markup=keyboard
                        )

                started = time.perf_counter()
                await asyncio.gather(*(send(u.chat_id) for u in users))
                return time.perf_counter() - started


async def wave(users_count: int) -> None:
    users = [
        StandInUser(id=1_000_000 + n, first_name=f"Runner{n}") for n in range(1, users_count + 1)
    ]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/wave.db"
        database = Database(url)
        await database.migrate()
        await seed(database, users_count, due_now=users_count)
        await database.dispose()
        async with BotApiStandIn(token=TOKEN, rate_limit=RATE) as api:
            for user in users:
                api.register_user(user)
            app = build_application(
                settings_for(url, api.base_url),
                token=TOKEN,
                base_url=api.base_url,
                clock=running_clock(),
            )
            async with running(app):
                started = time.perf_counter()
                report = await dispatcher_of(app).run_wave()
                elapsed = time.perf_counter() - started
            per_chat = Counter(m.chat_id for m in api.sent)
            too_many = sum(1 for c in api.calls if c.status == 429)
        check = Database(url)
        async with check.unit_of_work() as uow:
            counts = await uow.deliveries.counts()
        await check.dispose()
    bare = await bare_send_baseline(users, RATE)
    floor = users_count / RATE
    duplicates = sum(count - 1 for count in per_chat.values() if count > 1)
    misses = users_count - len(per_chat)
    print(f"wave: {users_count} runners due in the same minute, stand-in limit {RATE:.0f}/s")
    print(f"  delivered all in          {elapsed:8.2f} s   ({users_count / elapsed:,.0f} msg/s)")
    print(f"  floor N / rate            {floor:8.2f} s   -> ratio {elapsed / floor:.2f}x")
    print(f"  bare PTB, same card       {bare:8.2f} s   -> ratio {elapsed / bare:.2f}x")
    print(f"  outcomes {dict(report.outcomes)}  claim queries {report.claims}")
    print(f"  duplicates {duplicates}  misses {misses}  429s {too_many}")
    print(f"  rows: { ({k.value: v for k, v in counts.items()}) }")


async def look_ahead_timings(database: Database, limit: int) -> tuple[list[float], list[float]]:
    """Seconds per count of pending warm-ups (the planner's look-ahead) and per claim
    with look-ahead (due rows, then ``limit`` early ones), rolled back each round."""
    counts, claims = [], []
    for _ in range(CLAIM_ROUNDS):
        async with database.unit_of_work() as uow:
            started = time.perf_counter()
            await uow.deliveries.pending_warmups(NOW + LOOK_AHEAD)
            counts.append(time.perf_counter() - started)
            started = time.perf_counter()
            await uow.deliveries.claim(
                NOW, limit=limit, lease=timedelta(minutes=5), owner="bench", early=limit
            )
            claims.append(time.perf_counter() - started)
    return counts, claims


async def claim_timings(database: Database, limit: int) -> list[float]:
    """Seconds per claim of ``limit`` due rows, rolled back so every round sees the same."""
    samples = []
    for _ in range(CLAIM_ROUNDS):
        async with database.unit_of_work() as uow:
            started = time.perf_counter()
            claimed = await uow.deliveries.claim(
                NOW, limit=limit, lease=timedelta(minutes=5), owner="bench"
            )
            samples.append(time.perf_counter() - started)
            assert len(claimed) == min(limit, DUE_NOW)
    return samples


async def claim_query(scheduled: int) -> None:
    limit = 30 * 5  # the batch at Telegram's 30 messages/s
    with tempfile.TemporaryDirectory() as folder:
        small = Database(f"sqlite+aiosqlite:///{folder}/small.db")
        await small.migrate()
        await seed(small, SMALL_TABLE, due_now=DUE_NOW)
        small_times = await claim_timings(small, limit)
        await small.dispose()

        rss_before = rss_mib()
        url = f"sqlite+aiosqlite:///{folder}/big.db"
        big = Database(url)
        await big.migrate()
        await seed(big, scheduled, due_now=DUE_NOW)
        big_times = await claim_timings(big, limit)
        counts_times, early_times = await look_ahead_timings(big, limit)
        await big.dispose()
        # A bot process ticking over the 100,000-runner table: memory stays flat.
        async with BotApiStandIn(token=TOKEN) as api:
            app = build_application(
                settings_for(url, api.base_url),
                token=TOKEN,
                base_url=api.base_url,
                clock=lambda: NOW,
            )
            async with running(app):
                rss_running = rss_mib()
    small_median, big_median = statistics.median(small_times), statistics.median(big_times)
    print(f"claim query ({limit} rows of {DUE_NOW} due), median of {CLAIM_ROUNDS}:")
    print(f"  {SMALL_TABLE:>7,} scheduled runners   {small_median * 1000:7.2f} ms")
    print(
        f"  {scheduled:>7,} scheduled runners   {big_median * 1000:7.2f} ms"
        f"   -> ratio {big_median / small_median:.2f}x"
    )
    print(
        f"  look-ahead at {scheduled:,}: count pending "
        f"{statistics.median(counts_times) * 1000:7.2f} ms, claim with early "
        f"{statistics.median(early_times) * 1000:7.2f} ms"
    )
    print(
        f"memory: {rss_before:.0f} MiB before seeding, {rss_running:.0f} MiB with the bot "
        f"running over {scheduled:,} scheduled runners"
    )


async def run(wave_users: int, scheduled: int) -> None:
    await wave(wave_users)
    await claim_query(scheduled)


def main() -> None:
    asyncio.run(run(WAVE_USERS, SCHEDULED))


if __name__ == "__main__":
    main()
