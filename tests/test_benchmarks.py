"""The benchmarks keep running: each one, on a tiny budget, prints its figures."""

from __future__ import annotations

import pytest

from benchmarks import bench_matcher


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
