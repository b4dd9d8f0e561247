"""The wave benchmark keeps running, and shows the issue's case: every warm-up of a wave
bigger than the rate allows at its due time still arrives before the run."""

from __future__ import annotations

import math

import pytest

from benchmarks import bench_waves
from bot.scheduler import BUDGET_MARGIN


async def test_a_wave_too_big_for_its_due_time_starts_early_and_all_land() -> None:
    """400 runners due at 06:55 for a 07:00 run (lead 5) at 1 message a second: from the
    due time alone only 300 could go before the run; looking ahead, all 400 land inside
    their window (06:45 to 06:55), none twice, never two in one second."""
    result = await bench_waves.simulate(400, 1, 5, look_ahead=True)
    assert result.in_window == 400
    assert (result.late, result.missed, result.doubled) == (0, 0, 0)
    assert result.busiest_second == 1
    assert result.stored["sent"] == 400


async def test_the_virtual_clock_paces_exactly_at_the_bots_slots() -> None:
    """At 30 a second the bot's slots are 1.1 / 30 s apart (36,666 or 36,667 µs): a
    one-second window holds 28 of them (27 spacings span 0.99 s), never more."""
    result = await bench_waves.simulate(120, 30, 5, look_ahead=True)
    assert result.in_window == 120
    assert result.busiest_second == math.ceil(30 / (1 + BUDGET_MARGIN))


@pytest.mark.slow
async def test_the_benchmark_prints_both_runs_side_by_side(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """2,000 runners at 5 msg/s with a 5-minute lead: with look-ahead every warm-up
    arrives inside its window; at the due time alone only the first 5 minutes' worth
    (at the bot's slots, 1.1 / 5 s apart) reach the runner before the run."""
    with_look_ahead, without = await bench_waves.run(2000, 5, 5)
    assert with_look_ahead.in_window == 2000
    assert with_look_ahead.all_before_run
    assert without.missed == 2000 - math.ceil(5 * 60 * 5 / (1 + BUDGET_MARGIN))
    assert max(with_look_ahead.busiest_second, without.busiest_second) <= 5
    out = capsys.readouterr().out
    assert "look-ahead" in out
    assert "due time only" in out
