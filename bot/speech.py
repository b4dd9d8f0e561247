"""The offline speech recognizer for voice-note rep reports: a Telegram voice note's
OGG/Opus bytes in, the words of a report out (``library.voice.Heard``), on the bot's own
machine.

Each worker process of a pool holds one PocketSphinx decoder (the US English acoustic
model and dictionary shipped in its wheel) with two searches: the report grammar of
``library.voice.grammar`` and a free phone loop. A note is decoded by soundfile
(libsndfile with Opus), mixed to mono, resampled to the model's 16 kHz with numpy, and
checked for sound before it is decoded. The grammar search always finds some report,
even in music or another language, so the note is also decoded as free phones: speech
the grammar fits scores about as well per frame as the phone loop (often better: the
loop pays for each phone it inserts), other speech clearly worse (``UNCLEAR_MARGIN``);
and the grammar's words must take up most of the sound, not its silence and noise
fillers, which swallow music and noise (``MIN_COVERED``). Both thresholds were measured
on the clips of tests/data/voice (``python -m benchmarks.bench_speech`` prints them).

Decoding runs in the pool, off the event loop; numpy, soundfile and pocketsphinx are
imported in the workers only, so the bot's start-up does not wait for them. The workers
are spawned (never forked from the running event loop), so a script that starts a
recognizer needs the ``if __name__ == "__main__":`` guard, as the bot's entry points have.
"""

from __future__ import annotations

import asyncio
import io
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from library.exercises import ExerciseCatalog
from library.voice import Heard, HeardProblem, grammar, grammar_words, heard_text, pronunciation

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

log = logging.getLogger(__name__)

RATE = 16_000  # what the acoustic model was trained on
FRAME_SECONDS = 0.02  # the loudness check's frame
LOUD = 10 ** (-45 / 20)  # a frame louder than -45 dBFS (RMS) has sound in it
MIN_SOUND_SECONDS = 0.3  # less sound than this holds no report
# Grammar score minus phone-loop score, per 10 ms frame (PocketSphinx's log base
# 1.0001, scaled): the report clips score -6 and above, German and Russian speech -14
# and below. See the module doc.
UNCLEAR_MARGIN = -10.0
# The share of the note's sound that the grammar's words (not its silence and noise
# fillers) take up: all of it in a report, a few hundredths in music or noise.
MIN_COVERED = 0.5
WORD_INSERTION = 0.05

PARENT_CHECK_SECONDS = 0.5  # how soon a worker notices its parent is gone

GRAMMAR_SEARCH = "report"
PHONES_SEARCH = "phones"

# The worker's decoder (one per process, built by the pool's initializer).
_decoder: Any = None


def default_workers() -> int:
    """Decoder processes for this machine: one core is left to the event loop (and the
    database), at least one worker."""
    return max(1, (os.cpu_count() or 1) - 1)


class SpeechRecognizer:
    """Turns a voice note's OGG/Opus bytes into the words of a report, in a pool of
    ``workers`` processes; notes longer than ``max_seconds`` are refused undecoded."""

    def __init__(self, catalog: ExerciseCatalog, *, workers: int, max_seconds: float) -> None:
        self._grammar = grammar(catalog)
        self._words = tuple(sorted(grammar_words(catalog)))
        self._workers = max(1, workers)
        self._max_seconds = max_seconds
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker,
                initargs=(self._grammar, self._words, os.getpid()),
            )
        return self._pool

    async def start(self) -> None:
        """Start the worker pool and load a decoder in each worker (at start-up, so the
        first voice note does not wait for it)."""
        loop = asyncio.get_running_loop()
        pool = self._executor()
        # Tasks submitted together while no worker is idle start a worker each.
        await asyncio.gather(
            *(loop.run_in_executor(pool, _ready, 0.05) for _ in range(self._workers))
        )

    async def transcribe(self, audio: bytes) -> Heard:
        """What the note says; never raises for bad input (a Heard with a problem)."""
        loop = asyncio.get_running_loop()
        try:
            found = await loop.run_in_executor(
                self._executor(), _transcribe, audio, self._max_seconds
            )
        except BrokenProcessPool:
            log.exception("a speech worker died; starting a new pool")
            await self._restart()
            return Heard(None, HeardProblem.UNCLEAR)
        except Exception:
            log.exception("a voice note could not be transcribed")
            return Heard(None, HeardProblem.UNCLEAR)
        return Heard(found.text, found.problem, found.seconds)

    async def _restart(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(_shut_down, pool)

    async def close(self) -> None:
        """Stop the workers."""
        await self._restart()


def _shut_down(pool: Executor) -> None:
    pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------- in the workers


def start_worker(grammar_text: str, words: tuple[str, ...], parent: int | None = None) -> None:
    """Build this process's decoder (the pool's initializer; the benchmark calls it to
    listen in its own process): the model, the dictionary with the grammar's words it
    lacks, the report grammar and the phone loop. With the ``parent`` pid, the worker
    also ends itself when that process is gone (:func:`_follow_parent`)."""
    global _decoder
    if parent is not None:
        threading.Thread(
            target=_follow_parent, args=(parent,), name="speech-parent-watch", daemon=True
        ).start()
    from pocketsphinx import Decoder, get_model_path  # type: ignore[import-untyped]

    model = os.path.join(get_model_path(), "en-us")
    decoder = Decoder(
        hmm=os.path.join(model, "en-us"),
        dict=os.path.join(model, "cmudict-en-us.dict"),
        lm=None,
        bestpath=False,  # the forward pass is enough for a grammar, and many times faster
        # A low word insertion penalty: "twenty, twenty" is not "twenty eight twenty".
        wip=WORD_INSERTION,
        loglevel="FATAL",
    )
    for word in words:
        if decoder.lookup_word(word) is None:
            for index, phones in enumerate(pronunciation(word)):
                decoder.add_word(word if index == 0 else f"{word}({index + 1})", phones, False)
    decoder.add_jsgf_string(GRAMMAR_SEARCH, grammar_text)
    decoder.add_allphone_file(PHONES_SEARCH, os.path.join(model, "en-us-phone.lm.bin"))
    _decoder = decoder


def _follow_parent(parent: int) -> None:
    """End this worker once its parent is gone. A pool's worker waits on a queue whose
    other end it holds itself, so a parent killed with SIGKILL (a crash, ``kill -9``)
    would leave it waiting for ever, holding the bot's stderr and its memory; the
    parent's death shows as this process being handed to another parent."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _ready(seconds: float) -> int:
    """A warm-up task: the worker is started (its decoder built) once this returns."""
    import time

    time.sleep(seconds)
    return os.getpid()


@dataclass(frozen=True, slots=True)
class Listening:
    """A note as a worker heard it, with the measures behind the verdict (for the
    benchmark): the grammar's score against the phone loop per frame, and the share of
    the sound the grammar's words take up."""

    text: str | None
    problem: HeardProblem | None
    seconds: float
    margin: float = float("-inf")
    covered: float = 0.0


def _transcribe(audio: bytes, max_seconds: float) -> Listening:
    """:func:`listen` in a worker of the pool; any failure of the decoder is unclear."""
    try:
        return listen(audio, max_seconds)
    except Exception:  # one bad note must not take the worker down
        logging.getLogger(__name__).exception("a voice note could not be decoded")
        return Listening(None, HeardProblem.UNCLEAR, 0.0)


def listen(audio: bytes, max_seconds: float) -> Listening:
    """What a note says, in a process whose decoder :func:`start_worker` built: refused
    unread when longer than ``max_seconds``, unreadable when it is not audio, silence
    with too little sound, unclear when the grammar fits it badly."""
    import numpy as np
    import soundfile  # type: ignore[import-untyped]

    try:
        info = soundfile.info(io.BytesIO(audio))
        seconds = info.frames / info.samplerate if info.samplerate else 0.0
        if seconds > max_seconds:
            return Listening(None, HeardProblem.TOO_LONG, seconds)
        samples, rate = soundfile.read(io.BytesIO(audio), dtype="float32", always_2d=True)
    except (soundfile.SoundFileError, RuntimeError, ValueError, TypeError, EOFError):
        return Listening(None, HeardProblem.UNREADABLE, 0.0)
    if samples.size == 0 or rate <= 0:
        return Listening(None, HeardProblem.SILENCE, seconds)
    mono = resample(samples.mean(axis=1), rate, RATE)
    if sound_seconds(mono, RATE) < MIN_SOUND_SECONDS:
        return Listening(None, HeardProblem.SILENCE, seconds)
    pcm = (np.clip(mono, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    text, margin, covered = decode(pcm)
    if text is None or margin < UNCLEAR_MARGIN or covered < MIN_COVERED:
        return Listening(None, HeardProblem.UNCLEAR, seconds, margin, covered)
    return Listening(text, None, seconds, margin, covered)


def decode(pcm: bytes) -> tuple[str | None, float, float]:
    """In this worker, for 16 kHz 16-bit mono ``pcm``: the grammar's words, how much
    better the grammar scored than the free phone loop per frame, and the share of the
    sound the words take up (None, -inf and 0 when the grammar reached no end)."""
    decoder = _decoder
    if decoder is None:
        raise RuntimeError("the speech worker was not started")
    grammar_score, segments, frames = _search(decoder, GRAMMAR_SEARCH, pcm)
    words = [(word, start, end) for word, start, end in segments if heard_text([word])]
    if grammar_score is None or not words:
        return None, float("-inf"), 0.0
    phones_score = _search(decoder, PHONES_SEARCH, pcm)[0]
    margin = float("inf") if phones_score is None else (grammar_score - phones_score) / frames
    loud = _loud_frames(pcm, frames)
    inside = [False] * frames
    for _, start, end in words:
        inside[max(0, start) : end + 1] = [True] * (end + 1 - max(0, start))
    covered = sum(1 for index in loud if inside[index]) / max(1, len(loud))
    return heard_text(word for word, _, _ in words) or None, margin, covered


def _search(
    decoder: Any, search: str, pcm: bytes
) -> tuple[float | None, list[tuple[str, int, int]], int]:
    """One pass of ``search`` over ``pcm``: its score (None with no result), its word
    segments (word, first frame, last frame) and the number of frames."""
    decoder.activate_search(search)
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    frames = max(1, decoder.n_frames())
    if hypothesis is None or hypothesis.score <= 0:
        return None, [], frames
    score = float(decoder.get_logmath().log(hypothesis.score))
    segments = [(segment.word, segment.start_frame, segment.end_frame) for segment in decoder.seg()]
    return score, segments, frames


def _loud_frames(pcm: bytes, frames: int) -> list[int]:
    """The indexes of the decoder's 10 ms frames that are louder than ``LOUD``."""
    import numpy as np

    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64) / 32768
    size = RATE // 100
    count = min(frames, len(samples) // size)
    if count == 0:
        return []
    rms = np.sqrt(np.mean(samples[: count * size].reshape(count, size) ** 2, axis=1))
    return [int(index) for index in np.flatnonzero(rms > LOUD)]


def sound_seconds(samples: npt.NDArray[np.floating[Any]], rate: int) -> float:
    """How long ``samples`` are louder than ``LOUD`` (RMS over 20 ms frames)."""
    import numpy as np

    size = max(1, int(rate * FRAME_SECONDS))
    count = len(samples) // size
    if count == 0:
        return 0.0
    frames = np.asarray(samples[: count * size], dtype=np.float64).reshape(count, size)
    loud = np.sqrt(np.mean(frames**2, axis=1)) > LOUD
    return float(np.count_nonzero(loud)) * FRAME_SECONDS


def resample(
    samples: npt.NDArray[np.floating[Any]], rate: int, target: int
) -> npt.NDArray[np.float64]:
    """``samples`` at ``rate`` Hz as ``target`` Hz: low-pass below the lower Nyquist
    frequency (a Hann-windowed sinc), then every ``rate // target``-th sample when the
    rates divide (48 kHz → 16 kHz, Telegram's case), else windowed-sinc interpolation at
    each output instant."""
    import numpy as np

    signal = np.asarray(samples, dtype=np.float64)
    if rate == target or len(signal) == 0:
        return signal
    cutoff = 0.5 * min(rate, target) / rate * 0.92  # in cycles per input sample
    half = int(np.ceil(8 / cutoff)) if cutoff < 0.5 else 16
    if rate % target == 0:
        taps = np.arange(-half, half + 1)
        kernel = 2 * cutoff * np.sinc(2 * cutoff * taps) * np.hanning(2 * half + 3)[1:-1]
        filtered = np.convolve(signal, kernel / kernel.sum(), mode="same")
        return np.asarray(filtered[:: rate // target], dtype=np.float64)
    count = int(len(signal) * target / rate)
    out = np.empty(count)
    offsets = np.arange(-half, half + 1)
    padded = np.concatenate([np.zeros(half), signal, np.zeros(half + 1)])
    chunk = 8192
    for start in range(0, count, chunk):
        instants = np.arange(start, min(count, start + chunk)) * (rate / target)
        base = np.floor(instants).astype(np.int64)
        positions = base[:, None] + offsets[None, :]
        distance = instants[:, None] - positions
        window = 0.5 + 0.5 * np.cos(np.pi * np.clip(distance / (half + 1), -1, 1))
        weights = 2 * cutoff * np.sinc(2 * cutoff * distance) * window
        weights /= weights.sum(axis=1, keepdims=True)
        out[start : start + len(instants)] = np.sum(padded[positions + half] * weights, axis=1)
    return out
