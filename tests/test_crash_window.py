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
worst case, where the bound is reached.) The scenario itself is tests/crash_scenario.py,
shared with benchmarks/bench_crash.py.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.standin import BotApiStandIn
from library.deliveries import DeliveryStatus
from storage import Database
from tests.crash_scenario import kill_during_wave

RUNNERS = 600
KILLS = 10
CONNECTIONS = 8
RATE = 100  # sends a second: a busy bot, well above Telegram's free 30
INSTANCE = "crash-window"
SEED = 21  # the kills' instants: random, the same each run


@pytest.mark.slow
async def test_ten_kills_in_one_wave_double_only_the_sends_in_flight(
    database: Database,
    database_url: str,
    standin: BotApiStandIn,
    tmp_path: Path,
    record_property: Callable[[str, object], None],
) -> None:
    result = await kill_during_wave(
        database,
        database_url,
        standin,
        tmp_path,
        runners=RUNNERS,
        kills=KILLS,
        rate=RATE,
        connections=CONNECTIONS,
        instance=INSTANCE,
        seed=SEED,
    )
    assert len(result.kills) == KILLS
    for number, kill in enumerate(result.kills, start=1):
        assert kill.status == -signal.SIGKILL, number
        assert kill.delivered < RUNNERS, f"the wave ended before kill {number}"
    assert result.last_status == 0, result.last_log

    per_runner = result.per_chat
    assert len(result.chats) == RUNNERS
    assert sorted(per_runner) == sorted(result.chats)  # nobody missed
    doubled = sum(count - 1 for count in per_runner.values())
    bound = KILLS * CONNECTIONS
    assert (result.doubled, result.bound, result.missed) == (doubled, bound, 0)
    print(
        f"\ndoubled over {KILLS} kills at {RATE} sends/s: {doubled} "
        f"(bound: the sends in flight at each kill, at most {CONNECTIONS} a kill, {bound})"
    )
    record_property("doubled", doubled)
    assert max(per_runner.values()) <= 2
    assert doubled <= bound
    assert result.statuses.get(DeliveryStatus.CLAIMED.value, 0) == 0
    assert result.statuses[DeliveryStatus.SENT.value] == RUNNERS
