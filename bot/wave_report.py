"""What one delivery wave did (bot/scheduler.py): its outcomes counted, its claims, its
errors and the rows its pacer deferred, worded for the wave's log line; and the
operator's warning when a wave is over capacity."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from library.deliveries import Outcome
from library.waves import WavePlan

_LOGGER = logging.getLogger("bot.scheduler")


@dataclass(slots=True)
class WaveReport:
    """What one wave did: outcomes counted, and how many claim queries it ran."""

    outcomes: Counter[Outcome] = field(default_factory=Counter)
    claims: int = 0
    errors: int = 0
    deferred: int = 0  # turned away by the pacer after a stall: handed back, due now

    @property
    def handled(self) -> int:
        return sum(self.outcomes.values()) + self.errors

    def tally(self, batches: Sequence[list[Outcome | None] | BaseException]) -> None:
        """Count the batches' outcomes (None, or a batch that failed: an error)."""
        for result in batches:
            if isinstance(result, BaseException):
                _LOGGER.error("delivery batch failed", exc_info=result)
                self.errors += 1
                continue
            for outcome in result:
                if outcome is None:
                    self.errors += 1
                else:
                    self.outcomes[outcome] += 1

    def __str__(self) -> str:
        counted = ", ".join(f"{k}={v}" for k, v in sorted(self.outcomes.items())) or "-"
        return counted + (f" (slots missed, sent later: {self.deferred})" if self.deferred else "")


@dataclass(slots=True)
class OverflowWarnings:
    """One warning per wave over capacity, with its numbers, for the operator."""

    _warned: dict[tuple[datetime, datetime], datetime] = field(default_factory=dict)

    def warn(self, wave: WavePlan, send_rate: float) -> None:
        """Log the overflows of ``wave`` (planned at ``send_rate``) not logged yet."""
        self._warned = {key: closes for key, closes in self._warned.items() if closes > wave.now}
        for overflow in wave.overflows:
            key = (overflow.due, overflow.closes)
            if key in self._warned:
                continue
            self._warned[key] = overflow.closes
            _LOGGER.warning(
                "warm-up wave over capacity: %d due at %s, window closing %s; at %.1f msg/s "
                "%d fit in the window, %d will be late and %d missed (raise "
                "TELEGRAM_RATE_LIMIT or spread the runs)",
                overflow.count,
                f"{overflow.due:%Y-%m-%d %H:%M:%S}Z",
                f"{overflow.closes:%H:%M:%S}Z",
                send_rate,
                overflow.fits,
                overflow.count - overflow.fits - overflow.missed,
                overflow.missed,
            )
