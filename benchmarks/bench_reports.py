"""Throughput of the rep-report path against a bare python-telegram-bot echo bot.

USERS runners each have a warm-up open; then every one of them sends REPORTS rep reports
at once ("humps left 9 9 right 10 10"), pushed through the loopback stand-in. Each report
goes the whole way: long-polled in, parsed, stored with its sets, the next targets
computed from the runner's whole log, the confirmation sent back. Printed: replies per
second over the burst and the p50 / p99 latency from a report's arrival at the stand-in
to its reply, next to a bare PTB echo bot (one MessageHandler that sends the text back,
no database: ``benchmarks/echo_bot.py``) polling the same kind of stand-in with the same
burst, measured in the same run: once with PTB's defaults (one update at a time) and
once with as many concurrent updates as the coach has workers; and the ratios (our
replies/s over each). After the coach's burst the SQLite file is read back: every
report must be stored with its 4 sets and every reply must be the report's
confirmation, not an error; the check is printed.

Each bot runs as its own OS process polling the stand-in, which stays in this process
and times the replies: the coach is a real `python -m bot run`, as deployed, and the
echo bot `python -m benchmarks.echo_bot`. Run in one event loop, the stand-in's own CPU
(HTTP, JSON, long polls) was charged to whichever bot was being measured, and on 2
cores the bot could not use the second one; now the bot and the stand-in each have an
interpreter of their own, as a bot and Telegram do. Each process is polling (it has
answered an untimed first message: the echo bot a ping, the coach each runner's
/warmup) before the burst, and is stopped with SIGTERM afterwards (killed if it does not
exit within STOP_TIMEOUT seconds), also when the benchmark fails.
The bot's Telegram rate limit is lifted for the run: at Telegram's real 30 messages/s
both bots would simply be held to 30.

Run: ``make bench`` or ``.venv/bin/python -m benchmarks.bench_reports [USERS REPORTS]``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from benchmarks.processes import cpu_time, profiled, run_from_command_line
from bot.settings import Settings
from bot.standin import BotApiStandIn, SentMessage, StandInUser
from bot.update_processor import DEFAULT_WORKERS

TOKEN = "4242:benchmark-token"
USERS = 200
REPORTS = 5
ROUNDS = 3
FIRST_ID = 7_000_000
PING_USER = StandInUser(id=FIRST_ID - 1, first_name="Ping")
SETS_PER_REPORT = 4  # "left 9 9 right 10 10": two sets a leg
CONFIRMATION = "✅ Logged Hamstring humps"
ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 120.0  # seconds for a process to start, migrate and answer its first message
BURST_TIMEOUT = 600.0
STOP_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class Result:
    """One bot's burst: how many replies, over how long, each reply's latency, and each
    (message sent, reply) pair."""

    replies: int
    seconds: float
    latencies: list[float]
    exchanges: list[tuple[str, str]] = field(default_factory=list, repr=False)
    cpu_seconds: float = 0.0  # the bot process's CPU time (user + system) over the burst

    @property
    def per_second(self) -> float:
        return self.replies / self.seconds

    @property
    def cpu_per_reply(self) -> float:
        """The bot's CPU seconds per reply."""
        return self.cpu_seconds / self.replies

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass(frozen=True, slots=True)
class CoachResult(Result):
    """The coach's burst, and what its database and replies show once it has stopped."""

    expected: int = 0  # reports sent in the burst
    stored_reports: int = 0
    stored_sets: int = 0
    reports_without_all_sets: int = 0
    confirmations: int = 0  # replies that confirm the numbers of the report they answer

    @property
    def all_stored(self) -> bool:
        """Every report stored with its sets, and every reply a confirmation of it."""
        return (
            self.stored_reports == self.expected
            and self.stored_sets == SETS_PER_REPORT * self.expected
            and self.reports_without_all_sets == 0
            and self.confirmations == self.expected
        )


class Stopwatch:
    """Matches each reply to the oldest unanswered message of its chat."""

    def __init__(self) -> None:
        self.sent: dict[int, deque[tuple[float, str]]] = defaultdict(deque)
        self.latencies: list[float] = []
        self.exchanges: list[tuple[str, str]] = []
        self.last_reply = 0.0

    def pushed(self, chat_id: int, text: str) -> None:
        self.sent[chat_id].append((time.perf_counter(), text))

    def on_message(self, message: SentMessage, edited: bool) -> None:
        waiting = self.sent.get(message.chat_id)
        if edited or not waiting:
            return
        self.last_reply = time.perf_counter()
        sent_at, text = waiting.popleft()
        self.latencies.append(self.last_reply - sent_at)
        self.exchanges.append((text, message.plain))


def runners(count: int) -> list[StandInUser]:
    return [StandInUser(id=FIRST_ID + n, first_name=f"Runner{n}") for n in range(count)]


def report_text(n: int) -> str:
    """The ``n``-th report of the burst: two sets a leg of 5 to 19 reps (none far from
    another, which would be asked about instead of logged), the counts n's digits in
    base 15 so that no two of the first 3,375 read alike: the coach keeps its last
    readings of a text, and a burst of a few texts would be parsed a few times only."""
    digits = (n % 15, n // 15 % 15, n // 225 % 15)
    sets = (*digits, sum(digits) % 15)
    return "humps left {} {} right {} {}".format(*(5 + count for count in sets))


def confirms(report: str, reply: str) -> bool:
    """Whether ``reply`` is the coach's confirmation of ``report``, with its numbers."""
    words = report.split()  # "humps left 9 12 right 10 7"
    first_line = reply.partition("\n")[0]
    logged = f"Left {words[2]}, {words[3]} · Right {words[5]}, {words[6]}"
    return first_line.startswith(CONFIRMATION) and logged in first_line


class BotProcess:
    """A bot running in a process of its own; its stderr goes to ``log``."""

    def __init__(self, process: asyncio.subprocess.Process, name: str, log: Path) -> None:
        self.process = process
        self.name = name
        self.log = log

    def check_alive(self) -> None:
        if self.process.returncode is not None:
            raise RuntimeError(
                f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}"
            )

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    async def stop(self) -> int:
        """SIGTERM, then SIGKILL if it has not exited after STOP_TIMEOUT; its exit status."""
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGTERM)
            try:
                return await asyncio.wait_for(self.process.wait(), STOP_TIMEOUT)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    self.process.kill()
        return await self.process.wait()


def open_log(log: Path) -> int:
    """Make ``log``'s folder and open the file for a process's stderr; its descriptor."""
    log.parent.mkdir(parents=True, exist_ok=True)
    return os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)


@contextlib.asynccontextmanager
async def bot_process(
    name: str, arguments: Sequence[str], folder: Path, env: dict[str, str]
) -> AsyncIterator[BotProcess]:
    """Run ``python arguments`` in ``folder``; stop it on the way out, whatever happened.
    A clean run must end with the process exiting 0 on SIGTERM."""
    log = folder / "stderr.log"
    stderr = open_log(log)  # a file, not a pipe: a pipe nobody reads could fill and block
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *arguments,
            cwd=folder,  # no .env of the checkout is read: the settings are all in env
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=stderr,
        )
    finally:
        os.close(stderr)
    bot = BotProcess(process, name, log)
    try:
        yield bot
    except BaseException:
        await bot.stop()
        raise
    status = await bot.stop()
    if status != 0:
        raise RuntimeError(f"{name} exited with {status} on SIGTERM:\n{bot.log_tail()}")


async def until(
    standin: BotApiStandIn, bot: BotProcess, condition: Callable[[], bool], timeout: float
) -> None:
    """Wait for ``condition``; fail at once if the bot's process has died."""

    def reached() -> bool:
        bot.check_alive()
        return condition()

    await standin.wait_until(reached, timeout=timeout)


async def until_polling(standin: BotApiStandIn, bot: BotProcess, replies: int) -> None:
    """Wait until the bot polls the stand-in and has sent ``replies`` messages (the answers
    to its untimed first messages), then until the stand-in is quiet."""
    await until(
        standin,
        bot,
        lambda: bool(standin.calls_to("getUpdates")) and len(standin.sent) >= replies,
        START_TIMEOUT,
    )
    await standin.quiet()


async def burst(
    standin: BotApiStandIn,
    bot: BotProcess,
    users: list[StandInUser],
    reports: int,
    text: Callable[[int], str],
) -> Result:
    """Every user sends ``reports`` messages at once; wait for every reply."""
    watch = Stopwatch()
    standin.listeners.append(watch.on_message)
    expected = len(users) * reports
    try:
        cpu_before = cpu_time(bot.process.pid)
        start = time.perf_counter()
        for n in range(reports):
            for index, user in enumerate(users):
                message = text(n * len(users) + index)
                watch.pushed(user.chat_id, message)
                standin.send_text(user, message)
        await until(standin, bot, lambda: len(watch.latencies) >= expected, BURST_TIMEOUT)
        cpu = cpu_time(bot.process.pid) - cpu_before
    finally:
        standin.listeners.remove(watch.on_message)
    return Result(
        len(watch.latencies), watch.last_reply - start, watch.latencies, watch.exchanges, cpu
    )


def coach_env(base_url: str, database_url: str) -> dict[str, str]:
    """This environment less any coach setting, plus the settings of the run."""
    settings = {name.upper() for name in Settings.model_fields}
    env = {name: value for name, value in os.environ.items() if name.upper() not in settings}
    return env | {
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
        "DATABASE_URL": database_url,
        "DEFAULT_TIMEZONE": "Europe/London",
        "TELEGRAM_RATE_LIMIT": "10000",  # lifted: the burst measures the bot, not the cap
        # Lifted too: each runner sends 5 reports at once, and held to Telegram's one
        # message a second per chat the burst would take 5 s whatever the bot does.
        "TELEGRAM_CHAT_RATE_LIMIT": "10000",
        "DELIVERY_INTERVAL_SECONDS": "60",
        "LOG_LEVEL": "WARNING",
        # The coach's event loop (uvloop, its default); BENCH_EVENT_LOOP=asyncio measures
        # it on asyncio's own, to see what uvloop gives.
        "EVENT_LOOP": os.environ.get("BENCH_EVENT_LOOP", "uvloop"),
    }


def stored(database: Path) -> tuple[int, int, int]:
    """Reports, their sets, and reports without all their sets, in the SQLite file."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        reports = connection.execute("SELECT count(*) FROM reports").fetchone()[0]
        sets = connection.execute("SELECT count(*) FROM report_sets").fetchone()[0]
        uneven = connection.execute(
            "SELECT count(*) FROM reports r WHERE "
            "(SELECT count(*) FROM report_sets s WHERE s.report_id = r.id) != ?",
            (SETS_PER_REPORT,),
        ).fetchone()[0]
    return int(reports), int(sets), int(uneven)


async def coach_run(users: list[StandInUser], reports: int, folder: Path) -> CoachResult:
    """The coach as `python -m bot run` on a fresh SQLite file in ``folder``."""
    database = folder / "bench.db"
    async with BotApiStandIn(token=TOKEN) as standin:
        env = coach_env(standin.base_url, f"sqlite+aiosqlite:///{database}")
        async with bot_process("the coach", ["-m", "bot", "run"], folder, env) as bot:
            # Not timed: each runner opens a warm-up, so reports attach to a session.
            for user in users:
                standin.send_text(user, "/warmup")
            await until_polling(standin, bot, len(users))
            async with profiled(bot.process.pid):
                result = await burst(standin, bot, users, reports, report_text)
    # The process has stopped: everything it wrote is in the file.
    stored_reports, stored_sets, uneven = stored(database)
    return CoachResult(
        result.replies,
        result.seconds,
        result.latencies,
        result.exchanges,
        result.cpu_seconds,
        expected=len(users) * reports,
        stored_reports=stored_reports,
        stored_sets=stored_sets,
        reports_without_all_sets=uneven,
        confirmations=sum(confirms(sent, reply) for sent, reply in result.exchanges),
    )


async def echo_run(
    users: list[StandInUser],
    reports: int,
    concurrency: int | None,
    folder: Path,
    our_client: bool = False,
) -> Result:
    """The echo bot: PTB's defaults (one update at a time) or ``concurrency`` at once;
    with ``our_client``, sending through the coach's HTTP client."""
    async with BotApiStandIn(token=TOKEN) as standin:
        arguments = ["-m", "benchmarks.echo_bot", standin.base_url, TOKEN]
        if concurrency is not None:
            arguments.append(str(concurrency))
        if our_client:
            arguments.append("--our-client")
        env = os.environ | {"PYTHONPATH": str(ROOT)}
        async with bot_process("the echo bot", arguments, folder, env) as bot:
            for user in users:
                standin.register_user(user)
            standin.send_text(PING_USER, "ping")  # not timed: shows the bot is polling
            await until_polling(standin, bot, 1)
            return await burst(standin, bot, users, reports, report_text)


def line(name: str, result: Result) -> str:
    return (
        f"  {name:<42} {result.per_second:6.0f} replies/s   "
        f"p50 {result.percentile(0.5) * 1000:7.1f} ms   "
        f"p99 {result.percentile(0.99) * 1000:7.1f} ms   "
        f"CPU {result.cpu_per_reply * 1000:5.2f} ms/reply   "
        f"({result.replies} in {result.seconds:.2f} s)"
    )


def check_line(coach: CoachResult) -> str:
    verdict = "ok" if coach.all_stored else "FAILED"
    return (
        f"  stored check: {verdict}: {coach.stored_reports}/{coach.expected} reports, "
        f"{coach.stored_sets} sets ({coach.reports_without_all_sets} reports without "
        f"{SETS_PER_REPORT}), {coach.confirmations}/{coach.expected} replies confirm "
        f'("{CONFIRMATION} ...")'
    )


R = TypeVar("R", bound=Result)


def median_of(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def median(results: Sequence[R]) -> R:
    """The round with the median replies/s (the lower middle one for an even count)."""
    ordered = sorted(results, key=lambda r: r.per_second)
    return ordered[(len(ordered) - 1) // 2]


@dataclass(frozen=True, slots=True)
class Baseline:
    """One configuration of the echo bot: its name in the output and how it runs."""

    name: str
    short: str
    concurrency: int | None
    our_client: bool = False


BASELINES = (
    Baseline("echo bot, PTB defaults", "defaults", None),
    Baseline(f"echo bot, {DEFAULT_WORKERS} concurrent", "concurrent", DEFAULT_WORKERS),
    Baseline("echo bot, our HTTP client", "ours", None, our_client=True),
)


async def main(
    users_count: int = USERS, reports: int = REPORTS, rounds: int = ROUNDS
) -> tuple[CoachResult, Result]:
    """``rounds`` rounds of the bots in turn; the medians and their ratios count.

    The baseline the target is set against is the first: a bare python-telegram-bot
    echo bot as PTB builds it. The second handles as many updates at once as the coach.
    The third sends through the coach's own HTTP client (bot/http.py), to show how much
    of the coach's speed is that client rather than its handlers.

    One burst lasts a few seconds and this machine is shared: a single round's ratio
    moved by ±30% from run to run. Interleaving the bots round by round spreads any
    slow spell over all of them, and the median drops the odd one out.
    """
    users = runners(users_count)
    print(
        f"rep reports: {users_count} runners x {reports} reports sent at once, "
        "through the loopback stand-in, each bot in a process of its own; "
        f"{rounds} round{'s' if rounds != 1 else ''}, the bots in turn"
    )
    echoes: dict[str, list[Result]] = {b.short: [] for b in BASELINES}
    coaches: list[CoachResult] = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for n in range(1, rounds + 1):
            for b in BASELINES:
                run = await echo_run(
                    users, reports, b.concurrency, folder / f"{b.short}-{n}", b.our_client
                )
                echoes[b.short].append(run)
            coaches.append(await coach_run(users, reports, folder / f"coach-{n}"))
            if rounds > 1:
                figures = [
                    f"echo {b.short} {echoes[b.short][-1].per_second:.0f}/s" for b in BASELINES
                ]
                print(
                    f"  round {n}: "
                    + ", ".join([*figures, f"coach {coaches[-1].per_second:.0f}/s"])
                )
    label = "median " if rounds > 1 else ""
    medians = {b.short: median(echoes[b.short]) for b in BASELINES}
    coach = median(coaches)
    for b in BASELINES:
        print(line(f"{label}{b.name}", medians[b.short]))
    print(line(f"{label}coach: parse+store+adapt", coach))
    for result in coaches:
        print(check_line(result))
    for b in BASELINES:
        ratios = [
            c.per_second / e.per_second for c, e in zip(coaches, echoes[b.short], strict=True)
        ]
        ratio = coach.per_second / medians[b.short].per_second
        cpu_ratio = median_of([e.cpu_per_reply for e in echoes[b.short]]) / median_of(
            [c.cpu_per_reply for c in coaches]
        )
        print(
            f"  ratio coach / echo {b.short:<11} {ratio:.2f}x replies/s, "
            f"{cpu_ratio:.2f}x CPU per reply (theirs over ours: above 1, we use less)"
            + (f"   (rounds: {min(ratios):.2f}x .. {max(ratios):.2f}x)" if rounds > 1 else "")
        )
    failed = [result for result in coaches if not result.all_stored]
    return (failed[0] if failed else coach), medians[BASELINES[0].short]


if __name__ == "__main__":
    run_from_command_line(main, 2)
