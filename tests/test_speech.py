"""The speech recognizer (bot/speech.py) over the voice clips of tests/data/voice: each
report clip is heard as words that parse to its report, each problem clip gets its
problem, and the recognizer's pool never raises for bad input.

The clips are listed in tests/data/voice/clips.toml (made by scripts/make_voice_clips.py).
Most tests decode in this process (one decoder for the module); one runs the real pool.
"""

from __future__ import annotations

import asyncio
import io
import math
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile  # type: ignore[import-untyped]

from bot import speech
from bot.speech import SpeechRecognizer, default_workers, listen, resample
from library.exercises import ExerciseCatalog
from library.matcher import ExerciseMatcher
from library.reports import parse_report
from library.training import Leg
from library.voice import Heard, HeardProblem, grammar, grammar_words

VOICE = Path(__file__).parent / "data" / "voice"
CLIPS: dict[str, list[dict[str, Any]]] = tomllib.loads(
    (VOICE / "clips.toml").read_text(encoding="utf-8")
)
REPORTS = CLIPS["report"]
PROBLEMS = CLIPS["problem"]
LIMIT = 30.0  # seconds: the bot's default VOICE_MAX_SECONDS


@pytest.fixture(scope="module")
def decoder(catalog: ExerciseCatalog) -> Iterator[None]:
    """This process's decoder, as a worker of the pool builds it."""
    speech.start_worker(grammar(catalog), tuple(sorted(grammar_words(catalog))))
    yield
    speech._decoder = None


def expected_sets(clip: dict[str, Any]) -> dict[Leg, tuple[int, ...]]:
    if "both" in clip:
        return {Leg.BOTH: tuple(clip["both"])}
    return {Leg.LEFT: tuple(clip["left"]), Leg.RIGHT: tuple(clip["right"])}


def test_the_clips_are_many_voices_and_small() -> None:
    assert len(REPORTS) >= 15
    assert len({clip["voice"] for clip in REPORTS}) >= 6
    assert {clip["problem"] for clip in PROBLEMS} >= {"silence", "unclear", "unreadable"}
    assert sum(path.stat().st_size for path in VOICE.iterdir()) < 1_000_000
    for clip in REPORTS:
        info = soundfile.info(VOICE / clip["file"])
        assert (info.format, info.subtype, info.samplerate, info.channels) == (
            "OGG",
            "OPUS",
            48_000,
            1,
        )


@pytest.mark.parametrize("clip", REPORTS, ids=[clip["file"] for clip in REPORTS])
def test_a_report_clip_is_heard_as_its_report(
    decoder: None, catalog: ExerciseCatalog, clip: dict[str, Any]
) -> None:
    heard = listen((VOICE / clip["file"]).read_bytes(), LIMIT)
    assert heard.problem is None, (heard.margin, heard.covered)
    assert heard.text is not None
    report = parse_report(heard.text, ExerciseMatcher(catalog))
    assert report is not None, heard.text
    assert dict(report.sets) == expected_sets(clip), heard.text
    assert report.problem is None
    named = [exercise.id for exercise in report.named]
    assert named == ([clip["exercise"]] if clip["exercise"] else []), heard.text
    assert 1.0 < heard.seconds < 8.0


@pytest.mark.parametrize("clip", PROBLEMS, ids=[clip["file"] for clip in PROBLEMS])
def test_a_problem_clip_gets_its_problem(decoder: None, clip: dict[str, Any]) -> None:
    heard = listen((VOICE / clip["file"]).read_bytes(), LIMIT)
    assert heard.text is None
    assert heard.problem is HeardProblem(clip["problem"])


def ogg(samples: np.ndarray[Any, Any], rate: int = 48_000) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, samples, rate, format="OGG", subtype="OPUS", compression_level=0.9)
    return buffer.getvalue()


def test_a_long_note_is_refused_unread(decoder: None) -> None:
    # Two minutes and ten seconds of tones: longer than the limit, never decoded.
    seconds = np.arange(48_000 * 130) / 48_000
    long_note = ogg(0.2 * np.sin(2 * np.pi * 440 * seconds))
    heard = listen(long_note, LIMIT)
    assert heard.problem is HeardProblem.TOO_LONG
    assert heard.text is None
    assert heard.seconds == pytest.approx(130, abs=0.1)
    assert listen((VOICE / REPORTS[0]["file"]).read_bytes(), 1.0).problem is (HeardProblem.TOO_LONG)


@pytest.mark.parametrize(
    "audio",
    [b"", b"OggS" + bytes(200), b"\x89PNG\r\n\x1a\n" + bytes(64), "zwölf".encode()],
    ids=["empty", "broken-ogg", "png", "text"],
)
def test_bytes_that_are_no_audio_are_unreadable(decoder: None, audio: bytes) -> None:
    assert listen(audio, LIMIT).problem is HeardProblem.UNREADABLE


def test_a_wav_at_another_rate_is_heard_too(decoder: None, catalog: ExerciseCatalog) -> None:
    samples, rate = soundfile.read(VOICE / "twelve_each_slt.ogg")
    buffer = io.BytesIO()
    soundfile.write(buffer, resample(samples, rate, 22_050), 22_050, format="WAV")
    heard = listen(buffer.getvalue(), LIMIT)
    assert heard.text == "twelve each"


def test_every_grammar_word_has_a_pronunciation(decoder: None, catalog: ExerciseCatalog) -> None:
    for word in grammar_words(catalog):
        assert speech._decoder.lookup_word(word), word


def tone(frequency: float, rate: int, seconds: float = 0.5) -> np.ndarray[Any, Any]:
    return np.asarray(np.sin(2 * np.pi * frequency * np.arange(int(rate * seconds)) / rate))


def peak(samples: np.ndarray[Any, Any], rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[np.argmax(spectrum)])


@pytest.mark.parametrize(("rate", "target"), [(48_000, 16_000), (22_050, 16_000), (16_000, 48_000)])
def test_resampling_keeps_a_tone_and_its_length(rate: int, target: int) -> None:
    out = resample(tone(1_000, rate), rate, target)
    assert len(out) == pytest.approx(target * 0.5, abs=2)
    assert peak(out, target) == pytest.approx(1_000, abs=5)
    middle = out[len(out) // 4 : -len(out) // 4]
    assert math.sqrt(float(np.mean(middle**2))) == pytest.approx(math.sqrt(0.5), rel=0.02)


def test_resampling_down_removes_what_the_lower_rate_cannot_hold() -> None:
    # 12 kHz is above 16 kHz audio's 8 kHz: it must not fold back as a 4 kHz tone.
    out = resample(tone(12_000, 48_000), 48_000, 16_000)
    assert math.sqrt(float(np.mean(out[200:-200] ** 2))) < 0.01
    out = resample(tone(12_000, 44_100), 44_100, 16_000)
    assert math.sqrt(float(np.mean(out[200:-200] ** 2))) < 0.01


def test_the_heavy_libraries_load_in_the_workers_only() -> None:
    code = (
        "import sys, bot.speech; "
        "print(sorted({'numpy', 'soundfile', 'pocketsphinx'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_workers_are_sized_to_the_machine() -> None:
    assert 1 <= default_workers() <= max(1, os.cpu_count() or 1)


async def test_the_pool_transcribes_notes_side_by_side_and_never_raises(
    catalog: ExerciseCatalog,
) -> None:
    recognizer = SpeechRecognizer(catalog, workers=2, max_seconds=4.0)
    try:
        await recognizer.start()
        files = ["left12_right15_kal.ogg", "twelve_each_slt.ogg", "silence.ogg", "beat.ogg"]
        notes = [(VOICE / name).read_bytes() for name in files]
        heard = await asyncio.gather(
            *(recognizer.transcribe(note) for note in notes),
            recognizer.transcribe(b"not a voice note"),
            recognizer.transcribe((VOICE / "humps_l10x2_r12x2_rms.ogg").read_bytes()),
        )
    finally:
        await recognizer.close()
    assert [(item.text, item.problem) for item in heard] == [
        ("left twelve right fifteen", None),
        ("twelve each", None),
        (None, HeardProblem.SILENCE),
        (None, HeardProblem.UNCLEAR),
        (None, HeardProblem.UNREADABLE),
        (None, HeardProblem.TOO_LONG),  # 4.8 s, over this recognizer's 4 s
    ]
    assert all(isinstance(item, Heard) for item in heard)
    assert heard[0].seconds == pytest.approx(2.5, abs=0.3)


WORKERS_OF_A_KILLED_PARENT = """
import asyncio, sys
from bot.application import load_catalog
from bot.speech import SpeechRecognizer

async def main() -> None:
    recognizer = SpeechRecognizer(load_catalog(), workers=2, max_seconds=30)
    await recognizer.start()
    print(*recognizer._executor()._processes, flush=True)
    await asyncio.sleep(600)

if __name__ == "__main__":
    asyncio.run(main())
"""


def test_the_workers_end_when_the_bot_is_killed(tmp_path: Path) -> None:
    """A bot killed with SIGKILL leaves no speech worker behind: a pool's worker waits on a
    queue it holds both ends of, so without its watch it would wait for ever (holding the
    bot's stderr open, and its memory)."""
    script = tmp_path / "parent.py"
    script.write_text(WORKERS_OF_A_KILLED_PARENT)
    env = os.environ | {"PYTHONPATH": str(Path(__file__).parents[1])}
    with subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env
    ) as parent:
        assert parent.stdout is not None
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2
        assert all(_alive(pid) for pid in workers)
        parent.kill()
    deadline = 50  # tenths of a second
    while deadline and any(_alive(pid) for pid in workers):
        deadline -= 1
        subprocess.run(["sleep", "0.1"], check=True)
    assert not any(_alive(pid) for pid in workers)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its reaper counts as gone)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"
