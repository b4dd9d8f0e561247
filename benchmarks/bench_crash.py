"""The crash window (issue 21): how many warm-ups a kill -9 in the middle of a wave
sends twice, next to the bound the outcome journal (bot/outcome_journal.py) promises.

RUNNERS runners have their warm-up due now in a SQLite file migrated to head; the loopback
stand-in of the Bot API (bot/standin) runs in this process. A real `python -m bot run` at
RATE sends a second over CONNECTIONS connections is killed with SIGKILL KILLS times, each
at a random instant of the one wave (a few of its own sends, then 0.05-0.3 s; the instants
drawn from a fixed seed, the same each run), restarted each time under the same
INSTANCE_NAME; a last life finishes the wave and is stopped with SIGTERM. The scenario is
tests/crash_scenario.py, the one tests/test_crash_window.py asserts on.

Printed: each kill's warm-ups delivered so far, then the warm-ups doubled over all the
kills, the bound (the sends in flight at each kill: at most CONNECTIONS a kill), the
runners missed and the rows left claimed. The run fails if anybody was missed, a runner
got more than two, the doubles pass the bound or a row is left claimed.

Run: ``make bench`` or ``.venv/bin/python -m benchmarks.bench_crash [RUNNERS [KILLS]]``.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.processes import run_from_command_line
from bot.standin import BotApiStandIn
from library.deliveries import DeliveryStatus
from storage import Database
from tests.crash_scenario import CrashResult, kill_during_wave
from tests.helpers import TEST_TOKEN

RUNNERS = 600
KILLS = 10
CONNECTIONS = 8
RATE = 100  # sends a second: a busy bot, well above Telegram's free 30
INSTANCE = "bench-crash"
SEED = 21


def problems_of(result: CrashResult) -> list[str]:
    """What the run got wrong, in words (empty when the crash window held)."""
    problems: list[str] = []
    if result.missed:
        problems.append(f"{result.missed} runner(s) missed")
    if result.most_to_one_chat > 2:
        problems.append(f"a runner got {result.most_to_one_chat} warm-ups")
    if result.doubled > result.bound:
        problems.append(f"{result.doubled} doubled, over the bound of {result.bound}")
    claimed = result.statuses.get(DeliveryStatus.CLAIMED.value, 0)
    if claimed:
        problems.append(f"{claimed} row(s) left claimed")
    return problems


def summary(result: CrashResult) -> str:
    """The benchmark's line: the doubles next to their bound, and the misses."""
    kills = len(result.kills)
    return (
        f"crash window: {kills} kill -9{'s' if kills != 1 else ''} in one wave of "
        f"{result.runners} at {result.rate:g} sends/s: {result.doubled} warm-up"
        f"{'s' if result.doubled != 1 else ''} doubled (bound: the sends in flight at "
        f"each kill, at most {result.connections} a kill: {result.bound}); "
        f"missed {result.missed}"
    )


async def main(runners: int = RUNNERS, kills: int = KILLS) -> CrashResult:
    """The scenario on a fresh SQLite file and stand-in; prints and returns its counts."""
    print(
        f"crash window: {runners} warm-ups due now, `python -m bot run` at {RATE} sends/s "
        f"over {CONNECTIONS} connections, killed with SIGKILL {kills} times, then finishing"
    )
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        url = f"sqlite+aiosqlite:///{folder / 'crash.db'}"
        database = Database(url)
        await database.migrate()
        async with BotApiStandIn(token=TEST_TOKEN) as standin:
            result = await kill_during_wave(
                database,
                url,
                standin,
                folder,
                runners=runners,
                kills=kills,
                rate=RATE,
                connections=CONNECTIONS,
                instance=INSTANCE,
                seed=SEED,
            )
    for number, kill in enumerate(result.kills, start=1):
        print(f"  kill {number}: {kill.delivered} warm-ups sent so far, doubles included")
    claimed = result.statuses.get(DeliveryStatus.CLAIMED.value, 0)
    print(
        f"  rows: {result.statuses.get(DeliveryStatus.SENT.value, 0)} sent, {claimed} left "
        f"claimed; most warm-ups to one runner: {result.most_to_one_chat}; "
        f"{time.monotonic() - started:.0f} s in all"
    )
    print(summary(result))
    problems = problems_of(result)
    if problems:
        raise RuntimeError("the crash window did not hold: " + "; ".join(problems))
    return result


if __name__ == "__main__":
    run_from_command_line(main, 2)
