"""Throughput of the rep-report path against a bare python-telegram-bot echo bot.

USERS runners each have a warm-up open; then every one of them sends REPORTS rep reports
at once ("humps left 9 9 right 10 10"), pushed through the loopback stand-in. Each report
goes the whole way: long-polled in, parsed, stored with its sets, the next targets
computed from the runner's whole log, the confirmation sent back. Printed: replies per
second over the burst and the p50 / p99 latency from a report's arrival at the stand-in
to its reply, next to a bare PTB echo bot (one MessageHandler that sends the text back,
no database) polling the same kind of stand-in with the same burst, measured in the
same run: once with PTB's defaults (one update at a time) and once with as many
concurrent updates as the coach has workers; and the ratios (our replies/s over each).
The bot's Telegram rate limit is lifted for the run: at Telegram's real 30 messages/s
both bots would simply be held to 30.

Run: ``make bench`` or ``.venv/bin/python -m benchmarks.bench_reports [USERS REPORTS]``.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.application import build_application, running
from bot.settings import Settings
from bot.standin import BotApiStandIn, SentMessage, StandInUser
from bot.update_processor import DEFAULT_WORKERS

TOKEN = "4242:benchmark-token"
USERS = 200
REPORTS = 5
FIRST_ID = 7_000_000


@dataclass(frozen=True, slots=True)
class Result:
    """One bot's burst: how many replies, over how long, and each reply's latency."""

    replies: int
    seconds: float
    latencies: list[float]

    @property
    def per_second(self) -> float:
        return self.replies / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Stopwatch:
    """Matches each reply to the oldest unanswered message of its chat."""

    def __init__(self) -> None:
        self.sent_at: dict[int, deque[float]] = defaultdict(deque)
        self.latencies: list[float] = []
        self.last_reply = 0.0

    def pushed(self, chat_id: int) -> None:
        self.sent_at[chat_id].append(time.perf_counter())

    def on_message(self, message: SentMessage, edited: bool) -> None:
        waiting = self.sent_at.get(message.chat_id)
        if edited or not waiting:
            return
        self.last_reply = time.perf_counter()
        self.latencies.append(self.last_reply - waiting.popleft())


def runners(count: int) -> list[StandInUser]:
    return [StandInUser(id=FIRST_ID + n, first_name=f"Runner{n}") for n in range(count)]


def report_text(n: int) -> str:
    left = 8 + n % 3
    return f"humps left {left} {left} right 10 10"


async def burst(
    standin: BotApiStandIn, users: list[StandInUser], reports: int, text: Callable[[int], str]
) -> Result:
    """Every user sends ``reports`` messages at once; wait for every reply."""
    watch = Stopwatch()
    standin.listeners.append(watch.on_message)
    expected = len(users) * reports
    start = time.perf_counter()
    for n in range(reports):
        for user in users:
            watch.pushed(user.chat_id)
            standin.send_text(user, text(n))
    await standin.wait_until(lambda: len(watch.latencies) >= expected, timeout=600)
    standin.listeners.remove(watch.on_message)
    return Result(len(watch.latencies), watch.last_reply - start, watch.latencies)


async def coach_run(users: list[StandInUser], reports: int, folder: Path) -> Result:
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}",
        default_timezone="Europe/London",
        telegram_rate_limit=10_000.0,  # lifted: the burst measures the bot, not the cap
        delivery_interval_seconds=60.0,
        log_level="WARNING",
    )
    async with BotApiStandIn(token=TOKEN) as standin:
        application = build_application(settings, token=TOKEN, base_url=standin.base_url)
        async with running(application):
            # Not timed: each runner opens a warm-up, so reports attach to a session.
            for user in users:
                standin.send_text(user, "/warmup")
            await standin.wait_until(lambda: len(standin.sent) >= len(users), timeout=600)
            await standin.quiet()
            return await burst(standin, users, reports, report_text)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(message.text)


async def echo_run(users: list[StandInUser], reports: int, concurrency: int | None) -> Result:
    """The echo bot: PTB's defaults (one update at a time) or ``concurrency`` at once."""
    async with BotApiStandIn(token=TOKEN) as standin:
        builder = ApplicationBuilder().token(TOKEN).base_url(standin.base_url)
        if concurrency is not None:
            builder = builder.concurrent_updates(concurrency)
        application: Application = builder.build()  # type: ignore[type-arg]
        application.add_handler(MessageHandler(filters.TEXT, echo))
        async with running(application):
            for user in users:
                standin.register_user(user)
            return await burst(standin, users, reports, report_text)


def line(name: str, result: Result) -> str:
    return (
        f"  {name:<26} {result.per_second:8.0f} replies/s   "
        f"p50 {result.percentile(0.5) * 1000:7.1f} ms   "
        f"p99 {result.percentile(0.99) * 1000:7.1f} ms   "
        f"({result.replies} in {result.seconds:.2f} s)"
    )


async def main(users_count: int = USERS, reports: int = REPORTS) -> tuple[Result, Result]:
    users = runners(users_count)
    print(
        f"rep reports: {users_count} runners x {reports} reports sent at once, "
        "through the loopback stand-in"
    )
    sequential = await echo_run(users, reports, None)
    print(line("echo bot, PTB defaults", sequential))
    concurrent = await echo_run(users, reports, DEFAULT_WORKERS)
    print(line(f"echo bot, {DEFAULT_WORKERS} concurrent", concurrent))
    with tempfile.TemporaryDirectory() as folder:
        coach = await coach_run(users, reports, Path(folder))
    print(line("coach: parse+store+adapt", coach))
    for name, baseline in (("defaults", sequential), ("concurrent", concurrent)):
        print(f"  ratio coach / echo {name:<11} {coach.per_second / baseline.per_second:.2f}x")
    return coach, max(sequential, concurrent, key=lambda r: r.per_second)


if __name__ == "__main__":
    numbers = [int(arg) for arg in sys.argv[1:3]]
    asyncio.run(main(*numbers))
