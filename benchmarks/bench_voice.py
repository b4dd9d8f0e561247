"""Voice notes under load: the time from a voice note to "I heard", and typed reports alongside.

The coach runs as `python -m bot run` (a process of its own, as deployed, with its speech
recognizer's worker pool sized to the machine unless VOICE_WORKERS is given) polling the
loopback stand-in, which stays in this process and times every reply. VOICE_RUNNERS
runners send NOTES voice notes of CLIP_SECONDS each, one every NOTE_INTERVAL seconds in
turn: the committed clip saying "left twelve right fifteen" padded with silence in
memory to five seconds, re-encoded as OGG/Opus as Telegram keeps voice notes. At the
same time TEXT_RUNNERS other runners send typed rep reports, one every TEXT_INTERVAL
seconds in turn. Before that, in the same run and the same bot, the same typed stream
runs alone for as long: the baseline the typed reports' latency under voice load is
measured against.

Printed: the median and p95 time from a voice note's arrival at the stand-in to the
bot's "I heard" reply, how many heard 12 and 15, and the median and p95 reply latency of
the typed reports with and without the voice notes. Every runner has a warm-up open
first (untimed), and one untimed voice note shows the recognizer is warm.
The Telegram rate limits are lifted, as in bench_reports: the run measures the bot.

Run: ``.venv/bin/python -m benchmarks.bench_voice [NOTES [VOICE_RUNNERS [TEXT_RUNNERS]]]``.
"""

from __future__ import annotations

import asyncio
import io
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile  # type: ignore[import-untyped]

from benchmarks.bench_reports import (
    TOKEN,
    BotProcess,
    Stopwatch,
    bot_process,
    coach_env,
    until,
    until_polling,
)
from benchmarks.processes import run_from_command_line
from bot.speech import default_workers
from bot.standin import BotApiStandIn, StandInUser

NOTES = 20
VOICE_RUNNERS = 4
TEXT_RUNNERS = 20
NOTE_INTERVAL = 1.0  # seconds between two voice notes (from the voice runners in turn)
TEXT_INTERVAL = 0.1  # seconds between two typed reports (from the text runners in turn)
CLIP_SECONDS = 5.0
FIRST_VOICE_ID = 8_000_000
FIRST_TEXT_ID = 8_100_000
ROOT = Path(__file__).resolve().parents[1]
CLIP = ROOT / "tests" / "data" / "voice" / "left12_right15_kal.ogg"  # "left twelve right fifteen"
HEARD = "I heard"
EXPECTED = "Left 12 · Right 15"
REPLY_TIMEOUT = 120.0


def padded_clip(path: Path = CLIP, seconds: float = CLIP_SECONDS) -> bytes:
    """The clip at ``path`` with silence after it up to ``seconds``, as OGG/Opus."""
    samples, rate = soundfile.read(path, dtype="float32", always_2d=False)
    if samples.ndim > 1:
        samples = samples.mean(axis=1)
    missing = max(0, int(seconds * rate) - len(samples))
    audio = np.concatenate([samples, np.zeros(missing, dtype=np.float32)])
    out = io.BytesIO()
    soundfile.write(out, audio, rate, format="OGG", subtype="OPUS")
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class Latencies:
    """Seconds from each message to its reply."""

    seconds: list[float]

    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    def p95(self) -> float:
        ordered = sorted(self.seconds)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def line(self, name: str) -> str:
        return (
            f"  {name:<42} median {self.median() * 1000:7.0f} ms   "
            f"p95 {self.p95() * 1000:7.0f} ms   ({len(self.seconds)} replies)"
        )


@dataclass(frozen=True, slots=True)
class VoiceResult:
    """One run: the voice notes' latencies and what they were heard as, and the typed
    reports' latencies with and without the voice notes."""

    voice: Latencies
    heard_right: int
    typed_with_voice: Latencies
    typed_alone: Latencies


def people(count: int, first_id: int, name: str) -> list[StandInUser]:
    return [StandInUser(id=first_id + n, first_name=f"{name}{n}") for n in range(count)]


def typed_report(n: int) -> str:
    left = 8 + n % 3
    return f"humps left {left} right 10"


async def stream(
    standin: BotApiStandIn,
    bot: BotProcess,
    watch: Stopwatch,
    typers: Sequence[StandInUser],
    seconds: float,
    speakers: Sequence[StandInUser] = (),
    notes: int = 0,
    clip: bytes = b"",
) -> None:
    """Typed reports every TEXT_INTERVAL for ``seconds`` and, alongside, ``notes`` voice
    notes every NOTE_INTERVAL, each at its planned moment (no drift); then wait for every
    reply."""
    start = time.perf_counter()
    plan: list[tuple[float, StandInUser, str | None]] = [
        (n * TEXT_INTERVAL, typers[n % len(typers)], typed_report(n))
        for n in range(int(seconds / TEXT_INTERVAL))
    ]
    plan += [(n * NOTE_INTERVAL, speakers[n % len(speakers)], None) for n in range(notes)]
    plan.sort(key=lambda item: item[0])
    for at, user, text in plan:
        delay = start + at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        bot.check_alive()
        if text is None:
            watch.pushed(user.chat_id, "voice")
            standin.send_voice(user, int(CLIP_SECONDS), clip)
        else:
            watch.pushed(user.chat_id, text)
            standin.send_text(user, text)
    expected = len(plan)
    await until(standin, bot, lambda: len(watch.latencies) >= expected, REPLY_TIMEOUT)


async def measure(
    standin: BotApiStandIn,
    bot: BotProcess,
    typers: Sequence[StandInUser],
    seconds: float,
    speakers: Sequence[StandInUser] = (),
    notes: int = 0,
    clip: bytes = b"",
) -> tuple[list[tuple[str, str, float]], Stopwatch]:
    """One stream; each (message, reply, latency)."""
    watch = Stopwatch()
    standin.listeners.append(watch.on_message)
    try:
        await stream(standin, bot, watch, typers, seconds, speakers, notes, clip)
    finally:
        standin.listeners.remove(watch.on_message)
    exchanges = [
        (sent, reply, latency)
        for (sent, reply), latency in zip(watch.exchanges, watch.latencies, strict=True)
    ]
    return exchanges, watch


async def run(
    notes: int = NOTES, voice_runners: int = VOICE_RUNNERS, text_runners: int = TEXT_RUNNERS
) -> VoiceResult:
    clip = padded_clip()
    speakers = people(voice_runners, FIRST_VOICE_ID, "Speaker")
    typers = people(text_runners, FIRST_TEXT_ID, "Typer")
    seconds = notes * NOTE_INTERVAL
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        async with BotApiStandIn(token=TOKEN) as standin:
            env = coach_env(standin.base_url, f"sqlite+aiosqlite:///{folder / 'bench.db'}")
            async with bot_process("the coach", ["-m", "bot", "run"], folder, env) as bot:
                for user in [*speakers, *typers]:  # untimed: a warm-up open for each
                    standin.send_text(user, "/warmup")
                await until_polling(standin, bot, len(speakers) + len(typers))
                standin.send_voice(speakers[0], int(CLIP_SECONDS), clip)  # untimed: warm
                await until(
                    standin,
                    bot,
                    lambda: len(standin.messages_to(speakers[0])) >= 2,
                    REPLY_TIMEOUT,
                )
                alone, _ = await measure(standin, bot, typers, seconds)
                loaded, _ = await measure(standin, bot, typers, seconds, speakers, notes, clip)
    voice = [(reply, latency) for sent, reply, latency in loaded if sent == "voice"]
    return VoiceResult(
        voice=Latencies([latency for _, latency in voice]),
        heard_right=sum(HEARD in reply and EXPECTED in reply for reply, _ in voice),
        typed_with_voice=Latencies([lat for sent, _, lat in loaded if sent != "voice"]),
        typed_alone=Latencies([lat for _, _, lat in alone]),
    )


async def main(
    notes: int = NOTES, voice_runners: int = VOICE_RUNNERS, text_runners: int = TEXT_RUNNERS
) -> VoiceResult:
    print(
        f"voice notes: {notes} notes of {CLIP_SECONDS:.0f} s from {voice_runners} runners "
        f"(one every {NOTE_INTERVAL:g} s) while {text_runners} other runners type reports "
        f"(one every {TEXT_INTERVAL:g} s), the coach as `python -m bot run` against the "
        f"loopback stand-in, {default_workers()} speech worker(s) (sized to this machine)"
    )
    result = await run(notes, voice_runners, text_runners)
    print(result.voice.line('voice note -> "I heard"'))
    print(f"  heard as {EXPECTED}: {result.heard_right}/{len(result.voice.seconds)}")
    print(result.typed_with_voice.line("typed reports, voice notes alongside"))
    print(result.typed_alone.line("typed reports alone (baseline)"))
    return result


if __name__ == "__main__":
    run_from_command_line(main, 3)
