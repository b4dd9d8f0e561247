"""Warm-up delivery at scale: a 10,000-runner wave through the rate-limited stand-in, and
the tick's claim query with 100,000 scheduled runners.

Wave: N runners all due now, in a SQLite file; the coach runs as deployed, ``python -m
bot run`` in a process of its own, and delivers them at its first tick. The stand-in
stays in this process and enforces Telegram-style flood control at RATE messages/s
(answering 429 beyond it); the bot's limiter is set to the same rate (as with
TELEGRAM_PAID_BROADCAST, where Telegram takes up to 1,000 a second). Baseline, in the
same run and the same way: bare python-telegram-bot sending the same card to N chats
(``benchmarks/bare_sender.py``: no database, no claims, no planning; the coach's HTTP
client and limiter). Each is timed at the stand-in from its first card to its last, with
the process's CPU time over that span (/proc). Printed: both, the ratio, the floor N /
RATE; duplicates, misses and 429s, and the rows' states. Voice is off in the coach's
process (its speech workers would start during the wave; the baseline has none). In
one process with the stand-in (before), the stand-in's CPU and its record of every
call were charged to the bot, and its heap made every garbage collection dearer.

Claim query: the one-statement claim of a batch from a table of SCHEDULED runners, of
which only a few hundred are due, against the same query on a 1,000-runner table; and
the process's resident memory before and after loading 100,000 runners' schedules.
Run: ``make bench`` or ``.venv/bin/python -m benchmarks.bench_delivery``.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from telegram import InlineKeyboardMarkup

from benchmarks.bench_reports import ROOT, BotProcess, bot_process, coach_env, until
from benchmarks.processes import cpu_time
from bot.application import build_application, load_catalog, running
from bot.scheduler import LOOK_AHEAD
from bot.settings import Settings
from bot.standin import BotApiStandIn, SentMessage, StandInUser
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
LONDON = ZoneInfo("Europe/London")
LEAD = timedelta(minutes=15)
FIRST_CHAT = 1_000_001  # the chat of runner 1 (seed: chat_id = 1,000,000 + id)
WAVE_TIMEOUT = 600.0  # seconds for the wave (or the baseline) to deliver every card


def rss_mib() -> float:
    """The process's resident memory now (not its peak), in MiB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


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


async def seed(
    database: Database, users: int, *, due_now: int, first_id: int = 1, now: datetime = NOW
) -> None:
    """``users`` runners on a daily London run 15 minutes after ``now`` (07:00 at NOW);
    ``due_now`` of them due at ``now``, the others spread over the coming week."""
    run_at = (now + timedelta(minutes=15)).astimezone(LONDON).replace(second=0, microsecond=0)
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
                "created_at": now - timedelta(days=30),
                "run_times": ",".join(f"{day}={run_at:%H:%M}" for day in range(7)),
                "lead_minutes": 15,
            }
        )
        due = now if n < due_now else now + timedelta(minutes=1 + n % (7 * 24 * 60))
        delivery_rows.append(
            {
                "user_id": user_id,
                "local_date": run_at.date() + timedelta(days=(due - now).days),
                "kind": DeliveryKind.WARMUP.value,
                "status": DeliveryStatus.PENDING.value,
                "deadline_utc": run_at.astimezone(UTC) if n < due_now else due + LEAD,
                "next_due_utc": due,
                "attempts": 0,
                "updated_at": now,
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


@dataclass
class Span:
    """The cards one sender delivered, timed at the stand-in: from the first to the last,
    with the sender's CPU time over that span (read from /proc at both ends)."""

    pid: int
    count: int = 0
    first: float = 0.0
    last: float = 0.0
    cpu_first: float = 0.0
    cpu_last: float = 0.0

    def on_message(self, message: SentMessage, edited: bool) -> None:
        if edited:
            return
        self.last = time.perf_counter()
        if self.count == 0:
            self.first, self.cpu_first = self.last, cpu_time(self.pid)
        self.count += 1

    def close(self) -> None:
        self.cpu_last = cpu_time(self.pid)

    @property
    def seconds(self) -> float:
        return self.last - self.first

    @property
    def cpu_per_card(self) -> float:
        """Milliseconds of the sender's CPU a card."""
        return (self.cpu_last - self.cpu_first) * 1000 / max(1, self.count - 1)


def standin_users(count: int) -> list[StandInUser]:
    """The seeded runners' Telegram accounts (seed: id and chat 1,000,000 + row id)."""
    return [StandInUser(id=FIRST_CHAT + n, first_name=f"Runner{n}") for n in range(count)]


async def timed(
    api: BotApiStandIn, process: BotProcess, count: int, *, exits: bool = False
) -> Span:
    """Wait until ``count`` cards have reached the stand-in from ``process`` (and, when
    it ``exits`` by itself, for its exit), timing them."""
    span = Span(process.process.pid)
    api.listeners.append(span.on_message)
    try:
        await until(api, process, lambda: span.count >= count, WAVE_TIMEOUT)
        span.close()
        if exits:
            await asyncio.wait_for(process.process.wait(), WAVE_TIMEOUT)
    finally:
        api.listeners.remove(span.on_message)
    return span


def coach_settings(base_url: str, url: str) -> dict[str, str]:
    """The coach's environment for the wave: the stand-in's rate, a tick a second, no
    voice (the baseline has no speech workers either)."""
    return coach_env(base_url, url) | {
        "TELEGRAM_RATE_LIMIT": str(RATE),
        "TELEGRAM_CHAT_RATE_LIMIT": "1",
        "DELIVERY_INTERVAL_SECONDS": "1",
        "VOICE_ENABLED": "false",
    }


async def coach_wave(users: list[StandInUser], folder: Path) -> tuple[Span, dict[str, int], int]:
    """The coach delivering the wave: its span, the rows' states after it, its 429s."""
    database_file = folder / "wave.db"
    url = f"sqlite+aiosqlite:///{database_file}"
    database = Database(url)
    await database.migrate()
    await seed(database, len(users), due_now=len(users), now=datetime.now(UTC))
    await database.dispose()
    async with BotApiStandIn(token=TOKEN, rate_limit=RATE) as api:
        for user in users:
            api.register_user(user)
        env = coach_settings(api.base_url, url)
        async with bot_process("coach", ["-m", "bot", "run"], folder, env) as coach:
            span = await timed(api, coach, len(users))
            await api.quiet()
        per_chat = Counter(m.chat_id for m in api.sent)
        too_many = sum(1 for c in api.calls if c.status == 429)
    if sum(per_chat.values()) != span.count:
        span.count = sum(per_chat.values())  # a late double counts as sent, not as one
    check = Database(url)
    async with check.unit_of_work() as uow:
        counts = {k.value: v for k, v in (await uow.deliveries.counts()).items()}
    await check.dispose()
    counts["duplicates"] = sum(n - 1 for n in per_chat.values() if n > 1)
    counts["misses"] = len(users) - len(per_chat)
    return span, counts, too_many


async def bare_wave(users: list[StandInUser], folder: Path) -> tuple[Span, int]:
    """Bare PTB sending the same card to the same chats: its span and its 429s."""
    text, keyboard = sample_card()
    card = folder / "card.json"
    card.write_text(json.dumps({"text": text, "reply_markup": keyboard.to_dict()}))
    async with BotApiStandIn(token=TOKEN, rate_limit=RATE) as api:
        for user in users:
            api.register_user(user)
        arguments = ["-m", "benchmarks.bare_sender", api.base_url, TOKEN, str(RATE)]
        arguments += [str(card), str(FIRST_CHAT), str(len(users))]
        env = os.environ | {"PYTHONPATH": str(ROOT)}
        async with bot_process("bare PTB", arguments, folder, env) as bare:
            span = await timed(api, bare, len(users), exits=True)
        too_many = sum(1 for c in api.calls if c.status == 429)
    return span, too_many


async def wave(users_count: int) -> None:
    users = standin_users(users_count)
    with tempfile.TemporaryDirectory() as coach_folder, tempfile.TemporaryDirectory() as other:
        coach, counts, coach_429 = await coach_wave(users, Path(coach_folder))
        bare, bare_429 = await bare_wave(users, Path(other))
    floor = users_count / RATE
    duplicates, misses = counts.pop("duplicates"), counts.pop("misses")
    print(f"wave: {users_count} runners due now, stand-in limit {RATE:.0f}/s")
    print(
        f"  delivered all in          {coach.seconds:8.2f} s   ({users_count / coach.seconds:,.0f}"
        f" msg/s, {coach.cpu_per_card:.2f} ms CPU a card)"
    )
    print(f"  floor N / rate            {floor:8.2f} s   -> ratio {coach.seconds / floor:.2f}x")
    print(
        f"  bare PTB, same card       {bare.seconds:8.2f} s   ({bare.cpu_per_card:.2f} ms CPU a"
        f" card) -> ratio {coach.seconds / bare.seconds:.2f}x (target <= 1.5x)"
    )
    print(f"  duplicates {duplicates}  misses {misses}  429s {coach_429 + bare_429}")
    print(f"  rows: {counts}")


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
