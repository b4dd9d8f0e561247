"""The offline speech recognizer for voice-note rep reports (work in progress: the
interface is final, the decoding follows)."""

from __future__ import annotations

import os

from library.exercises import ExerciseCatalog
from library.voice import Heard, HeardProblem


def default_workers() -> int:
    """Decoder processes for this machine: one core is left to the event loop."""
    return max(1, (os.cpu_count() or 1) - 1)


class SpeechRecognizer:
    """Turns a voice note's OGG/Opus bytes into the words of a report, off the event loop."""

    def __init__(self, catalog: ExerciseCatalog, *, workers: int, max_seconds: float) -> None:
        self._catalog = catalog
        self._workers = workers
        self._max_seconds = max_seconds

    async def start(self) -> None:
        """Start the worker pool and load a decoder in each worker."""

    async def transcribe(self, audio: bytes) -> Heard:
        """What the note says; never raises for bad input (a Heard with a problem)."""
        return Heard(None, HeardProblem.UNCLEAR)

    async def close(self) -> None:
        """Stop the workers."""
