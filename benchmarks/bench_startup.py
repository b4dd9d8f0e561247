"""Start-up time: from spawning `python -m bot run` to its first getUpdates.

The coach polls the loopback stand-in (bot/standin), which runs in this process and
records every call with its time on its clock (``time.time``, read here too just before
each process is spawned). A message is waiting in the stand-in before each start, so the
bot's first long poll is answered at once and recorded as it arrives (an empty long poll
would only be recorded when it ends). The database is a SQLite file migrated to head
once before the rounds (`python -m bot migrate`), as a deployed bot restarts on its own
database; the settings are the deployed defaults (voice notes on, so the speech workers
start in the background; no Mini App server), the Telegram rate limits lifted.

Python's bytecode caches are there, as for any installed bot after its first start (pip
compiles what it installs; Python writes the rest at the first import): the processes
keep them in a folder of the run (PYTHONPYCACHEPREFIX), filled by an untimed first
round. This shell sets PYTHONDONTWRITEBYTECODE, under which every module of the project
is compiled again at each start: the coach is also timed that way, on a line of its own.
The translation catalogues are likewise there compiled (handlers/i18n.py keeps a ``.mo``
beside each ``.po`` at the first start; the untimed round writes them if they are not).

Side by side, in interleaved rounds, each round a fresh process of each kind: the bare
python-telegram-bot echo bot (``benchmarks/echo_bot.py``) to its first getUpdates, and
``python -c pass`` (spawn to exit), the interpreter's floor. Each process is stopped with
SIGTERM once it has polled, and must exit 0. Printed: each one's median and p95, whether
the coach met the target (under 1,000 ms, with bytecode caches), and the time
``import bot.application`` takes in a fresh interpreter (median of IMPORT_ROUNDS).

Run: ``make bench`` or ``.venv/bin/python -m benchmarks.bench_startup [ROUNDS]``.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.bench_reports import TOKEN, bot_process, coach_env, until
from benchmarks.processes import run_from_command_line
from bot.standin import BotApiStandIn, StandInUser

ROUNDS = 7
IMPORT_ROUNDS = 5
TARGET_MS = 1000.0
POLL_TIMEOUT = 60.0  # seconds for a process to reach its first getUpdates
WAITING = StandInUser(id=6_900_000, first_name="Early")
ROOT = Path(__file__).resolve().parents[1]
IMPORT_PROBE = (
    "import time; t = time.perf_counter(); import bot.application; print(time.perf_counter() - t)"
)

Environment = Callable[[dict[str, str]], dict[str, str]]


def cached(folder: Path) -> Environment:
    """An environment with Python's bytecode caches kept in ``folder``."""

    def environment(env: dict[str, str]) -> dict[str, str]:
        env = {name: value for name, value in env.items() if name != "PYTHONDONTWRITEBYTECODE"}
        return env | {"PYTHONPYCACHEPREFIX": str(folder)}

    return environment


def uncached(env: dict[str, str]) -> dict[str, str]:
    """An environment in which Python writes no bytecode cache (reads only those there
    are, in the installed packages): the project is compiled at every start."""
    env = {name: value for name, value in env.items() if name != "PYTHONPYCACHEPREFIX"}
    return env | {"PYTHONDONTWRITEBYTECODE": "1"}


@dataclass(frozen=True, slots=True)
class Timings:
    """Milliseconds of each round of one kind of process."""

    name: str
    ms: list[float]

    def median(self) -> float:
        return statistics.median(self.ms)

    def p95(self) -> float:
        ordered = sorted(self.ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def line(self) -> str:
        return (
            f"  {self.name:<52} median {self.median():6.0f} ms   p95 {self.p95():6.0f} ms   "
            f"(rounds: {', '.join(f'{ms:.0f}' for ms in self.ms)})"
        )


@dataclass(frozen=True, slots=True)
class StartupResult:
    """The run's figures: the coach (with and without bytecode caches), the echo bot, the
    bare interpreter, and the seconds of ``import bot.application`` in fresh interpreters."""

    coach: Timings
    coach_uncached: Timings
    echo: Timings
    interpreter: Timings
    imports: list[float]

    @property
    def met(self) -> bool:
        return self.coach.median() < TARGET_MS


Command = Callable[[str], tuple[list[str], dict[str, str]]]


def coach_command(database_url: str, environment: Environment) -> Command:
    """`python -m bot run` against the stand-in at a base URL, on ``database_url``."""

    def command(base_url: str) -> tuple[list[str], dict[str, str]]:
        return ["-m", "bot", "run"], environment(coach_env(base_url, database_url))

    return command


def echo_command(environment: Environment) -> Command:
    """The bare echo bot against the stand-in at a base URL."""

    def command(base_url: str) -> tuple[list[str], dict[str, str]]:
        arguments = ["-m", "benchmarks.echo_bot", base_url, TOKEN]
        return arguments, environment(os.environ | {"PYTHONPATH": str(ROOT)})

    return command


async def first_poll(command: Command, folder: Path) -> float:
    """Milliseconds from spawning ``command``'s process to its first getUpdates."""
    async with BotApiStandIn(token=TOKEN) as standin:
        standin.send_text(WAITING, "ping")  # answered at once: the first poll is timed
        arguments, env = command(standin.base_url)
        spawned = standin.clock()
        async with bot_process(folder.name, arguments, folder, env) as bot:
            await until(standin, bot, lambda: bool(standin.calls_to("getUpdates")), POLL_TIMEOUT)
            polled = standin.calls_to("getUpdates")[0].at
    return (polled - spawned) * 1000


async def bare_interpreter(environment: Environment) -> float:
    """Milliseconds from spawning ``python -c pass`` to its exit."""
    env = environment(dict(os.environ))
    spawned = time.time()
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass", env=env)
    status = await process.wait()
    if status != 0:
        raise RuntimeError(f"python -c pass exited with {status}")
    return (time.time() - spawned) * 1000


def import_seconds(environment: Environment) -> float:
    """Seconds ``import bot.application`` takes in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE],
        cwd=ROOT,
        env=environment(os.environ | {"PYTHONPATH": str(ROOT)}),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out.strip().splitlines()[-1])


def migrate(env: dict[str, str], folder: Path) -> None:
    """`python -m bot migrate` on the run's database (untimed)."""
    subprocess.run(
        [sys.executable, "-m", "bot", "migrate"],
        cwd=folder,
        env=env,
        capture_output=True,
        check=True,
    )


async def main(rounds: int = ROUNDS, import_rounds: int = IMPORT_ROUNDS) -> StartupResult:
    """``rounds`` rounds of the four processes in turn (after an untimed one that fills
    the bytecode caches); medians, p95s and the verdict."""
    print(
        "start-up: spawn to first getUpdates at the loopback stand-in, SQLite at head, "
        f"{rounds} round{'s' if rounds != 1 else ''}, the processes in turn"
    )
    coach: list[float] = []
    coach_uncached: list[float] = []
    echo: list[float] = []
    interpreter: list[float] = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        with_caches = cached(folder / "pycache")
        database = f"sqlite+aiosqlite:///{folder / 'startup.db'}"
        # The stand-in of each round has a port of its own; migrating needs none.
        migrate(with_caches(coach_env("http://127.0.0.1:9/bot", database)), folder)
        coach_run = coach_command(database, with_caches)
        coach_compiling = coach_command(database, uncached)
        echo_run = echo_command(with_caches)
        await first_poll(echo_run, folder / "echo-0")  # untimed: the caches are written
        await first_poll(coach_run, folder / "coach-0")
        for n in range(1, rounds + 1):
            interpreter.append(await bare_interpreter(with_caches))
            echo.append(await first_poll(echo_run, folder / f"echo-{n}"))
            coach.append(await first_poll(coach_run, folder / f"coach-{n}"))
            coach_uncached.append(await first_poll(coach_compiling, folder / f"compiling-{n}"))
            print(
                f"  round {n}: coach {coach[-1]:.0f} ms ({coach_uncached[-1]:.0f} ms compiling "
                f"its modules), echo bot {echo[-1]:.0f} ms, bare interpreter "
                f"{interpreter[-1]:.0f} ms"
            )
        imports = [import_seconds(with_caches) for _ in range(import_rounds)]
    result = StartupResult(
        Timings("coach: python -m bot run", coach),
        Timings("coach, compiling its modules at the start", coach_uncached),
        Timings("echo bot: python -m benchmarks.echo_bot", echo),
        Timings("bare interpreter: python -c pass (to exit)", interpreter),
        imports,
    )
    for timings in (result.coach, result.coach_uncached, result.echo, result.interpreter):
        print(timings.line())
    print(
        f"  import bot.application in a fresh interpreter: "
        f"median {statistics.median(imports) * 1000:.0f} ms of {import_rounds}"
    )
    print(
        f"first getUpdates after {result.coach.median():.0f} ms (median of {rounds}), "
        f"echo bot {result.echo.median():.0f} ms, "
        f"bare interpreter {result.interpreter.median():.0f} ms; "
        f"target < {TARGET_MS:.0f} ms: {'met' if result.met else 'NOT met'}"
    )
    return result


if __name__ == "__main__":
    run_from_command_line(main, 1)
