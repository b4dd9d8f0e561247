"""The crash-window benchmark keeps running: on 200 runners and 3 kills it prints the
doubles next to their bound, and nobody is missed."""

from __future__ import annotations

import signal
from collections import Counter

import pytest

from benchmarks import bench_crash
from library.deliveries import DeliveryStatus
from tests.crash_scenario import CrashResult, Kill


def test_a_missed_runner_or_a_double_over_the_bound_is_a_problem() -> None:
    """The benchmark's verdict is not vacuous: a miss, a triple, doubles past the bound
    and a row left claimed are each named; a run within the window has none."""
    kill = Kill(-signal.SIGKILL, 50)
    bad = CrashResult(
        runners=3,
        kills=[kill],
        connections=1,
        rate=100,
        chats=[1, 2, 3],
        per_chat=Counter({1: 3, 2: 1}),
        last_status=0,
        last_log="",
        statuses={DeliveryStatus.SENT.value: 2, DeliveryStatus.CLAIMED.value: 1},
    )
    assert bench_crash.problems_of(bad) == [
        "1 runner(s) missed",
        "a runner got 3 warm-ups",
        "2 doubled, over the bound of 1",
        "1 row(s) left claimed",
    ]
    good = CrashResult(
        runners=3,
        kills=[kill],
        connections=1,
        rate=100,
        chats=[1, 2, 3],
        per_chat=Counter({1: 2, 2: 1, 3: 1}),
        last_status=0,
        last_log="",
        statuses={DeliveryStatus.SENT.value: 3},
    )
    assert bench_crash.problems_of(good) == []
    assert bench_crash.summary(good) == (
        "crash window: 1 kill -9 in one wave of 3 at 100 sends/s: 1 warm-up doubled "
        "(bound: the sends in flight at each kill, at most 1 a kill: 1); missed 0"
    )


@pytest.mark.slow
async def test_the_benchmark_prints_the_doubles_and_their_bound(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """200 runners, 3 kills: every runner got the warm-up, at most twice, the doubles
    within 3 x 8, every row sent; the printed line says so."""
    result = await bench_crash.main(200, 3)
    assert len(result.kills) == 3
    assert all(kill.status == -signal.SIGKILL for kill in result.kills)
    assert all(kill.delivered < 200 for kill in result.kills)
    assert result.last_status == 0, result.last_log
    assert result.missed == 0
    assert sorted(result.per_chat) == sorted(result.chats)
    assert len(result.chats) == 200
    assert max(result.per_chat.values()) <= 2
    assert result.bound == 24
    assert 0 <= result.doubled <= 24
    assert result.statuses.get(DeliveryStatus.CLAIMED.value, 0) == 0
    assert result.statuses[DeliveryStatus.SENT.value] == 200
    out = capsys.readouterr().out
    assert (
        f"crash window: 3 kill -9s in one wave of 200 at 100 sends/s: {result.doubled} warm-up"
    ) in out
    assert "(bound: the sends in flight at each kill, at most 8 a kill: 24); missed 0" in out
