"""The benchmarks keep running: each one, on a tiny budget, prints its figures."""

from __future__ import annotations

import pytest

from benchmarks import bench_delivery, bench_matcher, bench_reports

pytestmark = pytest.mark.slow


def test_matcher_benchmark_prints_median_and_p99(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The matcher benchmark reports median, p99 and the ratio to its baselines."""
    monkeypatch.setattr(bench_matcher, "ROUNDS", 1)
    bench_matcher.main()
    out = capsys.readouterr().out
    assert "ExerciseMatcher.match" in out
    assert "difflib naive matcher" in out
    assert "matcher vs difflib median ratio:" in out


async def test_delivery_benchmark_prints_its_figures(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The delivery benchmark, on 200 runners and a 2,000-runner table, prints the wave's
    time against its floor and baseline, zero duplicates/misses/429s, and the claim query."""
    monkeypatch.setattr(bench_delivery, "CLAIM_ROUNDS", 3)
    await bench_delivery.run(200, 2000)
    out = capsys.readouterr().out
    assert "floor N / rate" in out
    assert "bare PTB, same card" in out
    assert "duplicates 0  misses 0  429s 0" in out
    assert "2,000 scheduled runners" in out
    assert "MiB" in out


async def test_report_benchmark_answers_every_report_and_prints_the_ratio(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """20 runners x 2 reports, bots in own processes: all answered, stored, confirmed, printed."""
    coach, baseline = await bench_reports.main(20, 2, rounds=1)
    assert coach.replies == baseline.replies == 40
    assert len(coach.latencies) == 40
    assert coach.stored_reports == 40
    assert coach.stored_sets == 160
    assert coach.reports_without_all_sets == 0
    assert coach.confirmations == 40
    assert coach.all_stored
    out = capsys.readouterr().out
    assert "echo bot, PTB defaults" in out
    assert "echo bot, our HTTP client" in out
    assert "ratio coach / echo ours" in out
    assert "coach: parse+store+adapt" in out
    assert "stored check: ok: 40/40 reports, 160 sets" in out
    assert "40/40 replies confirm" in out
    assert "ratio coach / echo concurrent" in out
    # CPU per reply: each bot process's own CPU time over its burst, read from /proc.
    assert coach.cpu_seconds > 0
    assert baseline.cpu_seconds > 0
    assert "CPU per reply" in out
