"""Speech recognizer accuracy and speed over the voice clips of tests/data/voice.

Accuracy: report clips heard as exactly their report (parsed as the bot parses text),
problem clips given their problem; every clip that fails is printed with what was heard
and the two rejection measures (grammar against phone loop per frame, share of the sound
covered by the grammar's words), so the thresholds of bot/speech.py can be checked.
Speed: the time per clip through the recognizer's process pool (the bot's path, with
one worker as on this 2-core machine), its median and p95, and the real-time factor
(decoding time / audio length). Also how long the pool takes to start and warm.
Run: ``.venv/bin/python -m benchmarks.bench_speech``.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import tomllib
from pathlib import Path
from typing import Any

from bot import speech
from bot.application import load_catalog
from bot.speech import SpeechRecognizer, default_workers, listen
from library.exercises import ExerciseCatalog
from library.matcher import ExerciseMatcher
from library.reports import parse_report
from library.training import Leg
from library.voice import grammar, grammar_words

VOICE = Path(__file__).resolve().parent.parent / "tests" / "data" / "voice"
LIMIT = 30.0
ROUNDS = 3


def expected(clip: dict[str, Any]) -> tuple[str, dict[Leg, tuple[int, ...]]]:
    if "both" in clip:
        return clip["exercise"], {Leg.BOTH: tuple(clip["both"])}
    return clip["exercise"], {Leg.LEFT: tuple(clip["left"]), Leg.RIGHT: tuple(clip["right"])}


def accuracy(catalog: ExerciseCatalog, clips: dict[str, list[dict[str, Any]]]) -> None:
    """Decodes every clip in this process and prints what is right and what is not."""
    speech.start_worker(grammar(catalog), tuple(sorted(grammar_words(catalog))))
    matcher = ExerciseMatcher(catalog)
    right = 0
    lowest_margin = lowest_covered = float("inf")
    for clip in clips["report"]:
        heard = listen((VOICE / clip["file"]).read_bytes(), LIMIT)
        report = parse_report(heard.text, matcher) if heard.text else None
        got = (
            ("".join(exercise.id for exercise in report.named[:1]), dict(report.sets))
            if report
            else None
        )
        if got == expected(clip):
            right += 1
            lowest_margin = min(lowest_margin, heard.margin)
            lowest_covered = min(lowest_covered, heard.covered)
        else:
            print(
                f"  MISHEARD {clip['file']}: said {clip['said']!r}, heard {heard.text!r}"
                f" ({heard.problem}, margin {heard.margin:.1f}, covered {heard.covered:.2f})"
            )
    problems_right = 0
    highest_margin = -float("inf")
    for clip in clips["problem"]:
        heard = listen((VOICE / clip["file"]).read_bytes(), LIMIT)
        if heard.problem is not None and heard.problem.value == clip["problem"]:
            problems_right += 1
        else:
            print(f"  WRONG {clip['file']}: wanted {clip['problem']}, got {heard}")
        if heard.margin > -float("inf") and heard.covered >= speech.MIN_COVERED:
            highest_margin = max(highest_margin, heard.margin)
    speech._decoder = None
    print(f"reports heard exactly right: {right} / {len(clips['report'])}")
    print(f"problems given their problem: {problems_right} / {len(clips['problem'])}")
    print(
        f"rejection: reports' lowest margin {lowest_margin:.1f} and coverage"
        f" {lowest_covered:.2f}; other sound's highest margin {highest_margin:.1f}"
        f" (thresholds {speech.UNCLEAR_MARGIN:.1f} and {speech.MIN_COVERED:.2f})"
    )


async def speed(catalog: ExerciseCatalog, clips: dict[str, list[dict[str, Any]]]) -> None:
    """Times every audio clip through the recognizer's pool, as the bot calls it."""
    workers = default_workers()
    recognizer = SpeechRecognizer(catalog, workers=workers, max_seconds=LIMIT)
    started = time.perf_counter()
    await recognizer.start()
    print(f"pool of {workers} worker(s) started and warm in {time.perf_counter() - started:.2f} s")
    times: list[float] = []
    factors: list[float] = []
    longest = (0.0, 0.0)
    try:
        for _ in range(ROUNDS):
            for clip in clips["report"] + clips["problem"]:
                audio = (VOICE / clip["file"]).read_bytes()
                began = time.perf_counter()
                heard = await recognizer.transcribe(audio)
                took = time.perf_counter() - began
                times.append(took)
                if heard.seconds > 0:
                    factors.append(took / heard.seconds)
                longest = max(longest, (heard.seconds, took))
    finally:
        await recognizer.close()
    ordered = sorted(times)
    print(
        f"time per clip ({len(times)} decodes): median {statistics.median(ordered) * 1000:.0f} ms,"
        f" p95 {ordered[int(len(ordered) * 0.95) - 1] * 1000:.0f} ms,"
        f" real-time factor median {statistics.median(factors):.2f}"
    )
    print(
        f"longest clip {longest[0]:.1f} s took {longest[1] * 1000:.0f} ms (target: 5 s in < 1.5 s)"
    )


def main() -> None:
    catalog = load_catalog()
    clips = tomllib.loads((VOICE / "clips.toml").read_text(encoding="utf-8"))
    accuracy(catalog, clips)
    asyncio.run(speed(catalog, clips))


if __name__ == "__main__":
    main()
