"""The Mini App benchmark keeps running: on a tiny log and one round, the dashboard it
times shows the runner's numbers, and its figures are real measurements (positive and
finite: how fast is the benchmark's business, not a test's)."""

from __future__ import annotations

import math

import pytest

from benchmarks import bench_webapp
from tests.browser import Timing

EXERCISES = [
    "Hamstring hops",
    "Hamstring humps",
    "Single-leg hops: forward and back",
    "Single-leg hops: over the shoulder",
    "Single-leg hops: side to side",
]


def test_a_page_without_the_runner_s_data_is_a_problem() -> None:
    """The benchmark's check is not vacuous: an empty page fails every point of it."""
    seeded = bench_webapp.Seeded(6, 30, "Left 7, 7 · Right 10, 10", 3)
    empty = Timing(100.0, 120.0, {}, read={"options": [], "reports": 0, "oneOff": 0})
    problems = bench_webapp.problems_of(empty, seeded)
    assert len(problems) == 6
    assert any("Left 7, 7 · Right 10, 10" in problem for problem in problems)


@pytest.mark.slow
@pytest.mark.browser
async def test_the_benchmark_loads_the_runner_s_dashboard_and_prints_its_figures(
    chromium: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two weeks of warm-ups (6 sessions of 5 reports, all within the history's 30 days)
    and one round: the page showed the five exercises, all 30 reports, the newest
    humps (left 7 in the first six sessions) and the three one-off runs."""
    result = await bench_webapp.main(1, 2)
    assert result.problems == []
    [load] = result.dashboard
    assert sorted(load.read["options"]) == EXERCISES
    assert load.read["reports"] == 30
    assert load.read["oneOff"] == 3
    assert "Left 7, 7 · Right 10, 10" in str(load.read["history"])
    assert "Mon 07:00" in str(load.read["plan"])
    for timed in (*result.dashboard, *result.baseline):
        assert 0 < timed.rendered_ms <= timed.painted_ms
        assert math.isfinite(timed.painted_ms)
    for name in ("app", "app.js", "app.css", "dashboard"):
        assert load.transfers[name] > 0, name
    assert len(result.server_seconds) == bench_webapp.SERVER_REQUESTS
    assert all(0 < s < math.inf for s in result.server_seconds)
    assert 0 < result.ratio < math.inf
    out = capsys.readouterr().out
    assert "dashboard rendered in" in out
    assert "baseline blank page" in out
    assert "target < 1000 ms" in out
    assert "server time of GET /api/dashboard" in out
    assert "history and plan: ok" in out
