"""Matcher speed: median and p99 time per message, against baselines measured in the same run.

Baselines: ``normalize`` alone (the floor: just reading the text) and a naive matcher
built on the standard library's difflib over the same aliases.
Run: ``make bench`` or ``.venv/bin/python -m benchmarks.bench_matcher``.
"""

from __future__ import annotations

import difflib
import statistics
import time
from collections.abc import Callable, Sequence

from bot.application import load_catalog
from library.matcher import ExerciseMatcher, normalize
from tests.matcher_cases import NOT_QUESTIONS, QUESTIONS

ROUNDS = 200


def timings(function: Callable[[str], object], messages: Sequence[str]) -> list[float]:
    """Seconds per call, one sample per message per round."""
    samples = []
    for _ in range(ROUNDS):
        for message in messages:
            started = time.perf_counter_ns()
            function(message)
            samples.append((time.perf_counter_ns() - started) / 1e9)
    return samples


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]


def main() -> None:
    catalog = load_catalog()
    matcher = ExerciseMatcher(catalog)
    aliases = {normalize(a): e.id for e in catalog for a in (e.name, *e.aliases)}
    keys = list(aliases)

    def naive(text: str) -> object:
        return difflib.get_close_matches(normalize(text), keys, n=3, cutoff=0.75)

    messages = [text for text, _ in QUESTIONS] + NOT_QUESTIONS
    print(f"{len(messages)} messages x {ROUNDS} rounds")
    rows = [
        ("normalize only (floor)", timings(normalize, messages)),
        ("difflib naive matcher", timings(naive, messages)),
        ("ExerciseMatcher.match", timings(matcher.match, messages)),
    ]
    floor_median = summary(rows[0][1])[0]
    print(f"{'':26}{'median':>12}{'p99':>12}{'x floor':>10}")
    for name, samples in rows:
        median, p99 = summary(samples)
        print(f"{name:26}{median * 1e6:10.1f}us{p99 * 1e6:10.1f}us{median / floor_median:10.1f}")
    naive_median = summary(rows[1][1])[0]
    match_median, match_p99 = summary(rows[2][1])
    print(f"matcher vs difflib median ratio: {match_median / naive_median:.2f}")
    print(f"matcher p99 is {match_p99 * 1e3:.3f} ms (target: far under 1 ms)")


if __name__ == "__main__":
    main()
